"""Benchmark: the coordinator's screen (Team KawaBiz) with 5,000 dispatch cases.

Inserts BENCH_DISPATCH_CASES cases (default 5,000), each from a partner's request, with a
pre-hearing and up to five visits (some booked ahead), plus 500 requests waiting, 40 experts
and 21 partners; then reports the server time and the number of SQL queries of the board, the
case list and the partner counts. Run: python benchmarks/dispatch_board.py (PostgreSQL:
BENCH_DATABASE_URL=postgres://…/bansou_bench python benchmarks/dispatch_board.py; that database
is emptied first, so name one of its own).
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

CASES = int(os.environ.get("BENCH_DISPATCH_CASES", "5000"))
REPEAT = 9


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
    if "partners_dispatchcase" in connection.introspection.table_names():
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)


def fill():
    from django.utils import timezone

    from bansou.accounts.models import Role
    from bansou.businesses.models import Business
    from bansou.organizations.models import District, Organization
    from bansou.partners import services
    from bansou.partners.demo import ROSTER
    from bansou.partners.models import (
        DispatchCase,
        DispatchVisit,
        Expert,
        Partner,
        Referral,
    )
    from bansou.testing import make_user

    rng = random.Random(11)
    today = timezone.localdate()
    chamber = Organization.objects.create(name="川口商工会議所", slug="a", kind="cci")
    district = District.objects.create(organization=chamber, name="青木", name_kana="アオキ")
    coordinator = make_user(chamber, Role.COORDINATOR, "bench-coordinator")
    staff = [make_user(chamber, Role.ADVISOR, f"advisor-{n}") for n in range(10)]
    programmes = services.ensure_programmes(chamber)[:2]
    partners = Partner.objects.bulk_create(
        Partner(organization=chamber, name=name, kind=kind) for name, kind, _day in ROSTER
    )
    experts = Expert.objects.bulk_create(
        Expert(organization=chamber, name=f"専門家{n:02d}", specialty="sme_consultant")
        for n in range(40)
    )
    businesses = Business.objects.bulk_create(
        Business(
            organization=chamber,
            name=f"事業者{n:05d}",
            name_kana=f"ジギョウシャ{n:05d}",
            district=district,
            industry="E",
            employees=5,
        )
        for n in range(CASES)
    )
    started = time.perf_counter()
    referrals = []
    for n in range(CASES + 500):
        day = today - timedelta(days=rng.randrange(1, 700))
        referral = Referral(
            organization=chamber,
            business=businesses[n % CASES],
            staff=rng.choice(staff),
            partner=rng.choice(partners),
            need="資金繰りの相談",
            referred_on=day,
            status="accepted" if n < CASES else "received",
            district=district,
            is_small=True,
        )
        referral.refresh_derived()
        referrals.append(referral)
    Referral.objects.bulk_create(referrals, batch_size=2000)
    cases = DispatchCase.objects.bulk_create(
        [
            DispatchCase(
                organization=chamber,
                referral=referral,
                business=referral.business,
                need=referral.need,
                opened_on=referral.referred_on,
                coordinator=coordinator,
                staff=referral.staff,
                expert=rng.choice(experts),
                programme=rng.choice(programmes),
                status="open" if n % 3 else "closed",
                next_step="日程調整" if n % 5 == 0 else "",
                next_step_on=today + timedelta(days=5) if n % 5 == 0 else None,
            )
            for n, referral in enumerate(referrals[:CASES])
        ],
        batch_size=2000,
    )
    visits = []
    for case in cases:
        day = case.opened_on + timedelta(days=3)
        for number in range(rng.randrange(1, 6)):
            visit = DispatchVisit(
                organization=chamber,
                case=case,
                business=case.business,
                staff=case.staff,
                number=number,
                programme=None if number == 0 else case.programme,
                visited_on=day,
                expert=None if number == 0 else case.expert,
                status="booked" if day >= today else "done",
                district=district,
                is_small=True,
            )
            visit.refresh_derived()
            visits.append(visit)
            day += timedelta(days=rng.randrange(7, 60))
    DispatchVisit.objects.bulk_create(visits, batch_size=2000)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"inserted {len(cases):,} cases, {len(visits):,} visits, {len(referrals):,} requests"
        f" in {time.perf_counter() - started:.1f} s"
    )
    return coordinator


def timed_get(client, url: str):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    if os.environ.get("BENCH_SHOW_QUERIES"):
        for query in ctx.captured_queries:
            print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:150]}")
    return elapsed, len(ctx.captured_queries)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp))
        from django.db import connection
        from django.test import Client
        from django.urls import reverse

        coordinator = fill()
        client = Client()
        client.force_login(coordinator)
        print(f"database: {connection.vendor}")
        print(f"{'page':<28} {'median ms':>10} {'max ms':>8} {'queries':>8}")
        for label, url in [
            ("coordinator's screen", reverse("partners:board")),
            ("open cases (page 1)", reverse("partners:case_list")),
            ("joint support counts", reverse("partners:counts")),
            ("referrals (page 1)", reverse("partners:referral_list")),
        ]:
            timed_get(client, url)
            runs = [timed_get(client, url) for _ in range(REPEAT)]
            times = sorted(r[0] * 1000 for r in runs)
            print(
                f"{label:<28} {statistics.median(times):>10.1f} {times[-1]:>8.1f} {runs[0][1]:>8}"
            )


if __name__ == "__main__":
    main()
