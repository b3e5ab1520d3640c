"""Benchmark: the meeting register with many meetings (SQLite, or PostgreSQL: BENCH_DATABASE_URL).

Inserts BENCH_MEETINGS meetings (default 20,000) for one chamber over ten years, each kind,
with review decisions and attached-file rows on some, then reports the server time and SQL
queries of the register: newest first, a late page, one kind, one fiscal year. Run:
python benchmarks/meeting_register.py (PostgreSQL: BENCH_DATABASE_URL=postgres://…/bansou_bench
python benchmarks/meeting_register.py; that database is emptied first, so name one of its own).
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

MEETINGS = int(os.environ.get("BENCH_MEETINGS", "20000"))
REPEAT = 7
BATCH = 5000


def setup(var_dir: Path) -> None:
    os.environ["BANSOU_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bansou.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    if "meetings_meeting" in connection.introspection.table_names():
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)


def fill():
    from bansou.accounts.models import Role
    from bansou.lib.eras import fiscal_year
    from bansou.meetings.models import Meeting, MeetingKind, ReviewDecision
    from bansou.organizations.models import Organization
    from bansou.testing import make_user

    chamber = Organization.objects.create(name="川口商工会議所", slug="a", kind="cci")
    lead = make_user(chamber, Role.LEAD_ADVISOR, "bench-lead")
    rng = random.Random(7)
    kinds = list(MeetingKind.values)
    started = time.perf_counter()
    made = 0
    while made < MEETINGS:
        batch = []
        for _ in range(min(BATCH, MEETINGS - made)):
            day = date(2016, 4, 1) + timedelta(days=rng.randrange(3650))
            batch.append(
                Meeting(
                    organization=chamber,
                    kind=rng.choice(kinds),
                    title=f"会議{made}",
                    held_on=day,
                    fiscal_year=fiscal_year(day),
                    created_by=lead,
                    participants="川口信用金庫\n武蔵野銀行",
                    head_count=rng.randrange(5, 40),
                    minutes="議事録" * 200,
                )  # fmt: skip
            )
            made += 1
        Meeting.objects.bulk_create(batch)
    ids = list(Meeting.objects.values_list("pk", flat=True)[: MEETINGS // 10])
    ReviewDecision.objects.bulk_create(
        ReviewDecision(
            organization=chamber,
            meeting_id=pk,
            row_key="analyses",
            row_title="経営分析件数",
            change="見直し",
            responsible="課長",
            due_on=date(2024, 10, 31),
        )  # fmt: skip
        for pk in ids
    )
    print(f"inserted {MEETINGS:,} meetings in {time.perf_counter() - started:.1f} s")
    return lead


def timed_get(client, url: str, params: dict):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        response = client.get(url, params)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return elapsed, ctx.captured_queries


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp))
        from django.test import Client
        from django.urls import reverse

        lead = fill()
        client = Client()
        client.force_login(lead)
        url = reverse("meetings:list")
        cases = [
            ("newest first", {}),
            ("page 100", {"page": 100}),
            ("one kind", {"kind": "coordinator"}),
            ("one fiscal year", {"fiscal_year": 2020}),
        ]
        print(f"{'case':<20} {'median ms':>10} {'max ms':>8} {'queries':>8}")
        for label, params in cases:
            timed_get(client, url, params)
            runs = [timed_get(client, url, params) for _ in range(REPEAT)]
            times = sorted(r[0] * 1000 for r in runs)
            print(
                f"{label:<20} {statistics.median(times):>10.1f} {times[-1]:>8.1f}"
                f" {len(runs[0][1]):>8}"
            )


if __name__ == "__main__":
    main()
