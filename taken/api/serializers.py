"""Serializers of the taken resources: shape and type checks only; writes go through
taken.services.

- InterneTaakSerializer: /klantinteracties/api/v1/internetaken, field names of the
  Klantinteracties v1 contract.
- TaakSerializer: /taken/api/v1/taken, the klanttaak of spec/taken.md.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from klantcontacten.api.serializers import (
    KlantcontactenSerializer,
    WijzigingSerializer,
    actor_ref,
    klantcontact_ref,
)
from klantenregister.api.expand import ExpandableSerializerMixin, Expansion
from klantenregister.api.fields import ResourceUrlField, StrictCharField
from klantenregister.api.serializers import PrefixedGroupSerializer, ServiceModelSerializer
from partijen.api.serializers import NS, partij_ref
from taken import services
from taken.models import (
    ActieType,
    BetrokkeneType,
    IdentificatieType,
    InterneTaak,
    KoppelingRegistratie,
    Sluitreden,
    Taak,
    TaakBetrokkene,
)

# --- InterneTaak ------------------------------------------------------------------------------

BOTH_ACTOR_FIELDS = (
    "`toegewezenAanActor` en `toegewezenAanActoren` mag niet beiden gebruikt worden."
)


class InterneTaakSerializer(KlantcontactenSerializer):
    """Een taak voor een medewerker, team of geautomatiseerde actor, naar aanleiding van een
    klantcontact."""

    url = ResourceUrlField(f"{NS}:internetaak-detail")
    aanleidinggevend_klantcontact = klantcontact_ref(
        source="klantcontact", help_text="Klantcontact dat leidde tot deze interne taak."
    )
    toegewezen_aan_actor = actor_ref(
        source="eerste_actor",
        required=False,
        # null in a response when every assigned actor was deleted since.
        allow_null=True,
        help_text="Verouderd: de eerste actor aan wie de taak is toegewezen. Gebruik "
        "`toegewezenAanActoren`.",
    )
    toegewezen_aan_actoren = actor_ref(
        source="actoren",
        many=True,
        required=False,
        allow_empty=False,
        help_text="Actoren aan wie de taak is toegewezen, in volgorde van toewijzing.",
    )

    create_service = staticmethod(services.create_interne_taak)
    update_service = staticmethod(services.update_interne_taak)
    update_takes_partial = True

    class Meta:
        model = InterneTaak
        fields = (
            "uuid",
            "url",
            "nummer",
            "referentienummer",
            "gevraagde_handeling",
            "aanleidinggevend_klantcontact",
            "toegewezen_aan_actor",
            "toegewezen_aan_actoren",
            "toelichting",
            "status",
            "toegewezen_op",
            "afgehandeld_op",
        )
        read_only_fields = ("uuid", "toegewezen_op")
        extra_kwargs = {"nummer": {"help_text": "Verouderd. Uniek nummer (alleen cijfers)."}}
        validators = []

    def validate(self, attrs):
        if "eerste_actor" in attrs and "actoren" in attrs:
            raise serializers.ValidationError({NON_FIELD_ERRORS: [BOTH_ACTOR_FIELDS]})
        if "eerste_actor" in attrs:
            actor = attrs.pop("eerste_actor")
            if actor is None:
                raise serializers.ValidationError(
                    {"toegewezen_aan_actor": ["Dit veld mag niet leeg zijn."]}, code="null"
                )
            attrs["actoren"] = [actor]
        elif "actoren" not in attrs and not self.partial:
            raise serializers.ValidationError(
                {"toegewezen_aan_actoren": ["Dit veld is vereist."]}, code="required"
            )
        return attrs


# --- Taak (klanttaak) -------------------------------------------------------------------------


class OptionalGroupSerializer(PrefixedGroupSerializer):
    """A gegevensgroep that is `null` when its first (required) sub-field is empty."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        return data if data[next(iter(self.fields))] not in (None, "") else None


class ActieSerializer(OptionalGroupSerializer):
    """Wat de klant opent om de taak uit te voeren: een formulier van het portaal (`id`) of
    een URL (`url`)."""

    type = serializers.ChoiceField(choices=ActieType.choices)
    value = StrictCharField(max_length=1000)


