import pytest

from tests.admin.conftest import staff  # noqa: F401 (the admin tests' logged-in client)
from tests.conftest import KIC

CM = f"{KIC}/contactmomenten"
KCM = f"{KIC}/klantcontactmomenten"
OCM = f"{KIC}/objectcontactmomenten"

MEDEWERKER = {
    "identificatie": "mw-001",
    "achternaam": "Jansen",
    "voorletters": "P",
    "voorvoegselAchternaam": "",
}


def contactmoment_body(**overrides) -> dict:
    return {
        "bronorganisatie": "002220647",
        "kanaal": "telefoon",
        "voorkeurstaal": "nld",
        "tekst": "Vraag over de afvalpas",
        "initiatiefnemer": "klant",
        "medewerkerIdentificatie": dict(MEDEWERKER),
        **overrides,
    }


@pytest.fixture
def post_contactmoment(kic_api):
    def _post(**overrides) -> dict:
        response = kic_api.post(CM, contactmoment_body(**overrides), format="json")
        assert response.status_code == 201, response.json()
        return response.json()

    return _post


@pytest.fixture
def klant_url(kic_api):
    """A klant (Partij) made through the new model's service; its first-generation URL."""
    from partijen import services

    def _make() -> str:
        partij = services.create_partij(
            {"soort_partij": "persoon", "indicatie_actief": True, "partij_identificatie": {}}
        )
        return f"http://testserver{KIC}/klanten/{partij.uuid}"

    return _make


@pytest.fixture
def zrc():
    from tests.kic_contactmomenten.zrc import FakeZrc

    server = FakeZrc().start()
    yield server
    server.stop()
