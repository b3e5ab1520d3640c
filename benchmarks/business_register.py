"""Benchmark: the business register with 20,000 businesses on SQLite.

Reports SQL queries per page (list at several page sizes, the business page) and the server
time of the list with a name/kana substring search, measured through Django's request handler
(middleware, view, template) in this process. Run: make benchmark
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BUSINESSES = int(os.environ.get("BENCH_BUSINESSES", "20000"))
REPEAT = 15


def setup(var_dir: Path) -> None:
    os.environ["BANSOU_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
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


def timed_get(client, url: str, params: dict) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        response = client.get(url, params)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return elapsed, len(ctx.captured_queries), response


def measure(client, url: str, params: dict) -> tuple[float, float, int]:
    timed_get(client, url, params)  # warm the cache
    runs = [timed_get(client, url, params) for _ in range(REPEAT)]
    times = sorted(r[0] * 1000 for r in runs)
    return statistics.median(times), times[int(len(times) * 0.9) - 1], runs[0][1]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp))
        from django.test import Client
        from django.urls import reverse

        from bansou.accounts.models import User
        from bansou.businesses.models import Business

        advisor = User.objects.get(username="kawaguchi-advisor")
        client = Client()
        client.force_login(advisor)
        list_url = reverse("businesses:list")
        business = Business.objects.filter(organization=advisor.organization_id).first()
        detail_url = reverse("businesses:detail", kwargs={"pk": business.pk})

        rows = []
        for per_page in (25, 50, 100):
            rows.append((f"list, {per_page} per page", list_url, {"per_page": per_page}))
        for query in (
            "セイコウ",
            "せいこう",
            "ｾｲｺｳ",
            "鋳工",
            "口",
            "ヤマグチショウテン",
            "該当なし",
        ):
            rows.append((f"search q={query}", list_url, {"q": query, "per_page": 25}))
        rows.append(("search + filters", list_url, {"q": "ショウ", "small": "yes", "member": "no"}))
        rows.append(("business page", detail_url, {}))

        print(f"\n{'request':<28} {'median ms':>10} {'p90 ms':>8} {'queries':>8}")
        for label, url, params in rows:
            median, p90, queries = measure(client, url, params)
            print(f"{label:<28} {median:>10.1f} {p90:>8.1f} {queries:>8}")
        matches = Business.objects.filter(organization=advisor.organization_id).search("せいこう")
        print(f"\n'せいこう' matches {matches.count():,} of {BUSINESSES:,} businesses")


if __name__ == "__main__":
    main()
