"""Benchmark: the lead advisor's dashboard over 1,000,000 records of one chamber on SQLite.

The chamber, plan and records are those of benchmarks/evaluation.py (all in FY2024, the worst
case). The page is requested through Django's test client (server time: middleware, views,
template), as the lead advisor, at 100,000 and at 1,000,000 records:
- cold: no snapshot yet, the engine computes the figures in the request (once);
- warm: the snapshot is current (median of REPEAT requests) — must stay under 300 ms;
- stale: a record was saved since, the stored figures are drawn at once and the page asks for
  fresh ones in a second request (the "fresh" line: that request, the engine's time);
- row: the htmx fragment of one row's line.
The number of SQL queries of each must not change between the two sizes. Wall time and the
process's CPU time are both printed: on a shared machine the wall time includes waiting for a
core (SQLite runs in the process, so its work is in the CPU time).

Run: .venv/bin/python benchmarks/dashboard.py   (BENCH_RECORDS=200000 for a quick run)
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import evaluation as data  # the evaluation benchmark's chamber and records

REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))
LIMIT_S = 0.300
URL = "/dashboard/?fy=2024&month=3"


def request(client, url: str) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process — SQLite runs in it —, queries)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert response.status_code == 200, response.status_code
    return elapsed, cpu, len(captured.captured_queries)


def median(client, url: str) -> tuple[float, float, int]:
    runs = [request(client, url) for _ in range(REPEAT)]
    wall = statistics.median(t for t, _c, _q in runs)
    cpu = statistics.median(c for _t, c, _q in runs)
    return wall, cpu, runs[-1][2]


def measure(client, plan, stage: str) -> dict:
    from django.db import transaction

    from bansou.dashboard.models import ChartSnapshot
    from bansou.motivation.models import MotivationCheck

    ChartSnapshot.objects.all().delete()
    results = {"cold": request(client, URL)}
    results["warm"] = median(client, URL)
    results["row"] = median(client, "/dashboard/row/?fy=2024&month=3&row=analyses")
    check = MotivationCheck.objects.filter(organization=plan.organization_id).first()
    with transaction.atomic():
        check.save()  # a record edited: the snapshot turns stale after the commit
    results["stale"] = median(client, URL)
    results["fresh"] = request(client, URL + "&fresh=1")
    print(f"\n{stage}")
    print(f"{'':<8} {'queries':>8} {'server s':>9} {'CPU s':>7}")
    for name, (seconds, cpu, queries) in results.items():
        print(f"{name:<8} {queries:>8} {seconds:>9.3f} {cpu:>7.3f}")
    return results


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data.setup(Path(tmp))
        from django.test import Client
        from django.test.utils import setup_test_environment

        setup_test_environment()  # the test client's host, as the other page benchmarks

        organization, user, plan = data.create_chamber()
        generator = data.Generator(organization, user)
        client = Client()
        client.force_login(user)
        generator.add(data.FIRST_STAGE)
        small = measure(client, plan, f"{data.FIRST_STAGE:,} records")
        generator.add(data.RECORDS - data.FIRST_STAGE)
        large = measure(client, plan, f"{data.RECORDS:,} records")
        for name in ("warm", "row", "stale"):
            assert small[name][2] == large[name][2], f"{name}: the query count grew"
        for name in ("warm", "stale"):
            wall, cpu, _queries = large[name]
            verdict = "ok" if wall < LIMIT_S else "SLOW"
            print(f"{name} at {data.RECORDS:,}: {wall * 1000:.0f} ms wall ({verdict}), "
                  f"{cpu * 1000:.0f} ms CPU; limit {LIMIT_S * 1000:.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
