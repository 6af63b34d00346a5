import pytest

from tests.admin.conftest import staff  # noqa: F401 (the admin tests' logged-in client)
from tests.conftest import KIC

VRZ = f"{KIC}/verzoeken"
KVRZ = f"{KIC}/klantverzoeken"
VCM = f"{KIC}/verzoekcontactmomenten"
VIO = f"{KIC}/verzoekinformatieobjecten"
VPR = f"{KIC}/verzoekproducten"
OVRZ = f"{KIC}/objectverzoeken"
BRONORGANISATIE = "002220647"


def verzoek_body(**overrides) -> dict:
    return {
        "bronorganisatie": BRONORGANISATIE,
        "externeIdentificatie": "EXT-1",
        "voorkeurskanaal": "email",
        "tekst": "Ik wil een parkeervergunning",
        "status": "ontvangen",
        **overrides,
    }


def uuid_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


@pytest.fixture
def post_verzoek(kic_api):
    def _post(**overrides) -> dict:
        response = kic_api.post(VRZ, verzoek_body(**overrides), format="json")
        assert response.status_code == 201, response.json()
        return response.json()

    return _post


@pytest.fixture(scope="module")
def remote_api():
    """One fake ZRC/DRC/product service for the module (each test adds its own resources)."""
    from tests.kic.remote_api import FakeApi

    server = FakeApi().start()
    yield server
    server.stop()


@pytest.fixture
def api(remote_api):
    with remote_api.lock:
        remote_api.requests.clear()
        remote_api.authorization.clear()
    return remote_api


@pytest.fixture
def klant_url():
    """A klant (Partij) made through the new model's service; its first-generation URL."""
    from partijen import services

    def _make() -> str:
        partij = services.create_partij(
            {"soort_partij": "persoon", "indicatie_actief": True, "partij_identificatie": {}}
        )
        return f"http://testserver{KIC}/klanten/{partij.uuid}"

    return _make


@pytest.fixture
def contactmoment_url():
    from kic_compat.contactmomenten import services

    def _make() -> str:
        klantcontact = services.create_contactmoment(
            {"bronorganisatie": BRONORGANISATIE, "medewerker_identificatie": {"identificatie": "m"}}
        )
        return f"http://testserver{KIC}/contactmomenten/{klantcontact.uuid}"

    return _make
