"""Every change is kept with who made it: an API client, a staff member, a management
command, a Celery task, or "systeem" when nothing declared itself."""

import io

import pytest
from django.core.management import call_command

from klantenregister.celery import app as celery_app
from klantenregister.core import audit
from klantenregister.core.history import SYSTEEM, acting_as, current_actor
from partijen import services
from partijen.models import Categorie, Partij
from tests.conftest import KI
from tests.factories import make_persoon, valid_bsn

pytestmark = pytest.mark.django_db

PARTIJEN = f"{KI}/partijen"


@celery_app.task(name="tests.audit.hernoem_categorie")
def hernoem_categorie(categorie_pk: int, naam: str) -> None:
    services.update_categorie(Categorie.objects.get(pk=categorie_pk), {"naam": naam})


def _rows(model, pk):
    return list(model.history.filter(id=pk).order_by("history_date", "history_id"))


def test_api_create_patch_delete_of_a_partij_are_three_rows_by_the_client_with_old_and_new(api):
    payload = {
        "soortPartij": "persoon",
        "indicatieActief": True,
        "interneNotitie": "eerste",
        "partijIdentificatie": {"contactnaam": {"voornaam": "Jan", "achternaam": "Dijk"}},
    }
    created = api.post(PARTIJEN, payload, format="json")
    assert created.status_code == 201, created.content
    uuid = created.json()["uuid"]
    pk = Partij.objects.get(uuid=uuid).pk
    patched = api.patch(f"{PARTIJEN}/{uuid}", {"interneNotitie": "tweede"}, format="json")
    assert patched.status_code == 200, patched.content
    assert api.delete(f"{PARTIJEN}/{uuid}").status_code == 204

    rows = _rows(Partij, pk)
    assert [(row.history_type, row.history_actor) for row in rows] == [
        ("+", "applicatie kcc-portaal"),
        ("~", "applicatie kcc-portaal"),
        ("-", "applicatie kcc-portaal"),
    ]
    assert all(row.history_api_client.naam == "kcc-portaal" for row in rows)
    regels = audit.object_history(Partij, pk)
    assert [regel.actie for regel in regels] == ["aangemaakt", "gewijzigd", "verwijderd"]
    gewijzigd = {w.veld: (w.oud, w.nieuw) for w in regels[1].wijzigingen}
    assert gewijzigd == {"interne_notitie": ("eerste", "tweede")}
    aangemaakt = {w.veld: w.nieuw for w in regels[0].wijzigingen}
    assert aangemaakt["interne_notitie"] == "eerste"
    assert aangemaakt["soort_partij"] == "persoon"


def test_admin_edit_is_kept_with_the_staff_member_as_actor(staff):
    categorie = services.create_categorie({"naam": "VIP"})
    response = staff.post(
        f"/admin/partijen/categorie/{categorie.pk}/change/",
        {"uuid": str(categorie.uuid), "naam": "Zeer belangrijk"},
    )
    assert response.status_code == 302, response.content[:3000]
    last = _rows(Categorie, categorie.pk)[-1]
    assert (last.history_type, last.history_actor) == ("~", "medewerker beheerder")
    assert last.history_user.username == "beheerder"


def test_a_management_command_is_the_actor_of_what_it_changes():
    call_command("load_demo_data", stdout=io.StringIO())
    actors = set(Partij.history.values_list("history_actor", flat=True))
    assert actors == {"beheer: manage.py load_demo_data"}


def test_a_celery_task_is_the_actor_of_what_it_changes_and_stops_being_it_afterwards():
    categorie = services.create_categorie({"naam": "VIP"})
    hernoem_categorie.apply(args=(categorie.pk, "Zeer belangrijk"))
    last = _rows(Categorie, categorie.pk)[-1]
    assert last.history_actor == "taak tests.audit.hernoem_categorie"
    assert current_actor() == (None, SYSTEEM)


def test_acting_as_nests_and_nothing_declared_is_systeem():
    partij = make_persoon(bsn=valid_bsn())
    with acting_as("beheer: import"):
        with acting_as("beheer: correctie"):
            services.update_partij(partij, {"interne_notitie": "a"}, partial=True)
        services.update_partij(partij, {"interne_notitie": "b"}, partial=True)
    services.update_partij(partij, {"interne_notitie": "c"}, partial=True)
    actors = [row.history_actor for row in _rows(Partij, partij.pk)]
    assert actors == ["systeem", "beheer: correctie", "beheer: import", "systeem"]
