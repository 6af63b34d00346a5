"""Thin viewsets: reading via selectors, writing via services (through the serializers).

Reads of personal data are logged for verwerkingenlogging (klantenregister.verwerkingen): a
persoon partij opened by uuid, and lists searched by an identificator value (the filtersets
name those filters in `verwerking_zoekvelden`).
"""

from operator import attrgetter

from drf_spectacular.utils import extend_schema, extend_schema_view

from klantenregister.api.viewsets import ApiViewSet
from klantenregister.verwerkingen.mixins import VerwerkingenViewMixin
from partijen import selectors, services
from partijen.api import filters, serializers


def resource_docs(resource: str, plural: str):
    """Summaries and a tag for the six actions of a resource (shared by every app's API)."""
    texts = {
        "list": f"Alle {plural} opvragen.",
        "retrieve": f"Een specifiek {resource} opvragen.",
        "create": f"Maak een {resource} aan.",
        "update": f"Werk een {resource} in zijn geheel bij.",
        "partial_update": f"Werk een {resource} deels bij.",
        "destroy": f"Verwijder een {resource}.",
    }
    return extend_schema_view(
        **{
            action: extend_schema(summary=text, description=text, tags=[plural])
            for action, text in texts.items()
        }
    )


class KlantinteractiesViewSet(ApiViewSet):
    api_name = "klantinteracties"


@resource_docs("partij", "partijen")
class PartijViewSet(VerwerkingenViewMixin, KlantinteractiesViewSet):
    verwerking_raadplegen = True
    serializer_class = serializers.PartijSerializer
    filterset_class = filters.PartijFilterSet
    selector = selectors.partijen
    destroy_service = services.delete_partij
    expand_options = (
        "betrokkenen",
        "betrokkenen.hadKlantcontact",
        "categorieRelaties",
        "digitaleAdressen",
    )


@resource_docs("partij-identificator", "partij-identificatoren")
class PartijIdentificatorViewSet(VerwerkingenViewMixin, KlantinteractiesViewSet):
    verwerking_partij = staticmethod(attrgetter("partij"))
    serializer_class = serializers.PartijIdentificatorSerializer
    filterset_class = filters.PartijIdentificatorFilterSet
    selector = selectors.partij_identificatoren
    destroy_service = services.delete_partij_identificator


@resource_docs("vertegenwoordiging", "vertegenwoordigingen")
class VertegenwoordigdenViewSet(KlantinteractiesViewSet):
    serializer_class = serializers.VertegenwoordigdenSerializer
    filterset_class = filters.VertegenwoordigdenFilterSet
    selector = selectors.vertegenwoordigingen
    destroy_service = services.delete_object


@resource_docs("categorie", "categorieen")
class CategorieViewSet(KlantinteractiesViewSet):
    serializer_class = serializers.CategorieSerializer
    selector = selectors.categorieen
    destroy_service = services.delete_object


@resource_docs("categorie-relatie", "categorie-relaties")
class CategorieRelatieViewSet(KlantinteractiesViewSet):
    serializer_class = serializers.CategorieRelatieSerializer
    filterset_class = filters.CategorieRelatieFilterSet
    selector = selectors.categorie_relaties
    destroy_service = services.delete_object


@resource_docs("rekeningnummer", "rekeningnummers")
class RekeningnummerViewSet(KlantinteractiesViewSet):
    serializer_class = serializers.RekeningnummerSerializer
    filterset_class = filters.RekeningnummerFilterSet
    selector = selectors.rekeningnummers
    destroy_service = services.delete_object


@resource_docs("digitaal adres", "digitale adressen")
class DigitaalAdresViewSet(VerwerkingenViewMixin, KlantinteractiesViewSet):
    verwerking_partij = staticmethod(attrgetter("partij"))
    serializer_class = serializers.DigitaalAdresSerializer
    filterset_class = filters.DigitaalAdresFilterSet
    selector = selectors.digitale_adressen
    destroy_service = services.delete_object
    expand_options = (
        "verstrektDoorBetrokkene",
        "verstrektDoorBetrokkene.hadKlantcontact",
        "verstrektDoorBetrokkene.hadKlantcontact.leiddeTotInterneTaken",
    )
