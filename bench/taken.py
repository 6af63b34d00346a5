"""Benchmark of the Taken API's portal queries on a large generated register.

Usage (PostgreSQL recommended; the database named in DATABASE_URL is filled, not the test DB):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klantenregister_bench \
        .venv/bin/python -m bench.taken --partijen 100000 --taken 100000

It makes sure the partijen of bench/partijen.py exist, then generates klanttaken with bulk
inserts: each for a partij's BSN (a third also linked to that partij, a third with a betrokkene
carrying the BSN), spread over zaken, statuses and deadlines. It times the queries of the
portal and the zaaksysteem (spec/taken.md §5) through the full Django stack. The output is a
Markdown table (median and p95 latency, queries per request); figures, not pass/fail tests.
"""

import argparse
import uuid
from datetime import timedelta

from bench.partijen import analyze, measure, setup
from bench.partijen import generate as generate_partijen

STATUSES = ("open", "open", "ingediend", "verwerkt", "gesloten")


def zaak_url(n: int) -> str:
    return f"https://zaken.example.nl/api/v1/zaken/{uuid.UUID(int=n)}"


def generate(partijen: int, taken: int, batch: int = 5000) -> None:
    from django.utils import timezone
    from tqdm import tqdm

    from partijen.models import PartijIdentificator
    from taken.models import Taak, TaakBetrokkene

    generate_partijen(partijen)
    existing = Taak.objects.count()
    if existing >= taken:
        print(f"{existing} klanttaken present; nothing generated")
        return
    people = list(
        PartijIdentificator.objects.filter(partij_identificator_code_soort_object_id="bsn")
        .order_by("pk")
        .values_list("partij_id", "partij_identificator_object_id")[:partijen]
    )
    now = timezone.now()
    for start in tqdm(range(existing, taken, batch), desc="klanttaken", unit="batch"):
        numbers = range(start, min(start + batch, taken))
        rows = []
        for n in numbers:
            partij_id, bsn = people[n % len(people)]
            rows.append(
                Taak(
                    title=f"Taak {n}",
                    status=STATUSES[n % len(STATUSES)],
                    soort="url",
                    actie_type="url",
                    actie_value=f"https://mijn.example.nl/taak/{n}",
                    zaak=zaak_url(n // 3),
                    koppeling_registratie="zaak",
                    koppeling_url=zaak_url(n // 3),
                    identificatie_type="bsn" if n % 3 != 2 else "",
                    identificatie_value=bsn if n % 3 != 2 else "",
                    partij_id=partij_id if n % 3 == 0 else None,
                    verwerker_taak_id=f"bpmn-{n}",
                    vervaldatum=now + timedelta(days=n % 60),
                    verloopdatum=now + timedelta(days=60 + n % 60),
                    eigenaar="bench-zaaksysteem",
                )
            )
        made = Taak.objects.bulk_create(rows)
        TaakBetrokkene.objects.bulk_create(
            TaakBetrokkene(taak=taak, rol_type="belanghebbende", inp_bsn=taak_bsn)
            for taak, taak_bsn in (
                (taak, people[n % len(people)][1]) for n, taak in zip(numbers, made, strict=True)
            )
            if not taak.identificatie_value
        )
    analyze()


def run(partijen: int, taken: int, runs: int) -> None:
    from django.db import connection
    from rest_framework.test import APIClient

    from klantenregister.core.models import ApiClient
    from klantenregister.core.services import create_api_client
    from taken.models import Taak

    generate(partijen, taken)
    ApiClient.objects.filter(naam="bench").delete()
    _, key = create_api_client("bench", "taken:read")
    client = APIClient(HTTP_HOST="127.0.0.1")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    total = Taak.objects.count()
    middle = Taak.objects.exclude(identificatie_value="").order_by("pk")[total // 2]
    bsn = middle.identificatie_value
    base = "/taken/api/v1/taken"
    scenarios = [
        ("taken, pageSize=100 (newest first)", f"{base}?pageSize=100"),
        (
            "portal: open taken for a BSN by vervaldatum",
            f"{base}?bsn={bsn}&status=open&ordering=vervaldatum",
        ),
        (
            "portal: badge count (pageSize=1)",
            f"{base}?bsn={bsn}&status=open&pageSize=1",
        ),
        (
            "portal: identificatie__type/__value + status",
            f"{base}?identificatie__type=bsn&identificatie__value={bsn}&status=open",
        ),
        ("zaaksysteem: taken of a zaak", f"{base}?zaak={middle.zaak}"),
        ("processor: by verwerkerTaakId", f"{base}?verwerkerTaakId={middle.verwerker_taak_id}"),
        (
            "expiring within a week (vervaldatum__lt), pageSize=100",
            f"{base}?status=open&vervaldatum__lt="
            f"{(middle.vervaldatum + timedelta(days=7)).strftime('%Y-%m-%dT%H:%M:%SZ')}"
            "&ordering=vervaldatum&pageSize=100",
        ),
        ("open taken, pageSize=100, expand=partij", f"{base}?status=open&expand=partij"),
    ]
    print(f"\nDatabase: {connection.vendor}; {total} klanttaken; {runs} runs per scenario\n")
    print("| scenario | median ms | p95 ms | queries |")
    print("|---|---:|---:|---:|")
    for label, url in scenarios:
        row = measure(label, client, url, runs)
        print(f"| {row['label']} | {row['median']:.1f} | {row['p95']:.1f} | {row['queries']} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partijen", type=int, default=100_000)
    parser.add_argument("--taken", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    run(args.partijen, args.taken, args.runs)


if __name__ == "__main__":
    main()
