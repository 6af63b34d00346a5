"""The scopes an API client can hold.

Every API has a read and a write scope; write implies read. The names are part of the public
contract (`create_api_client --scopes klantinteracties:write,taken:read`).
"""

APIS = ("klantinteracties", "taken", "berichten", "kic")
READ = "read"
WRITE = "write"

ALL_SCOPES = tuple(f"{api}:{level}" for api in APIS for level in (READ, WRITE))
SCOPE_CHOICES = [(scope, scope) for scope in ALL_SCOPES]


def parse_scopes(raw: str) -> list[str]:
    """Turn `a:read,b:write` (or `all`) into a sorted list, raising ValueError on unknown ones."""
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if items == ["all"]:
        return list(ALL_SCOPES)
    unknown = sorted(set(items) - set(ALL_SCOPES))
    if unknown:
        raise ValueError(
            f"Unknown scope(s): {', '.join(unknown)}. Known: {', '.join(ALL_SCOPES)} or 'all'."
        )
    return sorted(set(items))


def grants(scopes: list[str], api: str, *, write: bool) -> bool:
    if f"{api}:{WRITE}" in scopes:
        return True
    return not write and f"{api}:{READ}" in scopes


# --- First-generation (Klanten/Contactmomenten/Verzoeken API) scopes, spec kic_compat §2 -------
# The names are the first-generation contracts' own; a client holds them explicitly (per client,
# `ApiClient.kic_scopes`) or through the product's `kic:read` (every `*.lezen`) / `kic:write`
# (every one of them).
KIC_API = "kic"
KIC_SCOPES = (
    "klanten.lezen",
    "klanten.aanmaken",
    "klanten.bijwerken",
    "klanten.verwijderen",
    "contactmomenten.lezen",
    "contactmomenten.aanmaken",
    "contactmomenten.bijwerken",
    "contactmomenten.verwijderen",
    "verzoeken.lezen",
    "verzoeken.aanmaken",
    "verzoeken.bijwerken",
    "verzoeken.verwijderen",
    "audittrails.lezen",
)
KIC_READ_SCOPES = tuple(scope for scope in KIC_SCOPES if scope.endswith(".lezen"))
KIC_SCOPE_CHOICES = [(scope, scope) for scope in KIC_SCOPES]


def parse_kic_scopes(raw: str | list[str] | tuple[str, ...]) -> list[str]:
    """`klanten.lezen,contactmomenten.lezen` (or a list) into a sorted list; ValueError on
    unknown names."""
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    items = [item.strip() for item in items if item.strip()]
    unknown = sorted(set(items) - set(KIC_SCOPES))
    if unknown:
        raise ValueError(
            f"Unknown first-generation scope(s): {', '.join(unknown)}. "
            f"Known: {', '.join(KIC_SCOPES)}."
        )
    return sorted(set(items))


def kic_scopes_held(scopes: list[str], kic_scopes: list[str]) -> frozenset[str]:
    """Every first-generation scope a client holds, from its product scopes and its explicit
    first-generation ones. The single place that decides it."""
    held = {scope for scope in kic_scopes if scope in KIC_SCOPES}
    if f"{KIC_API}:{WRITE}" in scopes:
        held.update(KIC_SCOPES)
    elif f"{KIC_API}:{READ}" in scopes:
        held.update(KIC_READ_SCOPES)
    return frozenset(held)


def grants_kic(scopes: list[str], kic_scopes: list[str], needed: str) -> bool:
    return needed in kic_scopes_held(scopes, kic_scopes)


def split_scopes(raw: str) -> tuple[list[str], list[str]]:
    """A mixed list such as `kic:read,klanten.aanmaken` (or `all`) into (product scopes,
    first-generation scopes), each sorted; ValueError naming every unknown scope."""
    items = [item.strip() for item in raw.split(",") if item.strip()]
    kic = [item for item in items if item in KIC_SCOPES]
    product = [item for item in items if item not in KIC_SCOPES]
    if "all" in product and len(product) > 1:
        raise ValueError("'all' already holds every product scope; list it alone.")
    try:
        product_scopes = parse_scopes(",".join(product)) if product else []
    except ValueError:
        unknown = sorted(set(product) - set(ALL_SCOPES) - {"all"})
        raise ValueError(
            f"Unknown scope(s): {', '.join(unknown)}. Known: {', '.join(ALL_SCOPES)}, 'all', "
            f"or first-generation: {', '.join(KIC_SCOPES)}."
        ) from None
    return product_scopes, sorted(set(kic))
