"""The APIs this product serves: base path, version and title, in one place."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ApiInfo:
    name: str
    base_path: str
    version: str
    title: str
    description: str


APIS: dict[str, ApiInfo] = {
    "klantinteracties": ApiInfo(
        name="klantinteracties",
        base_path="/klantinteracties/api/v1/",
        # The Klantinteracties contract version this API is a drop-in for.
        version="0.9.0",
        title="Klantinteracties API",
        description=(
            "Partijen, klantcontacten en interne taken, compatibel met Klantinteracties API v1 "
            "zoals Open Klant 2 die aanbiedt. Authenticatie: `Authorization: Token <sleutel>`; "
            "lezen vraagt scope `klantinteracties:read`, schrijven `klantinteracties:write`. "
            "Fouten zijn application/problem+json."
        ),
    ),
    "taken": ApiInfo(
        name="taken",
        base_path="/taken/api/v1/",
        version="1.0.0",
        title="Taken API",
        description=(
            "Klanttaken: wat een inwoner of ondernemer in MijnOmgeving moet doen (een document "
            "aanleveren, een formulier invullen, betalen), met een levenscyclus open → "
            "ingediend → verwerkt → gesloten en deadlines. Authenticatie: `Authorization: "
            "Token <sleutel>`; lezen vraagt scope `taken:read`, schrijven `taken:write`. "
            "Fouten zijn application/problem+json."
        ),
    ),
    "berichten": ApiInfo(
        name="berichten",
        base_path="/berichten/api/v1/",
        version="1.0.0",
        title="Berichten API",
        description=(
            "Berichten van de gemeente aan een inwoner of ondernemer: de berichtenbox in "
            "MijnOmgeving, met bijlagen (inline PDF of Documenten API), leesstatus en "
            "publicatiedatum. Authenticatie: `Authorization: Token <sleutel>`; de verzender "
            "heeft scope `berichten:write`, het portaal `berichten:read` (lezen, plus de "
            'leesbevestiging `PATCH {"geopend": true}`). Fouten zijn application/problem+json.'
        ),
    ),
    "kic": ApiInfo(
        name="kic",
        base_path="/api/kic/v1/",
        # The first-generation Klanten and Contactmomenten APIs (1.0.0) this layer serves.
        version="1.0.0",
        title="Klanten en Contactmomenten API (eerste generatie)",
        description=(
            "De eerste-generatie Klanten-, Contactmomenten- en Verzoeken-API's, geserveerd uit "
            "het Klantinteracties-model. Verouderd: nieuwe koppelingen gebruiken "
            "/klantinteracties/api/v1."
        ),
    ),
}


def api_for_path(path: str) -> ApiInfo | None:
    for info in APIS.values():
        if path.startswith(info.base_path):
            return info
    return None
