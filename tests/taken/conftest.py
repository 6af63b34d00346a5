import pytest

from tests.conftest import KI  # noqa: F401  (re-exported for the test modules)

TAKEN = "/taken/api/v1/taken"
INTERNETAKEN = "/klantinteracties/api/v1/internetaken"
ZAAK = "https://zaken.example.nl/api/v1/zaken/7f1c1ad4-3b5e-4a55-9d4b-6b2a1c0e9f10"


@pytest.fixture
def zaaksysteem(make_client):
    """The application that creates klanttaken (their eigenaar)."""
    return make_client("taken:write")


@pytest.fixture
def portaal(make_client):
    """MijnOmgeving: reads and submits taken for the klant."""
    return make_client("taken:write")
