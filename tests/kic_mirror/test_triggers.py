"""Spec §6.1: every path that creates, changes or deletes a verzoek-informatieobject records
exactly the jobs it should, in the change's transaction (check 31 and the triggers)."""

import pytest
from django.db import transaction

from kic_compat.drc_mirror.models import DrcMirrorJob
from kic_compat.models import MirrorState, VerzoekInformatieObject
from tests.admin.conftest import admin_url
from tests.kic_mirror.conftest import VERZOEKEN, VIOS, add_document, deliver, jobs, verzoek_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def verzoek(verzoek_factory, drc_dienst):
    return verzoek_factory()


def actions() -> list[tuple[str, str]]:
    return [(job.actie, job.informatieobject) for job in jobs()]


def test_service_create_records_one_create_job_not_two(drc, verzoek):
    io = drc.add_informatieobject()
    vio = add_document(verzoek, io)
    [job] = jobs()
    assert (job.actie, job.verzoekinformatieobject_uuid) == ("create", vio.uuid)
    assert (job.verzoek_url, job.informatieobject) == (verzoek_url(verzoek), io)
    assert job.status == DrcMirrorJob.Status.PENDING


def test_a_write_that_rolls_back_leaves_no_job(drc, verzoek):
    io = drc.add_informatieobject()
    with pytest.raises(RuntimeError), transaction.atomic():
        add_document(verzoek, io)
        raise RuntimeError("the handling fails after the relation was saved")
    assert jobs() == []
    assert not VerzoekInformatieObject.objects.exists()


def test_api_create_and_delete_record_create_then_delete(drc, verzoek, kic_api):
    io = drc.add_informatieobject()
    response = kic_api.post(
        VIOS, {"informatieobject": io, "verzoek": verzoek_url(verzoek)}, format="json"
    )
    assert response.status_code == 201, response.content
    vio = VerzoekInformatieObject.objects.get()
    deliver()
    vio.refresh_from_db()
    assert vio.mirror_state == MirrorState.DONE

    assert kic_api.delete(f"{VIOS}/{vio.uuid}").status_code == 204
    create, delete = jobs()
    assert (delete.actie, delete.drc_oio_url) == ("delete", vio.drc_oio_url)
    deliver()
    assert drc.relations == {}
    [gone] = drc.deletes()
    assert gone.path.endswith(vio.drc_oio_url.rsplit("/", 1)[1])


def test_api_bad_input_records_no_job_and_calls_no_drc_write(drc, verzoek, kic_api):
    response = kic_api.post(
        VIOS,
        {
            "informatieobject": f"{drc.root}/enkelvoudiginformatieobjecten/onbekend",
            "verzoek": verzoek_url(verzoek),
        },
        format="json",
    )
    assert response.status_code == 400
    assert jobs() == []
    assert drc.posts() == []


def test_deleting_one_document_of_a_verzoek_removes_exactly_that_relation(drc, verzoek):
    from kic_compat.verzoeken import services

    keep, drop = drc.add_informatieobject("houden.pdf"), drc.add_informatieobject("weg.pdf")
    add_document(verzoek, keep)
    gone = add_document(verzoek, drop)
    deliver()
    services.delete_verzoekinformatieobject(gone)

    deliver()

    assert drc.pairs() == [(verzoek_url(verzoek), keep)]


def test_delete_without_a_stored_url_looks_up_on_both_fields(drc, verzoek):
    """The verzoeken reference filtered on `object` only and deleted the first hit, possibly
    another document's relation (spec §6.3 delete 2)."""
    from kic_compat.verzoeken import services

    other_io, io = drc.add_informatieobject("ander.pdf"), drc.add_informatieobject("dit.pdf")
    drc.hold(other_io, verzoek_url(verzoek))  # another document's relation, made elsewhere
    vio = add_document(verzoek, io)
    # Deleted before the create's outcome reached the row: no drc_oio_url to go by.
    services.delete_verzoekinformatieobject(vio)
    assert jobs()[1].drc_oio_url == ""
    drc.hold(io, verzoek_url(verzoek))

    deliver()

    assert drc.pairs() == [(verzoek_url(verzoek), other_io)]


