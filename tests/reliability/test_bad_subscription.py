"""Bad subscriptions fail on their own, visibly in the admin; the others get everything."""

import pytest
from django.test import Client
from django.urls import reverse

from klantenregister.events.models import Delivery
from tests.reliability.conftest import wait_until
from tests.reliability.helpers import create_partij, subscribe

WRITES = 4
MAX_ATTEMPTS = 3


@pytest.mark.django_db(transaction=True)
def test_bad_subscription_urls_fail_with_a_clear_error_in_the_admin_and_leave_others_unaffected(
    api, start_worker, make_receiver, django_user_model
):
    good = make_receiver()
    failing = make_receiver(status=500)
    closed = make_receiver(start=False)
    goed = subscribe("goed", good.url)
    bad = {
        "antwoordt 500": (subscribe("antwoordt 500", failing.url), "Ontvanger antwoordde 500"),
        "weigert": (subscribe("weigert", closed.url), "Connection refused"),
        "onbekende host": (
            subscribe("onbekende host", "http://klantenregister-test.invalid/callback"),
            "klantenregister-test.invalid",
        ),
    }
    worker = start_worker(EVENTS_MAX_ATTEMPTS=str(MAX_ATTEMPTS))

    events = {str(create_partij(api, f"Abonnee {index}").uuid) for index in range(WRITES)}

    wait_until(
        lambda: (
            not Delivery.objects.filter(status=Delivery.Status.PENDING).exists()
            and Delivery.objects.count() == WRITES * (1 + len(bad))
        ),
        timeout=30,
        message=lambda: f"deliveries still pending\n{worker.tail()}",
    )
    assert set(good.delivered_ids()) == events
    assert set(Delivery.objects.filter(abonnement=goed).values_list("status", flat=True)) == {
        Delivery.Status.DELIVERED
    }
    assert failing.requests == WRITES * MAX_ATTEMPTS

    user = django_user_model.objects.create_superuser(
        username="beheerder", email="beheer@example.nl", password="een-lang-wachtwoord-123"
    )
    admin = Client()
    admin.force_login(user)
    for naam, (abonnement, error) in bad.items():
        deliveries = Delivery.objects.filter(abonnement=abonnement)
        assert deliveries.count() == WRITES
        for delivery in deliveries:
            assert delivery.status == Delivery.Status.FAILED, naam
            assert delivery.attempts == MAX_ATTEMPTS, naam
            assert error in delivery.last_error, (naam, delivery.last_error)
        page = admin.get(reverse("admin:events_delivery_change", args=[delivery.pk]))
        assert page.status_code == 200
        text = page.content.decode()
        assert error in text, (naam, delivery.last_error)
        assert "mislukt" in text
