"""Check 28 over real HTTP: the register served by a live server, the DRC checking each POST
and DELETE against it as Open Zaak does, and eager Celery (`make run`): the mirror runs right
after the write commits, so the DRC's callback query sees the relation."""

import pytest
import requests

from kic_compat.drc_mirror.models import DrcMirrorJob
from kic_compat.models import MirrorState, VerzoekInformatieObject
from klantenregister.api.jwt import make_token
from klantenregister.core.services import create_api_client
from tests.kic_mirror.conftest import VERZOEKEN, VIOS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def client_headers(kic_live):
    secret = "zaaksysteem-secret-long-enough-for-hs256"
    create_api_client(
        "zaaksysteem",
        [],
        kic_scopes=["verzoeken.lezen", "verzoeken.aanmaken", "verzoeken.verwijderen"],
        jwt_secret=secret,
    )
    return {"Authorization": f"Bearer {make_token('zaaksysteem', secret)}"}


def test_after_the_vio_commits_exactly_one_drc_post_whose_callback_sees_it(
    kic_live, drc, client_headers
):
    response = requests.post(
        f"{kic_live.url}{VERZOEKEN}",
        json={"bronorganisatie": "002220647", "status": "ontvangen"},
        headers=client_headers,
        timeout=10,
    )
    assert response.status_code == 201, response.text
    verzoek = response.json()["url"]
    io = drc.add_informatieobject()

    response = requests.post(
        f"{kic_live.url}{VIOS}",
        json={"informatieobject": io, "verzoek": verzoek},
        headers=client_headers,
        timeout=10,
    )

    assert response.status_code == 201, response.text
    [post] = drc.posts()
    assert post.body == {"informatieobject": io, "object": verzoek, "objectType": "verzoek"}
    assert post.status == 201
    # Open Zaak's check ran against us, after our commit, and found the relation.
    [(verzoek_get, verzoek_status, _), (query, status, body)] = drc.callback_answers
    assert (verzoek_get, verzoek_status) == (verzoek, 200)
    assert status == 200
    assert [(r["informatieobject"], r["verzoek"]) for r in body] == [(io, verzoek)]
    vio = VerzoekInformatieObject.objects.get()
    assert vio.mirror_state == MirrorState.DONE
    assert vio.drc_oio_url == next(iter(drc.relations.values()))["url"]

    # And the DELETE: the DRC's check finds nothing left here, so it lets it go.
    response = requests.delete(response.json()["url"], headers=client_headers, timeout=10)
    assert response.status_code == 204
    [delete] = drc.deletes()
    assert delete.status == 204
    assert drc.relations == {}
    assert list(DrcMirrorJob.objects.values_list("status", flat=True)) == ["done", "done"]