def test_deleting_a_verzoek_removes_its_relations_and_leaves_other_verzoeken(
    drc, verzoek, verzoek_factory
):
    from kic_compat.verzoeken import services

    other = verzoek_factory()
    a, b, c = (drc.add_informatieobject() for _ in range(3))
    add_document(verzoek, a)
    add_document(verzoek, b)
    add_document(other, c)
    deliver()

    services.delete_verzoek(verzoek)

    assert sorted(j.informatieobject for j in jobs(actie="delete")) == sorted([a, b])
    deliver()
    assert drc.pairs() == [(verzoek_url(other), c)]


def test_api_delete_of_a_verzoek_removes_its_relations(drc, verzoek, kic_api):
    io = drc.add_informatieobject()
    add_document(verzoek, io)
    deliver()
    assert kic_api.delete(f"{VERZOEKEN}/{verzoek.uuid}").status_code == 204
    assert [j.actie for j in jobs()] == ["create", "delete"]
    deliver()
    assert drc.relations == {}


def test_orm_cascade_and_queryset_delete_are_caught_by_the_safety_net(
    drc, verzoek, verzoek_factory
):
    other = verzoek_factory()
    a, b = drc.add_informatieobject(), drc.add_informatieobject()
    add_document(verzoek, a)
    add_document(other, b)
    deliver()

    with transaction.atomic():
        verzoek.delete()  # plain ORM: the cascade takes its relation
        VerzoekInformatieObject.objects.filter(verzoek=other).delete()

    assert sorted(j.informatieobject for j in jobs(actie="delete")) == sorted([a, b])
    deliver()
    assert drc.relations == {}


def test_changing_the_pair_deletes_the_old_relation_and_creates_the_new(
    drc, verzoek, verzoek_factory
):
    io, new_io = drc.add_informatieobject(), drc.add_informatieobject()
    other = verzoek_factory()
    vio = add_document(verzoek, io)
    deliver()

    vio = VerzoekInformatieObject.objects.get(pk=vio.pk)
    vio.verzoek, vio.informatieobject = other, new_io
    with transaction.atomic():
        vio.save()

    assert [(j.actie, j.verzoek_url, j.informatieobject) for j in jobs()][1:] == [
        ("delete", verzoek_url(verzoek), io),
        ("create", verzoek_url(other), new_io),
    ]
    vio.refresh_from_db()
    assert (vio.mirror_state, vio.drc_oio_url) == (MirrorState.PENDING, "")
    deliver()
    assert drc.pairs() == [(verzoek_url(other), new_io)]
    vio.refresh_from_db()
    assert vio.mirror_state == MirrorState.DONE


def test_saving_without_changing_the_pair_records_nothing(drc, verzoek):
    vio = add_document(verzoek, drc.add_informatieobject())
    deliver()
    vio = VerzoekInformatieObject.objects.get(pk=vio.pk)
    vio.save()
    assert len(jobs()) == 1


# --- Admin ---------------------------------------------------------------------------------


