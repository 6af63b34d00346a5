"""The delivery algorithm of spec §6.3 against the test DRC (checks 29, 30, 32 and the rest).

Jobs are recorded in the test's transaction; `deliver()` runs the worker's code.
"""

from datetime import timedelta

import pytest

from kic_compat.drc_mirror import services as mirror
from kic_compat.drc_mirror.models import DrcMirrorJob
from kic_compat.models import MirrorState
from klantenregister.core.models import ExterneDienst
from tests.kic_mirror.conftest import add_document, deliver, jobs, verzoek_url

pytestmark = pytest.mark.django_db

DONE, FAILED, SKIPPED = (
    DrcMirrorJob.Status.DONE,
    DrcMirrorJob.Status.FAILED,
    DrcMirrorJob.Status.SKIPPED,
)


@pytest.fixture
def verzoek(verzoek_factory, drc_dienst):
    return verzoek_factory()


def test_create_posts_the_relation_with_objecttype_verzoek_and_stores_its_url(drc, verzoek):
    io = drc.add_informatieobject()
    vio = add_document(verzoek, io)
    assert drc.posts() == []  # nothing before the worker runs

    deliver()

    [post] = drc.posts()
    assert post.body == {
        "informatieobject": io,
        "object": verzoek_url(verzoek),
        "objectType": "verzoek",
    }
    assert post.headers["content-type"] == "application/json"
    assert post.authorization.startswith("Bearer ")
    [relation] = drc.relations.values()
    vio.refresh_from_db()
    assert vio.mirror_state == MirrorState.DONE
    assert vio.drc_oio_url == relation["url"]
    assert vio.mirror_attempts == 1
    [job] = jobs()
    assert (job.status, job.drc_oio_url) == (DONE, relation["url"])
    # Looked up first, then posted; both recorded with the attempt.
    verloop = job.pogingen.get().verloop
    assert verloop.splitlines()[0].startswith("GET ") and "→ 200" in verloop
    assert "POST " in verloop and "→ 201" in verloop


def test_relation_the_drc_already_holds_is_found_by_the_lookup_and_not_posted(drc, verzoek):
    io = drc.add_informatieobject()
    held = drc.hold(io, verzoek_url(verzoek))
    vio = add_document(verzoek, io)

    deliver()

    assert drc.posts() == []
    vio.refresh_from_db()
    assert (vio.mirror_state, vio.drc_oio_url) == (MirrorState.DONE, held)
    assert len(drc.relations) == 1


def test_unique_from_the_drc_goes_back_to_the_lookup_and_is_done_without_a_second_post(
    drc, verzoek
):
    io = drc.add_informatieobject()
    held = drc.hold(io, verzoek_url(verzoek))
    drc.hide_from_lookup = 1  # the first lookup misses it, the POST then says `unique`
    vio = add_document(verzoek, io)

    deliver()

    [post] = drc.posts()
    assert post.status == 400
    assert len(drc.requests_for("GET", "/api/v1/objectinformatieobjecten")) == 2
    vio.refresh_from_db()
    assert (vio.mirror_state, vio.drc_oio_url) == (MirrorState.DONE, held)
    assert len(drc.relations) == 1


def test_the_same_document_at_another_verzoek_is_no_lookup_hit(drc, verzoek, verzoek_factory):
    io = drc.add_informatieobject()
    other = verzoek_factory()
    drc.hold(io, verzoek_url(other))
    add_document(verzoek, io)

    deliver()

    assert len(drc.posts()) == 1
    assert (verzoek_url(verzoek), io) in drc.pairs()


