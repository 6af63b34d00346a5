"""Base viewset shared by every API resource.

It adds, on top of DRF's ModelViewSet: lookup by uuid, strict query parameters, `expand`
served from prefetched data, and writes that go through the app's service functions
(serializers call them from create/update; `destroy_service` handles DELETE).
"""

from collections.abc import Callable

from rest_framework import viewsets

from klantenregister.api.expand import expansion_prefetches, parse_expand
from klantenregister.api.filters import StrictQueryParamsMixin


class ExpandViewMixin:
    expand_options: tuple[str, ...] = ()

    def expand_tree(self) -> dict:
        if not hasattr(self, "_expand_tree"):
            active = self.expand_options and getattr(self, "action", None) in ("list", "retrieve")
            values = self.request.query_params.getlist("expand") if active else []
            self._expand_tree = parse_expand(values, self.expand_options)
        return self._expand_tree

    def get_queryset(self):
        queryset = super().get_queryset()
        tree = self.expand_tree()
        if tree:
            queryset = queryset.prefetch_related(
                *expansion_prefetches(self.get_serializer_class(), tree)
            )
        return queryset

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["expand"] = self.expand_tree()
        return context


class ApiViewSet(StrictQueryParamsMixin, ExpandViewMixin, viewsets.ModelViewSet):
    lookup_field = "uuid"
    lookup_value_converter = "uuid"
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    # The selector that gives the read queryset with everything the serializer renders.
    selector: Callable | None = None
    destroy_service: Callable | None = None
    api_name: str = ""

    def get_queryset(self):
        if self.selector is not None:
            self.queryset = type(self).selector()
        return super().get_queryset()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.check_query_params(request)
        self.expand_tree()

    def perform_destroy(self, instance):
        if self.destroy_service is None:
            raise NotImplementedError(f"{type(self).__name__} needs a destroy_service")
        type(self).destroy_service(instance)