def test_admin_delete_and_bulk_delete_remove_exactly_the_matching_relations(drc, verzoek, staff):
    ios = [drc.add_informatieobject() for _ in range(4)]
    vios = [add_document(verzoek, io) for io in ios]
    deliver()

    response = staff.post(admin_url(VerzoekInformatieObject, "delete", vios[0].pk), {"post": "yes"})
    assert response.status_code == 302
    response = staff.post(
        admin_url(VerzoekInformatieObject, "changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [vios[1].pk, vios[2].pk],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert len(jobs(actie="delete")) == 3

    deliver()
    assert drc.pairs() == [(verzoek_url(verzoek), ios[3])]


def test_admin_retry_now_on_a_failed_relation_delivers_it(drc, verzoek, staff, settings):
    settings.KIC_DRC_MIRROR_MAX_ATTEMPTS = 1
    vio = add_document(verzoek, drc.add_informatieobject())
    drc.fail(503)
    deliver()
    vio.refresh_from_db()
    assert vio.mirror_state == MirrorState.FAILED

    response = staff.post(
        admin_url(VerzoekInformatieObject, "changelist"),
        {"action": "drc_nu_opnieuw", "_selected_action": [vio.pk]},
    )
    assert response.status_code == 302
    vio.refresh_from_db()
    assert vio.mirror_state == MirrorState.PENDING
    deliver()
    vio.refresh_from_db()
    assert vio.mirror_state == MirrorState.DONE


def test_admin_shows_the_state_of_each_relation_and_every_attempt(drc, verzoek, staff):
    vio = add_document(verzoek, drc.add_informatieobject())
    drc.fail(503)
    deliver()

    listing = staff.get(admin_url(VerzoekInformatieObject, "changelist")).content.decode()
    assert "Gespiegeld" in listing
    page = staff.get(admin_url(VerzoekInformatieObject, "change", vio.pk)).content.decode()
    assert "Gespiegeld" in page and "spiegelopdrachten" in page
    [job] = jobs()
    detail = staff.get(admin_url(DrcMirrorJob, "change", job.pk)).content.decode()
    assert detail.count("objectinformatieobjecten") >= 3  # lookup, retry lookup, POST
    assert "503" in detail
    jobs_page = staff.get(admin_url(DrcMirrorJob, "changelist") + f"?q={vio.uuid}")
    assert jobs_page.status_code == 200
    assert "gespiegeld" in jobs_page.content.decode()


def test_relation_made_in_the_admin_is_mirrored(drc, verzoek, staff):
    io = drc.add_informatieobject()
    response = staff.post(
        admin_url(VerzoekInformatieObject, "add"),
        {"verzoek": verzoek.pk, "informatieobject": io},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    [job] = jobs()
    assert (job.actie, job.informatieobject, job.verzoek_url) == (
        "create",
        io,
        verzoek_url(verzoek),
    )
    deliver()
    assert drc.pairs() == [(verzoek_url(verzoek), io)]


def test_pair_changed_in_the_admin_moves_the_relation_in_the_drc(drc, verzoek, staff):
    io, new_io = drc.add_informatieobject(), drc.add_informatieobject()
    vio = add_document(verzoek, io)
    deliver()

    response = staff.post(
        admin_url(VerzoekInformatieObject, "change", vio.pk),
        {"verzoek": verzoek.pk, "informatieobject": new_io},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    deliver()
    assert drc.pairs() == [(verzoek_url(verzoek), new_io)]


def test_relation_made_on_the_verzoeks_admin_page_is_mirrored(drc, verzoek, staff):
    from kic_compat.models import Verzoek
    from tests.admin.conftest import add_inline_row, errors_of, page_form_data

    io = drc.add_informatieobject()
    data = page_form_data(staff.get(admin_url(Verzoek, "change", verzoek.pk)))
    add_inline_row(data, "verzoekinformatieobjecten", informatieobject=io)
    response = staff.post(admin_url(Verzoek, "change", verzoek.pk), data)
    assert response.status_code == 302, errors_of(response)
    deliver()
    assert drc.pairs() == [(verzoek_url(verzoek), io)]


def test_admin_add_form_refuses_what_is_no_informatieobject_and_records_nothing(
    drc, verzoek, staff
):
    response = staff.post(
        admin_url(VerzoekInformatieObject, "add"),
        {"verzoek": verzoek.pk, "informatieobject": f"{drc.root}/enkelvoudiginformatieobjecten/x"},
    )
    assert response.status_code == 200  # the form again, with the error
    assert jobs() == []
    assert not VerzoekInformatieObject.objects.exists()


def test_loading_relations_costs_no_extra_queries(drc, verzoek, django_assert_num_queries):
    for _ in range(3):
        add_document(verzoek, drc.add_informatieobject())
    with django_assert_num_queries(1):
        assert len(list(VerzoekInformatieObject.objects.only("uuid"))) == 3
    with django_assert_num_queries(1):
        assert len(list(VerzoekInformatieObject.objects.all())) == 3
