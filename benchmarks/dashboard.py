"""Benchmark: the lead advisor's dashboard over 1,000,000 records of one chamber on SQLite.

The chamber, plan and records are those of benchmarks/evaluation.py (all in FY2024, the worst
case: every record in the year the page shows). The page is requested through Django's test
client (server time: middleware, views, template), as the lead advisor, at 100,000 and at
1,000,000 records. The page reads only the counts kept on write (dashboard.counts):
- build: the counts deleted, the first request builds the year from the records (once; the
  demo and `bansou dashboard_recount` do it ahead);
- warm: REPEAT requests, p50 and p95 — p95 must stay under 300 ms;
- write: a support record moved to another day and advisor through the ORM (the counts of
  both days recomputed in the write's transaction), p50/p95 of that save;
- after write: the page requested right after each such write, p50/p95 — under 300 ms;
- row: the htmx fragment of one row's line.
The number of SQL queries of each must not change between the two sizes. At the large size
the page's figures are compared with the engine counting every record (figures.compute), so
the kept counts are shown to be current. Wall time and the process's CPU time are both
printed: on a shared machine the wall time includes waiting for a core (SQLite runs in the
process, so its work is in the CPU time).

Run: nice -n 10 .venv/bin/python benchmarks/dashboard.py   (BENCH_RECORDS=200000 for a quick
run; BENCH_KEEP=<dir> keeps the database there and reuses it on the next run, measuring the
large size only.)
"""

import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import evaluation as data  # the evaluation benchmark's chamber and records

REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))
LIMIT_S = 0.300
URL = "/dashboard/?fy=2024&month=3"
ROW_URL = "/dashboard/row/?fy=2024&month=3&row=analyses"


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


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def summary(runs: list[tuple[float, float, int]]) -> dict:
    walls = [w for w, _c, _q in runs]
    return {
        "p50": statistics.median(walls),
        "p95": percentile(walls, 0.95),
        "cpu": statistics.median(c for _w, c, _q in runs),
        "queries": max(q for _w, _c, q in runs),
    }


def write(organization_id: int, step: int) -> tuple[float, float, int]:
    """Move one support record to another day and advisor, as an edit through the ORM."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from bansou.support.models import SupportRecord

    record = (
        SupportRecord.objects.filter(organization=organization_id).order_by("pk").only("pk")[step]
    )
    record = SupportRecord.objects.get(pk=record.pk)
    day = date(2024, 4, 1) + timedelta(days=(step * 37) % 365)
    with CaptureQueriesContext(connection) as captured:
        started, cpu = time.perf_counter(), time.process_time()
        with transaction.atomic():
            record.occurred_at = datetime.combine(day, record.occurred_at.timetz())
            record.save()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return elapsed, cpu, len(captured.captured_queries)


def measure(client, plan, stage: str, *, compare: bool) -> dict:
    from bansou.dashboard import figures
    from bansou.dashboard.models import CountedSeries, DayCount, FirstDay
    from bansou.evaluation.engine import get_plan

    organization_id = plan.organization_id
    for model in (DayCount, FirstDay, CountedSeries):
        model.objects.filter(organization=organization_id).delete()
    build = request(client, URL)
    results = {"build": summary([build])}
    results["warm"] = summary([request(client, URL) for _ in range(REPEAT)])
    results["row"] = summary([request(client, ROW_URL) for _ in range(REPEAT)])
    writes, after = [], []
    for step in range(REPEAT):
        writes.append(write(organization_id, step))
        after.append(request(client, URL))
    results["write"] = summary(writes)
    results["after write"] = summary(after)
    print(f"\n{stage}")
    print(f"{'':<12} {'queries':>8} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8}")
    for name, one in results.items():
        print(
            f"{name:<12} {one['queries']:>8} {one['p50'] * 1000:>8.0f} {one['p95'] * 1000:>8.0f}"
            f" {one['cpu'] * 1000:>8.0f}"
        )
    if compare:  # the kept counts are current: the engine, counting every record, agrees
        plan = get_plan(plan.organization, 2024)
        as_of = date(2025, 3, 31)
        started = time.perf_counter()
        reference = figures.compute(plan, 2024, as_of)
        engine_s = time.perf_counter() - started
        assert figures.from_counts(plan, 2024, as_of) == reference, "kept counts drifted"
        print(f"figures equal the engine's full count ({engine_s:.1f} s to count them)")
    return results


def main() -> None:
    keep = os.environ.get("BENCH_KEEP")
    with tempfile.TemporaryDirectory() as tmp:
        var_dir = Path(keep) if keep else Path(tmp)
        var_dir.mkdir(parents=True, exist_ok=True)
        reuse = bool(keep) and (var_dir / "bansou.sqlite3").exists()
        data.setup(var_dir)
        from django.test import Client
        from django.test.utils import setup_test_environment

        setup_test_environment()  # the test client's host, as the other page benchmarks

        client = Client()
        if reuse:
            from bansou.accounts.models import User
            from bansou.evaluation.models import DevelopmentPlan

            plan = DevelopmentPlan.objects.get()
            user = User.objects.filter(organization=plan.organization_id).order_by("pk").first()
            client.force_login(user)
            print(f"reusing {var_dir}")
            large = measure(client, plan, f"{data.RECORDS:,} records (kept)", compare=True)
            small = None
        else:
            organization, user, plan = data.create_chamber()
            generator = data.Generator(organization, user)
            client.force_login(user)
            generator.add(data.FIRST_STAGE)
            small = measure(client, plan, f"{data.FIRST_STAGE:,} records", compare=False)
            generator.add(data.RECORDS - data.FIRST_STAGE)
            large = measure(client, plan, f"{data.RECORDS:,} records", compare=True)
        if small is not None:
            for name in ("warm", "row", "after write", "write"):
                assert small[name]["queries"] == large[name]["queries"], f"{name}: queries grew"
        for name in ("warm", "after write"):
            one = large[name]
            verdict = "ok" if one["p95"] < LIMIT_S else "SLOW"
            print(f"{name} at {data.RECORDS:,}: p50 {one['p50'] * 1000:.0f} ms, "
                  f"p95 {one['p95'] * 1000:.0f} ms wall ({verdict}), "
                  f"{one['cpu'] * 1000:.0f} ms CPU; limit {LIMIT_S * 1000:.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
