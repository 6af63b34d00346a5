import base64

import pytest

BERICHTEN = "/berichten/api/v1/berichten"
ZAAK = "https://zaken.example.nl/api/v1/zaken/7f1c1ad4-3b5e-4a55-9d4b-6b2a1c0e9f10"
DOCUMENT = "https://documenten.example.nl/api/v1/enkelvoudiginformatieobjecten/3c2c5c0e-1f7e-4b1b-9c3e-2f4d6a8b0c1d"
OIN = "00000001234567890000"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PDF_B64 = base64.b64encode(PDF).decode()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Bijlage files of a test go to its own directory."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def afzender(make_client):
    """The sender (zaaksysteem, output management): berichten:write."""
    return make_client("berichten:write")


@pytest.fixture
def portaal(make_client):
    """MijnOmgeving: berichten:read, plus the read receipt."""
    return make_client("berichten:read")
