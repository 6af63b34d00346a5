import re

from django.conf import settings
from rest_framework import pagination

from klantenregister.api.exceptions import QueryParameterError

_POSITIVE_INT = re.compile(r"[0-9]+")


class PageNumberPagination(pagination.PageNumberPagination):
    """`page` (1-based) and `pageSize` (default 100, capped at API_MAX_PAGE_SIZE).

    The envelope is count/next/previous/results.
    """

    page_size = 100
    page_size_query_param = "pageSize"
    invalid_page_message = "Ongeldige pagina."

    @property
    def max_page_size(self) -> int:
        return settings.API_MAX_PAGE_SIZE

    def get_schema_operation_parameters(self, view):
        params = super().get_schema_operation_parameters(view)
        for param in params:
            if param["name"] == self.page_size_query_param:
                param["description"] = (
                    f"Het aantal resultaten per pagina (standaard {self.page_size}, "
                    f"maximaal {self.max_page_size})."
                )
        return params

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        # ASCII digits only: str.isdigit() also accepts "²", which int() then refuses.
        if raw is not None and not (_POSITIVE_INT.fullmatch(raw) and int(raw) > 0):
            raise QueryParameterError(
                {self.page_size_query_param: ["Moet een positief geheel getal zijn."]},
                code="invalid",
            )
        return super().get_page_size(request)