class IdentificatieSerializer(OptionalGroupSerializer):
    """Wie de taak moet uitvoeren, als identificatie (bsn, kvk, rsin, vestigingsnummer)."""

    type = serializers.ChoiceField(choices=IdentificatieType.choices)
    value = StrictCharField(max_length=20)


class BetalingSerializer(OptionalGroupSerializer):
    """De betaling die de taak vraagt (verplicht bij soort `betaling`)."""

    bedrag = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    betaalkenmerk = StrictCharField(max_length=100)
    pspid = StrictCharField(max_length=100, required=False, allow_blank=True)
    url = serializers.URLField(max_length=1000, required=False, allow_blank=True)


class KoppelingSerializer(OptionalGroupSerializer):
    """Waar de taak bij hoort als het geen zaak is (of naast de zaak)."""

    registratie = serializers.ChoiceField(choices=KoppelingRegistratie.choices)
    uuid = serializers.UUIDField(required=False, allow_null=True)
    url = serializers.URLField(max_length=1000, required=False, allow_blank=True)


class BetrokkeneGegevensSerializer(serializers.Serializer):
    """Momentopname van de betrokkene: naam, en een medewerker-identificatie of BSN."""

    naam = StrictCharField(max_length=200, required=False, allow_blank=True)
    medewerker_identificatie = StrictCharField(max_length=100, required=False, allow_blank=True)
    inp_bsn = StrictCharField(max_length=9, required=False, allow_blank=True)

    def get_attribute(self, instance):
        return instance


class TaakBetrokkeneSerializer(serializers.ModelSerializer):
    """Een persoon die bij de taak betrokken is, met zijn rol."""

    betrokkene_type = serializers.ChoiceField(
        choices=BetrokkeneType.choices, required=False, allow_blank=True
    )
    rol_type = StrictCharField(max_length=100, required=False, allow_blank=True)
    betrokkene = BetrokkeneGegevensSerializer(required=False)
    partij = partij_ref(required=False, allow_null=True)

    class Meta:
        model = TaakBetrokkene
        fields = ("betrokkene_type", "rol_type", "betrokkene", "partij")

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        values.update(values.pop("betrokkene", None) or {})
        return values


