"""Hooks that log reads of personal data from the API viewsets and the admin.

The apps that show the data (partijen, klantcontacten) add these mixins to their views and
say how a result maps to its partij; this module names no model of theirs. A partij is
anything with `uuid`, `soort_partij` and `indicatie_geheimhouding`.

What is logged (docs/privacy.md):
- API retrieve of a partij of soort persoon (`verwerking_raadplegen = True`);
- API list filtered by an identificator value: the filterset declares the filters in
  `verwerking_zoekvelden`; a row per partij on the returned page (for klantcontacten and
  betrokkenen: the partijen with that identificator), or one row without a partij;
- admin change page of a persoon partij, and an admin changelist search on an 8, 9 or 12
  digit number (the identificator search of PartijAdmin): a row per partij on the page.

Only successful reads (2xx) are logged, with one INSERT; what the client receives is not
changed. When the INSERT fails, the read fails too: a read that cannot be accounted for is not
served.
"""

import re
from collections.abc import Callable

from klantenregister.verwerkingen.models import Kanaal, SoortVerwerking
from klantenregister.verwerkingen.services import (
    log_verwerkingen,
    masked_zoekwaarde,
    soort_van_zoekopdracht,
)

PERSOON = "persoon"


def _is_persoon(partij) -> bool:
    return partij is not None and getattr(partij, "soort_partij", None) == PERSOON


def _identity(obj):
    return obj


class VerwerkingenViewMixin:
    """For an ApiViewSet (paginated lists). Put it before the viewset base."""

    # Result object → its partij (the object itself for /partijen).
    verwerking_partij: Callable = staticmethod(_identity)
    # Log a retrieve of a persoon partij.
    verwerking_raadplegen: bool = False

    def get_object(self):
        obj = super().get_object()
        self._verwerking_object = obj
        return obj

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._verwerking_page = page
        return page

    def verwerking_partijen(self, page) -> list:
        """The partijen a searched list page shows; override when a result holds several."""
        return [self.verwerking_partij(obj) for obj in page]

    def verwerking_zoekopdracht(self, request) -> tuple[SoortVerwerking, str] | None:
        """(soort, searched value) when the list is filtered by an identificator value."""
        fields = getattr(self.filterset_class, "verwerking_zoekvelden", ())
        for value_param, code_param in fields:
            value = request.query_params.get(value_param)
            if value:
                code = request.query_params.get(code_param) if code_param else None
                return soort_van_zoekopdracht(code, value), value
        return None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if 200 <= response.status_code < 300 and request.method in ("GET", "HEAD"):
            self._log_verwerking(request)
        return response

    def _log_verwerking(self, request) -> None:
        action = getattr(self, "action", None)
        if action == "retrieve" and self.verwerking_raadplegen:
            partij = self.verwerking_partij(getattr(self, "_verwerking_object", None))
            if _is_persoon(partij):
                log_verwerkingen(
                    request,
                    kanaal=Kanaal.API,
                    soort=SoortVerwerking.RAADPLEGEN_PERSOON,
                    partijen=[partij],
                )
        elif action == "list":
            zoekopdracht = self.verwerking_zoekopdracht(request)
            if zoekopdracht is None:
                return
            soort, value = zoekopdracht
            page = getattr(self, "_verwerking_page", None) or []
            log_verwerkingen(
                request,
                kanaal=Kanaal.API,
                soort=soort,
                partijen=self.verwerking_partijen(page) if page else [],
                zoekwaarde=masked_zoekwaarde(soort, value),
            )


# An identificator search in the partij changelist: KvK-nummer (8), BSN/RSIN (9) or
# vestigingsnummer (12) digits, spaces and dots ignored — as PartijAdmin.get_search_results.
ADMIN_IDENTIFICATOR_SEARCH = re.compile(r"\d{8}|\d{9}|\d{12}")
_ADMIN_SOORT_PER_LENGTE = {8: "kvk_nummer", 12: "vestigingsnummer"}


def admin_zoekopdracht(search_term: str) -> tuple[SoortVerwerking, str] | None:
    compact = re.sub(r"[\s.]", "", search_term or "")
    if not ADMIN_IDENTIFICATOR_SEARCH.fullmatch(compact):
        return None
    return soort_van_zoekopdracht(_ADMIN_SOORT_PER_LENGTE.get(len(compact)), compact), compact


def _after_render(request, *, partijen: Callable, **kwargs) -> Callable:
    """A post-render callback that logs the read; it returns None, because a value returned
    from such a callback would replace the response."""

    def callback(rendered) -> None:
        log_verwerkingen(request, partijen=partijen(), **kwargs)

    return callback


class VerwerkingenAdminMixin:
    """For the partij ModelAdmin. Put it before the ModelAdmin base.

    Logs after the page is rendered (a post-render callback), so the changelist's page of
    results is the one already fetched for the page: no extra query but the INSERT.
    """

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            partij = (getattr(response, "context_data", None) or {}).get("original")
            if _is_persoon(partij):
                response.add_post_render_callback(
                    _after_render(
                        request,
                        kanaal=Kanaal.ADMIN,
                        soort=SoortVerwerking.RAADPLEGEN_PERSOON,
                        partijen=lambda: [partij],
                    )
                )
        return response

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if request.method == "GET" and response.status_code == 200 and changelist is not None:
            zoekopdracht = admin_zoekopdracht(changelist.query)
            if zoekopdracht is not None:
                soort, value = zoekopdracht
                response.add_post_render_callback(
                    _after_render(
                        request,
                        kanaal=Kanaal.ADMIN,
                        soort=soort,
                        # Rendered by now: the page's rows come from the queryset's cache.
                        partijen=lambda: list(changelist.result_list),
                        zoekwaarde=masked_zoekwaarde(soort, value),
                    )
                )
        return response
