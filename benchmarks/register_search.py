"""Benchmark: the register's one search box at 20,000 businesses, on SQLite or PostgreSQL.

Every query shape the box accepts (name, kana in either script and width, phone in any form,
法人番号, representative, address, several words, one character, no match), with filters,
each sortable column and a far page. Reports SQL queries and median/p95 server time through
Django's request handler (middleware, view, template) in this process. Target: p95 < 150 ms.

Run (SQLite):      .venv/bin/python benchmarks/register_search.py
Run (PostgreSQL):  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bansou_bench_register \\
                   .venv/bin/python benchmarks/register_search.py
(the PostgreSQL database is dropped and created again; BENCH_BUSINESSES=… for another size)
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

BUSINESSES = int(os.environ.get("BENCH_BUSINESSES", "20000"))
REPEAT = 21
TARGET_MS = 150


def recreate_postgres_database(url: str) -> None:
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    assert name.startswith("bansou_bench"), (
        "the benchmark drops its database: name it bansou_bench…"
    )
    base = ["-h", parsed.hostname or "127.0.0.1", "-p", str(parsed.port or 5432)]
    base += ["-U", parsed.username or "postgres"]
    subprocess.run(["dropdb", *base, "--if-exists", name], check=True)
    subprocess.run(["createdb", *base, name], check=True)


def setup(var_dir: Path) -> None:
    os.environ["BANSOU_VAR_DIR"] = str(var_dir)
    if url := os.environ.get("DATABASE_URL"):
        recreate_postgres_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bansou.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # allows the test client's host name
    call_command("migrate", verbosity=0)
    from bansou.demo.services import load_demo

    started = time.perf_counter()
    load_demo(businesses=BUSINESSES, other_businesses=300)
    print(f"loaded {BUSINESSES:,} businesses in {time.perf_counter() - started:.1f} s")


def timed_get(client, url: str, params: dict):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(url, params)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert response.status_code == 200, response.status_code
    return elapsed, len(ctx.captured_queries), response, cpu


def measure(client, url: str, params: dict):
    timed_get(client, url, params)  # warm the cache
    runs = [timed_get(client, url, params) for _ in range(REPEAT)]
    times = sorted(r[0] * 1000 for r in runs)
    cpu = sorted(r[3] * 1000 for r in runs)
    at = min(len(times) - 1, round(len(times) * 0.95) - 1)
    found = runs[0][2].context["page"].paginator.count
    return statistics.median(times), times[at], runs[0][1], found, cpu[at]


def reuse(var_dir: Path) -> None:
    os.environ["BANSOU_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bansou.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()


def main() -> None:
    # BENCH_KEEP=<dir> (SQLite) keeps the database there and reuses it on the next run.
    keep = os.environ.get("BENCH_KEEP")
    with tempfile.TemporaryDirectory() as tmp:
        var_dir = Path(keep) if keep else Path(tmp)
        if keep and not os.environ.get("DATABASE_URL") and (var_dir / "bansou.sqlite3").exists():
            reuse(var_dir)
        else:
            var_dir.mkdir(parents=True, exist_ok=True)
            setup(var_dir)
        from django.db import connection
        from django.test import Client
        from django.urls import reverse

        from bansou.accounts.models import User
        from bansou.businesses.models import Business

        advisor = User.objects.get(username="kawaguchi-advisor")
        businesses = Business.objects.filter(organization=advisor.organization_id)
        sample = businesses.exclude(corporate_number="").exclude(representative="").order_by("pk")
        sample = sample[len(sample) // 2]
        client = Client()
        client.force_login(advisor)
        url = reverse("businesses:list")
        shapes = [
            ("no query (first page)", {}),
            ("name substring", {"q": sample.name[1:4]}),
            ("kana, katakana", {"q": "セイコウ"}),
            ("kana, hiragana", {"q": "せいこう"}),
            ("kana, half-width", {"q": "ｾｲｺｳ"}),
            ("one character", {"q": "口"}),
            ("phone as written", {"q": sample.phone}),
            ("phone, digits only", {"q": sample.phone.replace("-", "")}),
            ("phone, full width", {"q": "０４８－０００"}),
            ("phone, last digits", {"q": sample.phone[-4:]}),
            ("corporate number", {"q": sample.corporate_number}),
            ("corporate number start", {"q": sample.corporate_number[:7]}),
            ("representative", {"q": sample.representative}),
            ("address", {"q": sample.address[-6:]}),
            ("two words", {"q": f"{sample.representative.split()[0]} {sample.name[:2]}"}),
            ("no match", {"q": "該当なし"}),
            ("no match, digits", {"q": "99999999"}),
            ("search + filters", {"q": "ショウ", "small": "yes", "member": "no"}),
            ("sort by employees, desc", {"sort": "-employees"}),
            ("sort by district", {"sort": "district"}),
            ("sort by industry + query", {"q": "セイ", "sort": "industry"}),
            ("page 600 (jump)", {"page": 600}),
            ("page 300, 100 per page", {"page": 100, "per_page": 100}),
        ]
        print(f"\n{connection.vendor}, {businesses.count():,} businesses in the chamber")
        # SQLite runs in this process, so its CPU time is the server's work without the wait
        # for a core on a shared machine (PostgreSQL's work is in another process: wall only).
        print(f"{'request':<28} {'median ms':>10} {'p95 ms':>8} {'p95 cpu':>8} {'queries':>8}")
        worst = worst_cpu = 0.0
        for label, params in shapes:
            median, p95, queries, found, cpu = measure(client, url, params)
            worst, worst_cpu = max(worst, p95), max(worst_cpu, cpu)
            print(f"{label:<28} {median:>10.1f} {p95:>8.1f} {cpu:>8.1f} {queries:>8} {found:>8,}")
        verdict = "under" if worst < TARGET_MS else "OVER"
        print(f"\nworst p95 {worst:.1f} ms wall ({worst_cpu:.1f} ms CPU): {verdict} {TARGET_MS} ms")


if __name__ == "__main__":
    main()
