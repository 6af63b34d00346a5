"""The kanalen (channels) events are published on, with the kenmerken a subscriber may filter on.

Each domain app registers its own kanalen in its AppConfig.ready(); the admin offers exactly
these when a subscription is set up, and docs/events.md lists them.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Kanaal:
    naam: str
    kenmerken: tuple[str, ...]
    omschrijving: str = ""


KANALEN: dict[str, Kanaal] = {}


def register_kanaal(kanaal: Kanaal) -> None:
    existing = KANALEN.get(kanaal.naam)
    if existing is not None and existing != kanaal:
        raise ValueError(f"Kanaal {kanaal.naam!r} is already registered differently.")
    KANALEN[kanaal.naam] = kanaal


def kanaal_choices() -> list[tuple[str, str]]:
    return [(naam, naam) for naam in sorted(KANALEN)]