@pytest.mark.parametrize("status", [503, 500, 429])
def test_server_errors_and_429_are_retried_with_backoff_until_the_drc_accepts(drc, verzoek, status):
    io = drc.add_informatieobject()
    vio = add_document(verzoek, io)
    drc.fail(status, times=2)  # the lookups of two attempts

    mirror.deliver_due()
    [job] = jobs()
    assert (job.status, job.attempts) == (DrcMirrorJob.Status.PENDING, 1)
    assert str(status) in job.last_error
    first_wait = job.next_attempt_at - job.last_attempt_at
    vio.refresh_from_db()
    assert (vio.mirror_state, vio.mirror_attempts) == (MirrorState.PENDING, 1)
    assert str(status) in vio.mirror_last_error
    assert mirror.deliver_due() == 0  # not due yet: it waits out the backoff

    deliver()

    job.refresh_from_db()
    assert (job.status, job.attempts) == (DONE, 3)
    second = job.pogingen.all()[1]
    assert second.uitkomst == "retry"
    vio.refresh_from_db()
    assert (vio.mirror_state, vio.mirror_last_error) == (MirrorState.DONE, "")
    assert len(drc.relations) == 1
    # 0.05 s base, doubling, with at most 10 % on top.
    assert timedelta(seconds=0.05) <= first_wait <= timedelta(seconds=0.056)


def test_a_retry_after_of_the_drc_is_waited_out(drc, verzoek):
    add_document(verzoek, drc.add_informatieobject())
    drc.fail(429, retry_after=0.3)

    mirror.deliver_due()

    [job] = jobs()
    assert job.next_attempt_at - job.last_attempt_at >= timedelta(seconds=0.3)
    deliver()
    assert len(drc.relations) == 1


def test_backoff_doubles_from_the_base_up_to_the_maximum(settings):
    settings.KIC_DRC_MIRROR_RETRY_BASE_SECONDS = 60
    settings.KIC_DRC_MIRROR_RETRY_MAX_SECONDS = 6 * 3600
    waits = [mirror.backoff_seconds(n) for n in range(1, 12)]
    for n, wait in enumerate(waits[:9]):
        assert 60 * 2**n <= wait <= 60 * 2**n * 1.1
    assert 6 * 3600 <= waits[-1] <= 6 * 3600 * 1.1


def test_drc_that_does_not_answer_in_time_is_retried(drc, verzoek):
    io = drc.add_informatieobject()
    add_document(verzoek, io)
    drc.hang(method="POST")

    mirror.deliver_due()
    [job] = jobs()
    assert job.status == DrcMirrorJob.Status.PENDING
    assert "tijdslimiet" in job.last_error
    drc.release()

    deliver()
    assert len(drc.relations) == 1


def test_drc_that_is_down_is_retried_and_the_relation_arrives_when_it_is_back(drc, verzoek):
    io = drc.add_informatieobject()
    vio = add_document(verzoek, io)  # the informatieobject check needs the DRC up
    drc.go_down()

    mirror.deliver_due()
    [job] = jobs()
    assert job.status == DrcMirrorJob.Status.PENDING
    assert "geen verbinding" in job.last_error

    drc.start()
    deliver()
    vio.refresh_from_db()
    assert vio.mirror_state == MirrorState.DONE
    assert drc.pairs() == [(verzoek_url(verzoek), io)]


def test_inconsistent_relation_is_retried(drc, verzoek):
    io = drc.add_informatieobject()
    add_document(verzoek, io)
    drc.reject("inconsistent-relation")

    deliver()

    [job] = jobs()
    assert (job.status, job.attempts) == (DONE, 2)
    assert "inconsistent-relation" in job.pogingen.first().verloop


def test_other_400_fails_at_once_with_the_drcs_answer_visible(drc, verzoek):
    io = drc.add_informatieobject()
    vio = add_document(verzoek, io)
    drc.reject("invalid-resource")

    deliver()

    [job] = jobs()
    assert (job.status, job.attempts) == (FAILED, 1)
    assert "invalid-resource" in job.last_error
    vio.refresh_from_db()
    assert vio.mirror_state == MirrorState.FAILED
    assert "invalid-resource" in vio.mirror_last_error
    assert drc.relations == {}


