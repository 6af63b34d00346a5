import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("kic_compat", "0004_idempotentie"),
    ]

    operations = [
        migrations.CreateModel(
            name="Verzoek",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("identificatie", models.CharField(blank=True, db_index=True, max_length=40)),
                ("bronorganisatie", models.CharField(db_index=True, max_length=9)),
                (
                    "externe_identificatie",
                    models.CharField(blank=True, db_index=True, max_length=40),
                ),
                (
                    "registratiedatum",
                    models.DateTimeField(db_index=True, default=django.utils.timezone.now),
                ),
                ("voorkeurskanaal", models.CharField(blank=True, db_index=True, max_length=50)),
                ("tekst", models.TextField(blank=True)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("ontvangen", "Ontvangen"),
                            ("in_behandeling", "In behandeling"),
                            ("afgehandeld", "Afgehandeld"),
                            ("afgewezen", "Afgewezen"),
                            ("ingetrokken", "Ingetrokken"),
                        ],
                        db_index=True,
                        max_length=14,
                    ),
                ),
                (
                    "aangevulde_verzoek",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="aanvullende_verzoek",
                        to="kic_compat.verzoek",
                    ),
                ),
                (
                    "in_te_trekken_verzoek",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="intrekkende_verzoek",
                        to="kic_compat.verzoek",
                    ),
                ),
            ],
            options={
                "verbose_name": "verzoek",
                "verbose_name_plural": "verzoeken",
            },
        ),
        migrations.CreateModel(
            name="ObjectVerzoek",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("object", models.CharField(db_index=True, max_length=1000)),
                (
                    "object_type",
                    models.CharField(choices=[("zaak", "Zaak")], db_index=True, max_length=20),
                ),
                (
                    "verzoek",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="objectverzoeken",
                        to="kic_compat.verzoek",
                    ),
                ),
            ],
            options={
                "verbose_name": "object-verzoek",
                "verbose_name_plural": "object-verzoeken",
            },
        ),
        migrations.CreateModel(
            name="KlantVerzoek",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("klant", models.CharField(db_index=True, max_length=1000)),
                (
                    "rol",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("belanghebbende", "Belanghebbende"),
                            ("initiator", "Initiator"),
                            ("mede_initiator", "Mede-initiator"),
                        ],
                        max_length=14,
                    ),
                ),
                (
                    "indicatie_machtiging",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("gemachtigde", "Gemachtigde"),
                            ("machtiginggever", "Machtiginggever"),
                        ],
                        max_length=15,
                    ),
                ),
                (
                    "verzoek",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="klantverzoeken",
                        to="kic_compat.verzoek",
                    ),
                ),
            ],
            options={
                "verbose_name": "klant-verzoek",
                "verbose_name_plural": "klant-verzoeken",
            },
        ),
        migrations.CreateModel(
            name="VerzoekContactMoment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("contactmoment", models.CharField(db_index=True, max_length=1000)),
                (
                    "verzoek",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="verzoekcontactmomenten",
                        to="kic_compat.verzoek",
                    ),
                ),
            ],
            options={
                "verbose_name": "verzoek-contactmoment",
                "verbose_name_plural": "verzoek-contactmomenten",
            },
        ),
        migrations.CreateModel(
            name="VerzoekInformatieObject",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("informatieobject", models.CharField(db_index=True, max_length=1000)),
                ("drc_oio_url", models.CharField(blank=True, max_length=1000)),
                (
                    "mirror_state",
                    models.CharField(
                        choices=[
                            ("pending", "Wacht op levering"),
                            ("done", "Gespiegeld"),
                            ("failed", "Mislukt"),
                        ],
                        db_index=True,
                        default="pending",
                        max_length=7,
                    ),
                ),
                ("mirror_attempts", models.PositiveIntegerField(default=0)),
                ("mirror_last_error", models.TextField(blank=True)),
                ("mirror_updated_at", models.DateTimeField(blank=True, null=True)),
                (
                    "verzoek",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="verzoekinformatieobjecten",
                        to="kic_compat.verzoek",
                    ),
                ),
            ],
            options={
                "verbose_name": "verzoek-informatieobject",
                "verbose_name_plural": "verzoek-informatieobjecten",
            },
        ),
        migrations.CreateModel(
            name="VerzoekProduct",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("product", models.CharField(blank=True, db_index=True, max_length=1000)),
                ("product_code", models.CharField(blank=True, db_index=True, max_length=20)),
                (
                    "verzoek",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="verzoekproducten",
                        to="kic_compat.verzoek",
                    ),
                ),
            ],
            options={
                "verbose_name": "verzoek-product",
                "verbose_name_plural": "verzoek-producten",
            },
        ),
        migrations.AddIndex(
            model_name="verzoek",
            index=models.Index(
                django.db.models.functions.text.MD5("tekst"), name="kic_verzoek_tekst_md5"
            ),
        ),
        migrations.AddConstraint(
            model_name="verzoek",
            constraint=models.UniqueConstraint(
                fields=("bronorganisatie", "identificatie"),
                name="kic_verzoek_identificatie_uniek",
                violation_error_code="identificatie-niet-uniek",
                violation_error_message="De identificatie is niet uniek binnen de bronorganisatie.",
            ),
        ),
        migrations.AddConstraint(
            model_name="objectverzoek",
            constraint=models.UniqueConstraint(
                fields=("verzoek", "object"),
                name="kic_objectverzoek_uniek",
                violation_error_code="unique",
                violation_error_message="De velden verzoek, object moeten een unieke set zijn.",
            ),
        ),
        migrations.AddConstraint(
            model_name="klantverzoek",
            constraint=models.UniqueConstraint(
                fields=("klant", "verzoek", "rol"),
                name="kic_klantverzoek_uniek",
                violation_error_code="unique",
                violation_error_message="De velden klant, verzoek, rol moeten een unieke set zijn.",
            ),
        ),
        migrations.AddConstraint(
            model_name="verzoekcontactmoment",
            constraint=models.UniqueConstraint(
                fields=("verzoek", "contactmoment"),
                name="kic_verzoekcontactmoment_uniek",
                violation_error_code="unique",
                violation_error_message="De velden verzoek, contactmoment moeten een unieke set zijn.",
            ),
        ),
        migrations.AddConstraint(
            model_name="verzoekinformatieobject",
            constraint=models.UniqueConstraint(
                fields=("verzoek", "informatieobject"),
                name="kic_verzoekinformatieobject_uniek",
                violation_error_code="unique",
                violation_error_message="De velden verzoek, informatieobject moeten een unieke set zijn.",
            ),
        ),
        migrations.AddConstraint(
            model_name="verzoekproduct",
            constraint=models.UniqueConstraint(
                condition=models.Q(("product", ""), _negated=True),
                fields=("verzoek", "product"),
                name="kic_verzoekproduct_product_uniek",
                violation_error_code="unique",
                violation_error_message="De velden verzoek, product moeten een unieke set zijn.",
            ),
        ),
        migrations.AddConstraint(
            model_name="verzoekproduct",
            constraint=models.UniqueConstraint(
                condition=models.Q(("product_code", ""), _negated=True),
                fields=("verzoek", "product_code"),
                name="kic_verzoekproduct_code_uniek",
                violation_error_code="unique",
                violation_error_message="De velden verzoek, productIdentificatie.code moeten een unieke set zijn.",
            ),
        ),
    ]