class TaakSerializer(ExpandableSerializerMixin, ServiceModelSerializer):
    """Een klanttaak: wat de klant in MijnOmgeving moet doen."""

    url = ResourceUrlField("taken:taak-detail")
    title = StrictCharField(max_length=200, help_text="De tekst die de klant ziet.")
    actie = ActieSerializer(prefix="actie", required=False, allow_null=True)
    identificatie = IdentificatieSerializer(prefix="identificatie", required=False, allow_null=True)
    betaling = BetalingSerializer(prefix="betaling", required=False, allow_null=True)
    koppeling = KoppelingSerializer(prefix="koppeling", required=False, allow_null=True)
    betrokkenen = TaakBetrokkeneSerializer(many=True, required=False)
    partij = partij_ref(
        required=False,
        allow_null=True,
        help_text="De partij voor wie de taak is. Zonder opgave: de partij met de "
        "identificatie (bsn/kvk/rsin/vestigingsnummer) als die in het register staat.",
    )
    klantcontact = klantcontact_ref(
        required=False, allow_null=True, help_text="Het klantcontact waaruit de taak voortkwam."
    )
    # Read-only fields lose allow_blank in a ModelSerializer; "" is a value here (not closed).
    sluitreden = serializers.ChoiceField(
        choices=Sluitreden.choices,
        allow_blank=True,
        read_only=True,
        help_text="Waarom de taak gesloten werd zonder te zijn uitgevoerd (`verlopen`), "
        "anders leeg.",
    )
    data = serializers.JSONField(required=False, allow_null=True)
    verzonden_data = serializers.JSONField(required=False, allow_null=True)
    extra_data = serializers.JSONField(required=False, allow_null=True)

    expansions = {
        "partij": Expansion(
            attr="partij",
            serializer="partijen.api.serializers.PartijSerializer",
            queryset="partijen.selectors.partijen",
            many=False,
        ),
        "klantcontact": Expansion(
            attr="klantcontact",
            serializer="klantcontacten.api.serializers.KlantcontactSerializer",
            queryset="klantcontacten.selectors.klantcontacten",
            many=False,
        ),
    }

    class Meta:
        model = Taak
        fields = (
            "uuid",
            "url",
            "type",
            "title",
            "onderwerp",
            "toelichting",
            "status",
            "soort",
            "zaak",
            "actie",
            "data",
            "verzonden_data",
            "verloopdatum",
            "vervaldatum",
            "identificatie",
            "verwerker_taak_id",
            "betrokkenen",
            "extra_data",
            "betaling",
            "koppeling",
            "partij",
            "klantcontact",
            "bericht",
            "eigenaar",
            "sluitreden",
            "aangemaakt_op",
            "gewijzigd_op",
            "afgerond_op",
            "herinnerd_op",
        )
        read_only_fields = (
            "uuid",
            "sluitreden",
            "aangemaakt_op",
            "gewijzigd_op",
            "afgerond_op",
            "herinnerd_op",
        )
        extra_kwargs = {
            "soort": {"required": False},
            "status": {"required": False},
        }
        validators = []

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        # Gegevensgroepen arrive as dicts under their own name; the services take columns.
        for group in ("actie", "identificatie", "betaling", "koppeling"):
            if group in values:
                items = values.pop(group)
                for sub in self.fields[group].fields:
                    values[f"{group}_{sub}"] = (items or {}).get(sub, _empty(group, sub))
        return values

    def create(self, validated_data):
        with public_taak_errors():
            return services.create_taak(validated_data)

    def update(self, instance, validated_data):
        with public_taak_errors():
            return services.update_taak(instance, validated_data, partial=self.partial)


def _empty(group: str, sub: str):
    return None if (group, sub) in {("betaling", "bedrag"), ("koppeling", "uuid")} else ""


GROUPS = ("actie", "identificatie", "betaling", "koppeling")
BETROKKENE_GEGEVENS = {"naam", "medewerker_identificatie", "inp_bsn"}


class public_taak_errors:
    """Service errors keyed by column (`actie_value`, `betrokkenen.0.inp_bsn`) under the
    names the client sent (`actie.value`, `betrokkenen.0.betrokkene.inpBsn`)."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None or not issubclass(exc_type, DjangoValidationError):
            return False
        if not hasattr(exc, "error_dict"):
            return False
        rekeyed: dict[str, list] = {}
        for key, errors in exc.error_dict.items():
            rekeyed.setdefault(_public_key(key), []).extend(errors)
        raise DjangoValidationError(rekeyed) from exc


def _public_key(key: str) -> str:
    for group in GROUPS:
        if key.startswith(f"{group}_"):
            return f"{group}.{key.removeprefix(group + '_')}"
    parts = key.split(".")
    if len(parts) == 3 and parts[0] == "betrokkenen" and parts[2] in BETROKKENE_GEGEVENS:
        return f"betrokkenen.{parts[1]}.betrokkene.{parts[2]}"
    return key


class AudittrailRegelSerializer(serializers.Serializer):
    """Eén wijziging aan de taak of haar betrokkenen: wie, wanneer, wat (oud → nieuw)."""

    tijdstip = serializers.DateTimeField()
    actie = serializers.ChoiceField(choices=["aangemaakt", "gewijzigd", "verwijderd"])
    resource = serializers.ChoiceField(choices=["taak", "betrokkene"])
    actor = serializers.CharField(
        help_text="Wie de wijziging deed: 'applicatie <naam>', 'medewerker <gebruikersnaam>', "
        "'taak <naam>' (een achtergrondtaak, bv. het sluiten van verlopen taken) of 'systeem'."
    )
    wijzigingen = WijzigingSerializer(many=True)


class IndienenSerializer(serializers.Serializer):
    """Wat de klant indient: de gegevens van het formulier, het document, de betaling."""

    verzonden_data = serializers.JSONField(required=False, allow_null=True)
