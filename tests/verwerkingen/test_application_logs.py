"""A BSN that is searched never reaches the application logs in plain text: not from the API
(2xx or 4xx), not from the command, not in runserver's or gunicorn's request lines."""

import io
import logging
import runpy
import threading
import time
import urllib.error
import urllib.request
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.core.wsgi import get_wsgi_application

from klantenregister.logging import mask_bsn
from tests.partijen.helpers import DIGITALE_ADRESSEN, IDENTIFICATOREN, PARTIJEN

pytestmark = pytest.mark.django_db


def assert_no_bsn(bsn: str, written: str, caplog) -> None:
    assert bsn not in written
    for record in caplog.records:
        assert bsn not in record.getMessage(), record
        assert bsn not in (record.exc_text or ""), record


def test_searching_by_bsn_logs_no_bsn_also_when_the_request_fails(
    api, make_client, persoon, written_logs, caplog
):
    partij, bsn = persoon
    anonymous = make_client("all")
    anonymous.credentials()
    search = {"partijIdentificator__codeSoortObjectId": "bsn", "partijIdentificator__objectId": bsn}
    caplog.set_level(logging.DEBUG)

    statuses = [
        api.get(PARTIJEN, search).status_code,
        api.get(IDENTIFICATOREN, {"partijIdentificatorObjectId": bsn}).status_code,
        api.get(
            DIGITALE_ADRESSEN, {"verstrektDoorPartij__partijIdentificator__objectId": bsn}
        ).status_code,
        api.get(PARTIJEN, {**search, "onbekend": bsn}).status_code,
        api.get(PARTIJEN, {**search, "pageSize": f"{bsn}x"}).status_code,
        api.get(f"{PARTIJEN}/{bsn}").status_code,  # the BSN in the path: no such route
        anonymous.get(PARTIJEN, search).status_code,
    ]

    assert statuses == [200, 200, 200, 400, 400, 404, 401]
    written = written_logs.getvalue()
    # The 4xx warnings were written (so this test sees the log), the BSN only as its mask.
    assert "Bad Request: /klantinteracties/api/v1/partijen" in written
    assert "Unauthorized: /klantinteracties/api/v1/partijen" in written
    assert f"Not Found: /klantinteracties/api/v1/partijen/{mask_bsn(bsn)}" in written
    assert_no_bsn(bsn, written, caplog)


def test_the_command_logs_no_bsn(api, persoon, written_logs, caplog):
    partij, bsn = persoon
    api.get(f"{PARTIJEN}/{partij.uuid}")
    caplog.set_level(logging.DEBUG)
    out, err = io.StringIO(), io.StringIO()

    call_command("verwerkingen", "--bsn", bsn, stdout=out, stderr=err)
    call_command("verwerkingen", "--bsn", bsn, "--format", "json", stdout=out, stderr=err)

    assert "Raadplegen persoon" in out.getvalue()
    assert_no_bsn(bsn, written_logs.getvalue() + out.getvalue() + err.getvalue(), caplog)


@pytest.fixture
def runserver():
    """Django's development server (runserver's server and request handler) on 127.0.0.1."""
    server = WSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    server.set_app(get_wsgi_application())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_runserver_request_lines_show_the_bsn_only_masked(runserver, written_logs, persoon):
    _, bsn = persoon
    url = f"{runserver}{PARTIJEN}?partijIdentificator__objectId={bsn}"

    with pytest.raises(urllib.error.HTTPError) as error:  # no token: 401
        urllib.request.urlopen(url, timeout=10)

    assert error.value.code == 401
    # The server writes its request line after the response has gone out.
    deadline = time.monotonic() + 5
    while "django.server" not in written_logs.getvalue() and time.monotonic() < deadline:
        time.sleep(0.01)
    written = written_logs.getvalue()
    assert f"GET {PARTIJEN}?partijIdentificator__objectId={mask_bsn(bsn)} HTTP/1.1" in written
    assert bsn not in written


def test_gunicorn_access_log_lines_carry_no_query_string():
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    conf = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", conf["access_log_format"])
    bsn = "111222333"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{PARTIJEN}?partijIdentificator__objectId={bsn}",
        "PATH_INFO": PARTIJEN,
        "QUERY_STRING": f"partijIdentificator__objectId={bsn}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://example.nl/?bsn={bsn}",
    }
    response = SimpleNamespace(status="200 OK", headers=[], sent=12)
    logger = Logger(config)
    atoms = logger.atoms_wrapper_class(logger.atoms(response, [], environ, timedelta(0)))

    line = config.access_log_format % atoms

    assert f"GET {PARTIJEN} HTTP/1.1" in line and " 200 " in line
    assert bsn not in line
