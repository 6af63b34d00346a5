"""Benchmark of the partijen API on a large generated register.

Usage (PostgreSQL recommended; the database named in DATABASE_URL is filled, not the test DB):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klantenregister_bench \
        .venv/bin/python -m bench.partijen --partijen 100000

It generates partijen (each with a BSN identificator, two digitale adressen, a rekeningnummer
and a categorie-relatie) with bulk inserts, then times list and lookup requests through the
full Django stack (auth, filters, serializers) and prints a Markdown table with the median and
95th percentile latency and the number of queries per request. These are figures to compare
over time, not pass/fail tests.
"""

import argparse
import os
import statistics
import time

import django


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klantenregister.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    django.setup()


def generate(count: int, batch: int = 5000) -> None:
    from stdnum.nl import bsn as stdnum_bsn
    from tqdm import tqdm

    from klantenregister.core.models import Nummerreeks
    from partijen.models import (
        Categorie,
        CategorieRelatie,
        DigitaalAdres,
        Partij,
        PartijIdentificator,
        Persoon,
        Rekeningnummer,
    )

    existing = Partij.objects.count()
    if existing >= count:
        print(f"{existing} partijen present; nothing generated")
        return
    categorie, _ = Categorie.objects.get_or_create(naam="Inwoner")
    candidate = 100_000_000 + existing * 11
    for start in tqdm(range(existing, count, batch), desc="partijen", unit="batch"):
        size = min(batch, count - start)
        partijen = Partij.objects.bulk_create(
            Partij(
                nummer=str(start + i + 1).zfill(10),
                soort_partij="persoon",
                indicatie_actief=True,
                bezoekadres_postcode="3511 ED",
                bezoekadres_huisnummer=(start + i) % 999 + 1,
                bezoekadres_stad="Utrecht",
            )
            for i in range(size)
        )
        bsns = []
        while len(bsns) < size:
            candidate += 1
            if stdnum_bsn.is_valid(str(candidate)):
                bsns.append(str(candidate))
        Persoon.objects.bulk_create(
            Persoon(
                partij=p, contactnaam_voornaam="Test", contactnaam_achternaam=f"Persoon {p.nummer}"
            )
            for p in partijen
        )
        PartijIdentificator.objects.bulk_create(
            PartijIdentificator(
                partij=p,
                partij_identificator_code_objecttype="natuurlijk_persoon",
                partij_identificator_code_soort_object_id="bsn",
                partij_identificator_object_id=b,
                partij_identificator_code_register="brp",
            )
            for p, b in zip(partijen, bsns, strict=True)
        )
        DigitaalAdres.objects.bulk_create(
            DigitaalAdres(
                partij=p,
                adres=f"p{p.nummer}@example.nl",
                soort_digitaal_adres=soort,
                is_standaard_adres=True,
            )
            if soort == "email"
            else DigitaalAdres(partij=p, adres="0612345678", soort_digitaal_adres=soort)
            for p in partijen
            for soort in ("email", "telefoonnummer")
        )
        Rekeningnummer.objects.bulk_create(
            Rekeningnummer(partij=p, iban="NL91ABNA0417164300") for p in partijen
        )
        CategorieRelatie.objects.bulk_create(
            CategorieRelatie(partij=p, categorie=categorie) for p in partijen
        )
    Nummerreeks.objects.update_or_create(naam="partij", defaults={"laatste": count})
    analyze()


def analyze() -> None:
    """Fresh planner statistics (PostgreSQL), as autovacuum would give a long-running
    database."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure(label: str, client, url: str, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: first use of a route resolves and caches URL templates
    timings = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        queries = len(ctx.captured_queries)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return {
        "label": label,
        "median": statistics.median(timings),
        "p95": p95,
        "queries": queries,
    }


def run(count: int, runs: int) -> None:
    from rest_framework.test import APIClient

    from klantenregister.core.models import ApiClient
    from klantenregister.core.services import create_api_client
    from partijen.models import Partij, PartijIdentificator

    generate(count)
    ApiClient.objects.filter(naam="bench").delete()
    _, key = create_api_client("bench", "klantinteracties:read")
    client = APIClient(HTTP_HOST="127.0.0.1")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    total = Partij.objects.count()
    middle = PartijIdentificator.objects.order_by("pk")[total // 2].partij_identificator_object_id
    middle_adres = f"p{str(total // 2).zfill(10)}@example.nl"
    base = "/klantinteracties/api/v1"
    scenarios = [
        ("partijen, pageSize=1", f"{base}/partijen?pageSize=1"),
        ("partijen, pageSize=100", f"{base}/partijen?pageSize=100"),
        ("partijen, pageSize=500", f"{base}/partijen?pageSize=500"),
        (
            "partijen, pageSize=100, expand=digitaleAdressen,categorieRelaties",
            f"{base}/partijen?pageSize=100&expand=digitaleAdressen,categorieRelaties",
        ),
        ("partijen, last page (pageSize=100)", f"{base}/partijen?pageSize=100&page={total // 100}"),
        (
            "partijen by BSN (codeSoortObjectId + objectId)",
            f"{base}/partijen?partijIdentificator__codeSoortObjectId=bsn"
            f"&partijIdentificator__objectId={middle}",
        ),
        ("partijen by soortPartij (default pageSize 100)", f"{base}/partijen?soortPartij=persoon"),
        ("digitaleadressen, pageSize=100", f"{base}/digitaleadressen?pageSize=100"),
        ("digitaleadressen by adres", f"{base}/digitaleadressen?adres={middle_adres}"),
    ]
    from django.db import connection

    print(f"\nDatabase: {connection.vendor}; {total} partijen; {runs} runs per scenario\n")
    print("| scenario | median ms | p95 ms | queries |")
    print("|---|---:|---:|---:|")
    for label, url in scenarios:
        row = measure(label, client, url, runs)
        print(f"| {row['label']} | {row['median']:.1f} | {row['p95']:.1f} | {row['queries']} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partijen", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    run(args.partijen, args.runs)


if __name__ == "__main__":
    main()
