import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_apiclient_kic_scopes_jwt_secret"),
        ("kic_compat", "0003_klantnummer_and_filter_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="KicIdempotentie",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sleutel", models.CharField(max_length=255)),
                ("pad", models.CharField(max_length=200)),
                ("aangemaakt", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("antwoord", models.JSONField()),
                (
                    "api_client",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="core.apiclient",
                    ),
                ),
            ],
            options={
                "verbose_name": "idempotency key (eerste generatie)",
                "verbose_name_plural": "idempotency keys (eerste generatie)",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("api_client", "sleutel"), name="kic_idempotentie_uniek"
                    )
                ],
            },
        ),
    ]
