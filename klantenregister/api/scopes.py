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
