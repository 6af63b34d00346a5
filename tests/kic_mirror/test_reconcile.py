"""`manage.py kic_reconcile_drc [--dry-run]` and the DRC service from the environment."""

import io as stringio
import uuid

import pytest
from django.core.management import call_command

from kic_compat.drc_mirror import config
from kic_compat.drc_mirror.models import DrcMirrorJob
from kic_compat.models import MirrorState, VerzoekInformatieObject
from klantenregister.core.models import ExterneDienst
from tests.kic_mirror.conftest import SITE, VERZOEKEN, add_document, deliver, jobs, verzoek_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def out_of_sync(drc, drc_dienst, verzoek_factory):
    """A register and a DRC that drifted apart in every way reconcile knows."""
    verzoek, other = verzoek_factory(), verzoek_factory()
    in_sync, lost, stale = (drc.add_informatieobject() for _ in range(3))
    add_document(verzoek, in_sync)
    lost_vio = add_document(verzoek, lost)
    stale_vio = add_document(other, stale)
    deliver()
    # Someone removed one relation in the DRC by hand, and another's state here is wrong.
    drc.relations = {k: r for k, r in drc.relations.items() if r["informatieobject"] != lost}
    VerzoekInformatieObject.objects.filter(pk=stale_vio.pk).update(
        mirror_state=MirrorState.FAILED, drc_oio_url=""
    )
    orphan_io = drc.add_informatieobject()
    drc.hold(orphan_io, verzoek_url(verzoek))  # a relation with no relation here
    drc.hold(orphan_io, f"{SITE}{VERZOEKEN}/{uuid.uuid4()}")  # to a verzoek deleted since
    # Not ours to judge: another register's verzoek, and a zaak.
    drc.hold(orphan_io, f"http://ander.example{VERZOEKEN}/{uuid.uuid4()}")
    drc.hold(orphan_io, f"{drc.host}/zaken/api/v1/zaken/{uuid.uuid4()}", object_type="zaak")
    return {
        "verzoek": verzoek,
        "other": other,
        "lost": lost_vio,
        "stale": stale_vio,
        "orphan_io": orphan_io,
        "ours": sorted(
            [
                (verzoek_url(verzoek), in_sync),
                (verzoek_url(verzoek), lost),
                (verzoek_url(other), stale),
            ]
        ),
    }


def _run(*args) -> str:
    out = stringio.StringIO()
    call_command("kic_reconcile_drc", *args, "--no-progress", stdout=out)
    return out.getvalue()


def test_dry_run_reports_the_differences_and_changes_nothing(drc, out_of_sync):
    before_jobs, before_drc = len(jobs()), dict(drc.relations)

    output = _run("--dry-run")

    assert "Droogoefening" in output
    assert "Relaties hier: 3; in de DRC (naar onze verzoeken): 4" in output
    assert "Ontbrak in de DRC, zou aanmaken ingepland: 1" in output
    assert "Wees in de DRC, zou verwijderen ingepland: 2" in output
    assert "In orde: 2 (waarvan status bijgewerkt: 1)" in output
    assert len(jobs()) == before_jobs
    assert drc.relations == before_drc
    out_of_sync["stale"].refresh_from_db()
    assert out_of_sync["stale"].mirror_state == MirrorState.FAILED


def test_real_run_repairs_both_directions(drc, out_of_sync):
    output = _run()

    assert "Ontbrak in de DRC, aanmaken ingepland: 1" in output
    assert "Wees in de DRC, verwijderen ingepland: 2" in output
    deliver()
    ours = [(o, i) for o, i in drc.pairs() if o.startswith(SITE)]
    assert ours == out_of_sync["ours"]
    assert len(drc.pairs()) == 5  # the other register's and the zaak's relation stay
    for vio in VerzoekInformatieObject.objects.all():
        assert vio.mirror_state == MirrorState.DONE
        assert vio.drc_oio_url
    # A second run finds nothing to do.
    output = _run()
    assert "aanmaken ingepland: 0" in output and "verwijderen ingepland: 0" in output


def test_differences_a_pending_job_is_on_are_left_to_it(drc, drc_dienst, verzoek_factory):
    add_document(verzoek_factory(), drc.add_informatieobject())  # not delivered yet

    output = _run()

    assert "Al onderweg (wachtende opdracht): 1" in output
    assert len(jobs()) == 1


def test_unreadable_drc_is_reported_and_the_command_fails(drc, drc_dienst, verzoek_factory):
    add_document(verzoek_factory(), drc.add_informatieobject())
    deliver()
    drc.fail(503)
    err = stringio.StringIO()
    with pytest.raises(SystemExit):
        call_command("kic_reconcile_drc", "--no-progress", stdout=stringio.StringIO(), stderr=err)
    assert "niet te lezen" in err.getvalue()
    assert len(jobs()) == 1


def test_drc_service_is_created_from_the_environment_once_and_then_left_to_the_admin(settings, db):
    settings.KIC_DRC_URL = "https://drc.example/api/v1"
    settings.KIC_DRC_CLIENT_ID = "klantenregister"
    settings.KIC_DRC_SECRET = "geheim-van-de-drc"

    call_command("migrate", verbosity=0)  # the deploy's data step

    dienst = ExterneDienst.objects.get()
    assert (dienst.api_root, dienst.client_id) == ("https://drc.example/api/v1/", "klantenregister")
    assert dienst.get_secret() == "geheim-van-de-drc"
    assert ExterneDienst.voor_url("https://drc.example/api/v1/enkelvoudiginformatieobjecten/1")

    dienst.client_id = "in-de-admin-gewijzigd"
    dienst.save()
    settings.KIC_DRC_CLIENT_ID = "anders"
    assert config.drc_from_environment() is None
    assert ExterneDienst.objects.get().client_id == "in-de-admin-gewijzigd"


def test_no_drc_service_without_a_client_id(settings, db):
    settings.KIC_DRC_URL = "https://drc.example/api/v1"
    settings.KIC_DRC_CLIENT_ID = ""
    assert config.drc_from_environment() is None
    assert not ExterneDienst.objects.exists()
    assert DrcMirrorJob.objects.count() == 0


def test_progress_bar_goes_to_stderr_and_the_summary_to_stdout(drc, out_of_sync):
    out, err = stringio.StringIO(), stringio.StringIO()
    call_command("kic_reconcile_drc", "--dry-run", stdout=out, stderr=err)
    assert "relaties hier" in err.getvalue() and "3/3" in err.getvalue()
    assert "relaties hier" not in out.getvalue()
    assert "Ontbrak in de DRC" in out.getvalue()


def test_settings_of_the_mirror_are_checked_at_start_up(settings):
    from klantenregister.core import checks

    settings.KIC_DRC_MIRROR_MAX_ATTEMPTS = 0
    settings.KIC_DRC_URL = "drc.example/api/v1"
    ids = {message.id for message in checks.check_kic_settings()}
    assert {"kic.E009", "kic.E010"} <= ids

    settings.KIC_DRC_URL, settings.SITE_URL = "https://drc.example/api/v1", ""
    assert [m.id for m in checks.check_kic_drc_site_url()] == ["kic.W001"]
    settings.SITE_URL = "https://klanten.gemeente.nl"
    assert checks.check_kic_drc_site_url() == []
