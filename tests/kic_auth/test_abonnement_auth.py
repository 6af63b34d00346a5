"""An abonnement's Authorization header is a credential for the receiver: stored encrypted
(core/fields.EncryptedTextField), read in plain by the application; existing rows are
encrypted by migration events 0003 (and decrypted again when it is reversed)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from klantenregister.core import crypto
from klantenregister.events.models import Abonnement

SECRET = "Bearer eyJhbGciOiJIUzI1NiJ9.geheim"
BEFORE = [("events", "0002_callback_http_and_dutch_help")]
AFTER = [("events", "0003_abonnement_auth_encrypted")]


def _column(pk) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT auth FROM {Abonnement._meta.db_table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_auth_is_encrypted_at_rest_and_read_in_plain():
    abonnement = Abonnement.objects.create(
        naam="Zaaksysteem", callback_url="https://ontvanger.example/cb", auth=SECRET
    )

    stored = _column(abonnement.pk)
    assert stored.startswith("fernet:")
    assert SECRET not in stored
    assert Abonnement.objects.get(pk=abonnement.pk).auth == SECRET
    assert Abonnement.objects.exclude(auth="").count() == 1


@pytest.mark.django_db
def test_an_empty_auth_stays_empty_and_is_queryable():
    Abonnement.objects.create(naam="Zonder", callback_url="https://ontvanger.example/cb")

    assert Abonnement.objects.filter(auth="").count() == 1
    assert _column(Abonnement.objects.get().pk) == ""


@pytest.mark.django_db
def test_an_undecryptable_value_reads_as_empty_instead_of_breaking_pages():
    abonnement = Abonnement.objects.create(
        naam="Zaaksysteem", callback_url="https://ontvanger.example/cb", auth=SECRET
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Abonnement._meta.db_table} SET auth = 'fernet:kapot' WHERE id = %s",
            [abonnement.pk],
        )

    assert Abonnement.objects.get(pk=abonnement.pk).auth == ""


def test_auth_over_1000_characters_is_refused(db):
    from django.core.exceptions import ValidationError

    abonnement = Abonnement(
        naam="Lang", callback_url="https://ontvanger.example/cb", auth="Token " + "x" * 1000
    )
    with pytest.raises(ValidationError) as error:
        abonnement.full_clean()
    assert "auth" in error.value.message_dict


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_existing_rows_and_its_reverse_decrypts_them():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {Abonnement._meta.db_table} "
                "(naam, callback_url, auth, formaat, actief, aangemaakt_op) "
                "VALUES ('Oud', 'https://oud.example/cb', %s, 'cloudevents', true, now()), "
                "('Leeg', 'https://leeg.example/cb', '', 'cloudevents', true, now())",
                [SECRET],
            )

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        oud = Abonnement.objects.get(naam="Oud")
        assert crypto.is_encrypted(_column(oud.pk))
        assert oud.auth == SECRET
        assert _column(Abonnement.objects.get(naam="Leeg").pk) == ""

        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        assert _column(oud.pk) == SECRET
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
