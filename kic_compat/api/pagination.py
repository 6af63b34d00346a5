"""First-generation pagination (spec §1): `page` only, fixed page size 100.

The envelope is count/next/previous/results with absolute links that keep the filters (DRF's
links are built from the request URL); a page past the end is a 404, as in the reference
implementations.
"""

from rest_framework import pagination


class KicPagination(pagination.PageNumberPagination):
    page_size = 100
    page_size_query_param = None
    page_query_param = "page"

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Een pagina binnen de gepagineerde set resultaten.",
                "schema": {"type": "integer"},
            }
        ]
