from django.db import migrations, models

# The first-generation klanten filters on new-model columns that have no index of their own
# (spec §1 "every filter is index-backed"): organisatie naam (bedrijfsnaam) and the bezoekadres
# straatnaam / postcode / stad (adres__*). Created here, by the layer that needs them.
INDEXES = {
    "kic_organisatie_naam": ("partijen_organisatie", "naam"),
    "kic_partij_bzk_straatnaam": ("partijen_partij", "bezoekadres_straatnaam"),
    "kic_partij_bzk_postcode": ("partijen_partij", "bezoekadres_postcode"),
    "kic_partij_bzk_stad": ("partijen_partij", "bezoekadres_stad"),
}


class Migration(migrations.Migration):
    dependencies = [
        ("kic_compat", "0002_contactmomenten"),
        ("partijen", "0003_history"),
    ]

    operations = [
        migrations.AlterField(
            model_name="klantextensie",
            name="klantnummer",
            field=models.CharField(db_index=True, max_length=10),
        ),
        *[
            migrations.RunSQL(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ("{column}")',
                f'DROP INDEX IF EXISTS "{name}"',
            )
            for name, (table, column) in INDEXES.items()
        ],
    ]
