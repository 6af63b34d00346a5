"""Query parameters of the first-generation contactmomenten resources, names verbatim from
the contract. Each acts on an indexed column: a foreign key, an extension-row column or
(voorkeurstaal, kic_compat migration 0002) Klantcontact.taal."""

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django_filters import rest_framework as filters

from kic_compat.contactmomenten import mapping
from kic_compat.models import Initiatiefnemer, KlantcontactmomentRol, OnderwerpobjectSoort
from klantcontacten.api.filters import MomentFilter
from klantcontacten.models import Betrokkene, Onderwerpobject, Rol
from klantenregister.api.filters import AbsoluteUrlField, ApiFilterSet, UrlFilter

# `ordering` values of the contract → columns; `klant`, `onderwerp_links` and
# `medewerker_identificatie` cannot be ordered on and keep the default order (spec §4.2).
ORDERING = {
    "url": "uuid",
    "bronorganisatie": "kic_extensie__bronorganisatie",
    "klant": None,
    "registratiedatum": "plaatsgevonden_op",
    "kanaal": "kanaal",
    "voorkeurskanaal": "kic_extensie__voorkeurskanaal",
    "tekst": "inhoud",
    "onderwerp_links": None,
    "initiatiefnemer": "kic_extensie__initiatiefnemer",
    "medewerker": "kic_extensie__medewerker",
    "medewerker_identificatie": None,
}
DEFAULT_ORDER = ("-plaatsgevonden_op", "-pk")


class ContactmomentOrderingFilter(filters.ChoiceFilter):
    def __init__(self, *args, **kwargs):
        choices = [
            (f"{prefix}{name}", f"{prefix}{name}") for name in ORDERING for prefix in ("", "-")
        ]
        super().__init__(*args, choices=choices, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        column = ORDERING[value.lstrip("-")]
        if column is None:
            return qs.order_by(*DEFAULT_ORDER)
        direction = "-" if value.startswith("-") else ""
        return qs.order_by(f"{direction}{column}", "-pk")


class ExternalUrlFilter(filters.CharFilter):
    """An URL of another API, matched exactly as stored; a malformed one is a 400."""

    field_class = AbsoluteUrlField


def _registratiedatum(lookup: str) -> MomentFilter:
    return MomentFilter(field_name="plaatsgevonden_op", lookup_expr=lookup)


class ContactmomentFilterSet(ApiFilterSet):
    vorigContactmoment = UrlFilter(field_name="vorig", uuid_method="filter_vorig")  # noqa: N815
    volgendContactmoment = UrlFilter(field_name="volgend", uuid_method="filter_volgend")  # noqa: N815
    bronorganisatie = filters.CharFilter(method="filter_bronorganisatie")
    registratiedatum = _registratiedatum("exact")
    registratiedatum__gt = _registratiedatum("gt")
    registratiedatum__gte = _registratiedatum("gte")
    registratiedatum__lt = _registratiedatum("lt")
    registratiedatum__lte = _registratiedatum("lte")
    kanaal = filters.CharFilter(field_name="kanaal")
    voorkeurskanaal = filters.CharFilter(field_name="kic_extensie__voorkeurskanaal")
    voorkeurstaal = filters.CharFilter(field_name="taal")
    initiatiefnemer = filters.ChoiceFilter(
        choices=Initiatiefnemer.choices, method="filter_initiatiefnemer"
    )
    medewerker = ExternalUrlFilter(field_name="kic_extensie__medewerker")
    ordering = ContactmomentOrderingFilter()

    def filter_vorig(self, qs, name, uuid):
        return qs.filter(
            Exists(
                Onderwerpobject.objects.filter(
                    klantcontact=OuterRef("pk"), was_klantcontact__uuid=uuid
                )
            )
        )

    def filter_volgend(self, qs, name, uuid):
        return qs.filter(
            Exists(
                Onderwerpobject.objects.filter(
                    was_klantcontact=OuterRef("pk"), klantcontact__uuid=uuid
                )
            )
        )

    def filter_bronorganisatie(self, qs, name, value):
        condition = Q(kic_extensie__bronorganisatie=value)
        if value == settings.KIC_DEFAULT_BRONORGANISATIE:
            condition |= Q(kic_extensie__isnull=True) | Q(kic_extensie__bronorganisatie="")
        return qs.filter(condition)

    def filter_initiatiefnemer(self, qs, name, value):
        stored = Q(kic_extensie__initiatiefnemer=value)
        unknown = Q(kic_extensie__isnull=True) | Q(kic_extensie__initiatiefnemer="")
        initiator = Exists(Betrokkene.objects.filter(klantcontact=OuterRef("pk"), initiator=True))
        any_betrokkene = Exists(Betrokkene.objects.filter(klantcontact=OuterRef("pk")))
        if value == Initiatiefnemer.KLANT:
            derived = unknown & initiator
        else:
            derived = unknown & any_betrokkene & ~initiator
        return qs.filter(stored | derived)


class KlantcontactmomentFilterSet(ApiFilterSet):
    contactmoment = UrlFilter(field_name="klantcontact__uuid")
    klant = UrlFilter(field_name="partij__uuid")
    rol = filters.ChoiceFilter(choices=KlantcontactmomentRol.choices, method="filter_rol")

    def filter_rol(self, qs, name, value):
        derived = (
            Rol.KLANT if value == KlantcontactmomentRol.BELANGHEBBENDE else Rol.VERTEGENWOORDIGER
        )
        return qs.filter(Q(kic_extensie__rol=value) | Q(kic_extensie__isnull=True, rol=derived))


class ObjectcontactmomentFilterSet(ApiFilterSet):
    object = ExternalUrlFilter(method="filter_object")
    contactmoment = UrlFilter(field_name="klantcontact__uuid")
    objectType = filters.ChoiceFilter(  # noqa: N815
        choices=[("zaak", "zaak")], method="filter_object_type"
    )

    def filter_object(self, qs, name, value):
        condition = Q(kic_extensie__object_url=value)
        object_id = mapping.object_id(value)
        template = settings.KIC_ZAAK_URL_TEMPLATE
        if template and object_id and template.replace("{objectId}", object_id) == value:
            condition |= Q(
                kic_extensie__isnull=True, onderwerpobjectidentificator_object_id=object_id
            )
        return qs.filter(condition)

    def filter_object_type(self, qs, name, value):
        # Every objectcontactmoment is about a zaak (the only objectType of the contract).
        return qs.filter(
            Q(kic_extensie__soort=OnderwerpobjectSoort.OBJECT, kic_extensie__object_type=value)
            | Q(kic_extensie__isnull=True)
        )
