"""The `expand` query parameter: related resources inlined under `_expand`.

A serializer declares what it can expand in `expansions`, a mapping from the public
(camelCase) relation name to an `Expansion`. A view lists the dotted paths it offers in
`expand_options` (they become the enum in the OpenAPI document). For a request with
`?expand=a,a.b`, the view turns the paths into nested `Prefetch` objects stored under private
attributes, so rendering needs no further queries, however many rows the page has.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.module_loading import import_string
from rest_framework import serializers

from klantenregister.api.exceptions import QueryParameterError

EXPAND_KEY = "_expand"


@dataclass(frozen=True)
class Expansion:
    """One expandable relation of a serializer.

    attr: the model attribute (forward FK, reverse FK or M2M manager) to follow.
    serializer: dotted path of the serializer for the related objects (lazy, so an app can
        point at a serializer of an app above it without importing it).
    queryset: dotted path of a selector returning the base queryset for the related objects.
    many: whether the relation is to-many.
    """

    attr: str
    serializer: str
    queryset: str
    many: bool = True

    @property
    def to_attr(self) -> str:
        return f"_expand_{self.attr}"

    def serializer_class(self) -> type[serializers.Serializer]:
        return import_string(self.serializer)

    def base_queryset(self) -> QuerySet:
        factory: Callable[[], QuerySet] = import_string(self.queryset)
        return factory()


def parse_expand(values: list[str], options: tuple[str, ...]) -> dict:
    """Parse `expand` values (comma-separated, possibly repeated) into a nested tree."""
    paths = [part.strip() for value in values for part in value.split(",") if part.strip()]
    unknown = [path for path in paths if path not in options]
    if unknown:
        raise QueryParameterError(
            {
                "expand": [
                    f"Onbekende waarde '{path}'. Toegestaan: {', '.join(options)}."
                    for path in unknown
                ]
            },
            code="invalid_choice",
        )
    tree: dict = {}
    for path in paths:
        node = tree
        for name in path.split("."):
            node = node.setdefault(name, {})
    return tree


def expansion_prefetches(serializer_class, tree: dict) -> list[Prefetch]:
    """Nested Prefetch objects for an expand tree, starting at `serializer_class`."""
    prefetches = []
    for name, subtree in tree.items():
        expansion: Expansion = serializer_class.expansions[name]
        queryset = expansion.base_queryset()
        nested = expansion_prefetches(expansion.serializer_class(), subtree)
        if nested:
            queryset = queryset.prefetch_related(*nested)
        prefetches.append(Prefetch(expansion.attr, queryset=queryset, to_attr=expansion.to_attr))
    return prefetches


class ExpandableSerializerMixin:
    """Adds `_expand` to the representation for the tree in `context['expand']`."""

    expansions: dict[str, Expansion] = {}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        tree = self.context.get("expand") or {} if self._is_expand_root() else {}
        if not tree:
            return data
        expanded = {}
        for name, subtree in tree.items():
            expansion = self.expansions[name]
            related = getattr(instance, expansion.to_attr, None)
            if related is None:
                expanded[name] = [] if expansion.many else None
                continue
            child = self._expansion_serializer(name, expansion, subtree)
            expanded[name] = (
                [child.to_representation(item) for item in related]
                if expansion.many
                else child.to_representation(related)
            )
        data[EXPAND_KEY] = expanded
        return data

    def _expansion_serializer(self, name: str, expansion: Expansion, subtree: dict):
        # One serializer per relation for the whole page: building a DRF serializer copies all
        # its fields, which would otherwise happen again for every row.
        cache = self.__dict__.setdefault("_expansion_serializers", {})
        if name not in cache:
            cache[name] = expansion.serializer_class()(context={**self.context, "expand": subtree})
        return cache[name]

    def _is_expand_root(self) -> bool:
        # Nested serializers share the root's context; only the root (or the items of a
        # root list) expands.
        parent = self.parent
        if isinstance(parent, serializers.ListSerializer):
            parent = parent.parent
        return parent is None