def test_drc_refusing_our_credentials_fails_at_once(drc, verzoek, drc_dienst):
    io = drc.add_informatieobject()
    vio = add_document(verzoek, io)
    drc_dienst.set_secret("not-the-secret-the-drc-gave-us")
    drc_dienst.save()

    deliver()

    [job] = jobs()
    assert (job.status, job.attempts) == (FAILED, 1)
    assert "401" in job.last_error and "secret" in job.last_error
    vio.refresh_from_db()
    assert vio.mirror_state == MirrorState.FAILED


def test_informatieobject_of_no_configured_drc_fails_with_a_clear_error(drc, verzoek, settings):
    io = drc.add_informatieobject()
    vio = add_document(verzoek, io)
    ExterneDienst.objects.all().delete()

    deliver()

    [job] = jobs()
    assert job.status == FAILED
    assert "Geen DRC geconfigureerd" in job.last_error and io in job.last_error
    assert drc.posts() == []
    vio.refresh_from_db()
    assert vio.mirror_state == MirrorState.FAILED


def test_gives_up_after_the_configured_attempts_with_the_error_visible_and_retry_now_works(
    drc, verzoek, settings
):
    settings.KIC_DRC_MIRROR_MAX_ATTEMPTS = 3
    io = drc.add_informatieobject()
    vio = add_document(verzoek, io)
    drc.fail(503, times=3)

    deliver()

    [job] = jobs()
    assert (job.status, job.attempts) == (FAILED, 3)
    assert job.last_error.startswith("Opgegeven na 3 pogingen")
    assert "503" in job.last_error
    assert [p.uitkomst for p in job.pogingen.all()] == ["retry", "retry", "failed"]
    vio.refresh_from_db()
    assert (vio.mirror_state, vio.mirror_attempts) == (MirrorState.FAILED, 3)
    assert "503" in vio.mirror_last_error

    assert mirror.retry_jobs(DrcMirrorJob.objects.all()) == 1
    vio.refresh_from_db()
    assert vio.mirror_state == MirrorState.PENDING
    deliver()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (DONE, 1)
    assert drc.pairs() == [(verzoek_url(verzoek), io)]


def test_create_then_delete_before_delivery_leaves_nothing_in_the_drc(drc, verzoek):
    from kic_compat.verzoeken import services

    io = drc.add_informatieobject()
    vio = add_document(verzoek, io)
    services.delete_verzoekinformatieobject(vio)

    deliver()

    assert drc.relations == {}
    assert drc.posts() == []
    create, delete = jobs()
    assert (create.actie, create.status) == ("create", SKIPPED)
    assert (delete.actie, delete.status) == ("delete", DONE)


def test_delete_then_recreate_before_delivery_leaves_the_relation_in_the_drc(drc, verzoek):
    from kic_compat.verzoeken import services

    io = drc.add_informatieobject()
    first = add_document(verzoek, io)
    deliver()
    services.delete_verzoekinformatieobject(first)
    second = add_document(verzoek, io)

    deliver()

    assert drc.pairs() == [(verzoek_url(verzoek), io)]
    assert drc.deletes() == []  # the delete saw the pair back here and left it
    second.refresh_from_db()
    assert second.mirror_state == MirrorState.DONE
    assert [(j.actie, j.status) for j in jobs()] == [
        ("create", DONE),
        ("delete", SKIPPED),
        ("create", DONE),
    ]


def test_jobs_of_one_pair_wait_for_the_earlier_one(drc, verzoek):
    from kic_compat.verzoeken import services

    io = drc.add_informatieobject()
    vio = add_document(verzoek, io)
    services.delete_verzoekinformatieobject(vio)
    drc.fail(503)  # the create's first attempt fails

    mirror.deliver_due()
    create, delete = jobs()
    # The delete was not attempted while the create before it is still pending.
    assert (create.attempts, delete.attempts) == (1, 0)


def test_jobs_of_different_pairs_do_not_wait_for_each_other(drc, verzoek):
    slow, fast = drc.add_informatieobject(), drc.add_informatieobject()
    add_document(verzoek, slow)
    add_document(verzoek, fast)
    drc.fail(503)

    mirror.deliver_due()

    first, second = jobs()
    assert (first.status, second.status) == (DrcMirrorJob.Status.PENDING, DONE)
