"""Benchmark of the klantcontacten API on a large generated register.

Usage (PostgreSQL recommended; the database named in DATABASE_URL is filled, not the test DB):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klantenregister_bench \
        .venv/bin/python -m bench.klantcontacten --partijen 100000 --per-partij 2

It first makes sure the partijen of bench/partijen.py exist, then generates klantcontacten
(each with one betrokkene for a partij, an onderwerpobject pointing at a zaak and an actor
link) with bulk inserts, and times list and lookup requests through the full Django stack.
Bulk inserts bypass the change history; that is fine for read figures. The output is a
Markdown table (median and p95 latency, queries per request); figures, not pass/fail tests.
"""

import argparse
import uuid
from datetime import timedelta

from bench.partijen import analyze, measure, setup
from bench.partijen import generate as generate_partijen


def generate(partijen: int, per_partij: int, batch: int = 5000) -> None:
    from django.utils import timezone
    from tqdm import tqdm

    from klantcontacten.models import (
        Actor,
        ActorKlantcontact,
        Betrokkene,
        Klantcontact,
        Onderwerpobject,
    )
    from klantenregister.core.models import Nummerreeks
    from partijen.models import Partij

    generate_partijen(partijen)
    wanted = partijen * per_partij
    existing = Klantcontact.objects.count()
    if existing >= wanted:
        print(f"{existing} klantcontacten present; nothing generated")
        return
    actor, _ = Actor.objects.get_or_create(
        naam="Bench medewerker",
        defaults={"soort_actor": "medewerker", "functie": "KCC", "telefoonnummer": "0201234567"},
    )
    partij_ids = list(Partij.objects.order_by("pk").values_list("pk", flat=True)[:partijen])
    start_time = timezone.now() - timedelta(days=3 * 365)
    kanalen = ("telefoon", "e-mail", "balie", "mijnomgeving")
    for start in tqdm(range(existing, wanted, batch), desc="klantcontacten", unit="batch"):
        size = min(batch, wanted - start)
        numbers = range(start, start + size)
        contacten = Klantcontact.objects.bulk_create(
            Klantcontact(
                nummer=str(n + 1).zfill(10),
                kanaal=kanalen[n % len(kanalen)],
                onderwerp=f"Vraag {n}",
                inhoud="Gegenereerd voor de benchmark.",
                taal="nld",
                vertrouwelijk=False,
                plaatsgevonden_op=start_time + timedelta(minutes=n),
            )
            for n in numbers
        )
        Betrokkene.objects.bulk_create(
            Betrokkene(
                klantcontact=kc,
                partij_id=partij_ids[n % len(partij_ids)],
                rol="klant",
                initiator=True,
                contactnaam_achternaam=f"Persoon {n % len(partij_ids)}",
            )
            for n, kc in zip(numbers, contacten, strict=True)
        )
        Onderwerpobject.objects.bulk_create(
            Onderwerpobject(
                klantcontact=kc,
                onderwerpobjectidentificator_object_id=str(uuid.UUID(int=n + 1)),
                onderwerpobjectidentificator_code_objecttype="zaak",
                onderwerpobjectidentificator_code_register="open-zaak",
                onderwerpobjectidentificator_code_soort_object_id="uuid",
            )
            for n, kc in zip(numbers, contacten, strict=True)
        )
        ActorKlantcontact.objects.bulk_create(
            ActorKlantcontact(actor=actor, klantcontact=kc) for kc in contacten
        )
    Nummerreeks.objects.update_or_create(naam="klantcontact", defaults={"laatste": wanted})
    analyze()


def run(partijen: int, per_partij: int, runs: int) -> None:
    from django.db import connection
    from rest_framework.test import APIClient

    from klantcontacten.models import Klantcontact
    from klantenregister.core.models import ApiClient
    from klantenregister.core.services import create_api_client
    from partijen.models import Partij, PartijIdentificator

    generate(partijen, per_partij)
    ApiClient.objects.filter(naam="bench").delete()
    _, key = create_api_client("bench", "klantinteracties:read")
    client = APIClient(HTTP_HOST="127.0.0.1")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    total = Klantcontact.objects.count()
    middle_partij = Partij.objects.order_by("pk")[Partij.objects.count() // 2]
    bsn = PartijIdentificator.objects.get(partij=middle_partij).partij_identificator_object_id
    zaak = str(uuid.UUID(int=total // 2))
    middle_time = Klantcontact.objects.order_by("pk")[total // 2].plaatsgevonden_op
    day_from = middle_time.strftime("%Y-%m-%dT00:00:00Z")
    day_to = middle_time.strftime("%Y-%m-%dT23:59:59Z")
    base = "/klantinteracties/api/v1"
    all_expands = (
        "hadBetrokkenen,hadBetrokkenen.wasPartij,hadBetrokkenen.digitaleAdressen,"
        "gingOverOnderwerpobjecten,omvatteBijlagen"
    )
    scenarios = [
        ("klantcontacten, pageSize=1", f"{base}/klantcontacten?pageSize=1"),
        ("klantcontacten, pageSize=100", f"{base}/klantcontacten?pageSize=100"),
        (
            "klantcontacten, pageSize=100, all expands",
            f"{base}/klantcontacten?pageSize=100&expand={all_expands}",
        ),
        (
            "klantcontacten by BSN of the partij, with expand",
            f"{base}/klantcontacten?hadBetrokkene__wasPartij__partijIdentificator__objectId={bsn}"
            "&expand=hadBetrokkenen,hadBetrokkenen.wasPartij",
        ),
        (
            "klantcontacten by partij uuid",
            f"{base}/klantcontacten?hadBetrokkene__wasPartij__uuid={middle_partij.uuid}",
        ),
        (
            "klantcontacten by zaak (onderwerpobject objectId)",
            f"{base}/klantcontacten?onderwerpobject__onderwerpobjectidentificatorObjectId={zaak}",
        ),
        (
            "klantcontacten on one day (plaatsgevondenOp__gte/__lte)",
            f"{base}/klantcontacten?plaatsgevondenOp__gte={day_from}&plaatsgevondenOp__lte={day_to}",
        ),
        ("klantcontacten by kanaal", f"{base}/klantcontacten?kanaal=balie&pageSize=100"),
        (
            "partijen, pageSize=100, expand=betrokkenen,betrokkenen.hadKlantcontact",
            f"{base}/partijen?pageSize=100&expand=betrokkenen,betrokkenen.hadKlantcontact",
        ),
        (
            "betrokkenen by partij uuid",
            f"{base}/betrokkenen?wasPartij__uuid={middle_partij.uuid}",
        ),
    ]
    print(
        f"\nDatabase: {connection.vendor}; {Partij.objects.count()} partijen, {total} "
        f"klantcontacten; {runs} runs per scenario\n"
    )
    print("| scenario | median ms | p95 ms | queries |")
    print("|---|---:|---:|---:|")
    for label, url in scenarios:
        row = measure(label, client, url.replace("+", "%2B"), runs)
        print(f"| {row['label']} | {row['median']:.1f} | {row['p95']:.1f} | {row['queries']} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partijen", type=int, default=100_000)
    parser.add_argument("--per-partij", type=int, default=2)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    run(args.partijen, args.per_partij, args.runs)


if __name__ == "__main__":
    main()
