"""Benchmark: the audit page with 1,000,000 entries (SQLite, or PostgreSQL: BENCH_DATABASE_URL).

Inserts BENCH_AUDIT_ENTRIES entries (default 1,000,000) for one chamber, spread over five years
and twenty users, then reports the server time and SQL queries of the page with each filter,
and the database's plan (EXPLAIN) of the page's main query. Run: python benchmarks/audit_log.py
(PostgreSQL: BENCH_DATABASE_URL=postgres://…/bansou_bench python benchmarks/audit_log.py; that
database is emptied first, so name one of its own).
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ENTRIES = int(os.environ.get("BENCH_AUDIT_ENTRIES", "1000000"))
REPEAT = 7
BATCH = 20000


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
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("flush", interactive=False, verbosity=0) if _has_tables() else None
    call_command("migrate", verbosity=0)


def _has_tables() -> bool:
    from django.db import connection

    return "audit_auditentry" in connection.introspection.table_names()


def fill() -> tuple:
    from django.utils import timezone

    from bansou.accounts.models import Role
    from bansou.audit.models import AuditEntry
    from bansou.organizations.models import Organization
    from bansou.testing import make_user

    chamber = Organization.objects.create(name="川口商工会議所", slug="a", kind="cci")
    other = Organization.objects.create(name="さくら商工会", slug="b", kind="sci")
    admin = make_user(chamber, Role.ADMIN, "bench-admin")
    users = [make_user(chamber, Role.ADVISOR, f"advisor-{n}") for n in range(20)]
    actions = [
        ("businesses.business.updated", "businesses.business"),
        ("support.record.created", "support.supportrecord"),
        ("businesses.business.viewed", "businesses.business"),
        ("accounts.user.logged_in", "accounts.user"),
        ("businesses.business.exported", "businesses.business"),
    ]
    rng = random.Random(7)
    now = timezone.now()
    started = time.perf_counter()
    made = 0
    while made < ENTRIES:
        batch = []
        for _ in range(min(BATCH, ENTRIES - made)):
            action, target = rng.choice(actions)
            user = rng.choice(users)
            name = f"事業者{rng.randrange(20000):05d}"
            changes = {"name": {"label": "名称", "old": name, "new": name + "（改）"}}
            batch.append(
                AuditEntry(
                    organization=chamber if rng.random() < 0.9 else other,
                    actor=user,
                    action=action,
                    target_type=target,
                    target_id=rng.randrange(1, 20000),
                    target_repr=name,
                    changes=changes,
                    ip_address="192.0.2.1",
                )
            )
        AuditEntry.objects.bulk_create(batch)
        made += len(batch)
    # created_at is auto_now_add: spread the entries over five years afterwards, in SQL.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(id) FROM audit_auditentry")
        first = cursor.fetchone()[0]
        days = 5 * 365
        if connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE audit_auditentry SET created_at = %s"
                f" - ((id - %s) %% {days}) * interval '1 day'"
                " - ((id * 37) %% 86400) * interval '1 second'",
                [now, first],
            )
            cursor.execute("ANALYZE audit_auditentry")
        else:
            cursor.execute(
                "UPDATE audit_auditentry SET created_at = strftime('%%Y-%%m-%%d %%H:%%M:%%f', "
                f"%s, '-' || ((id - %s) % {days}) || ' days', "
                "'-' || ((id * 37) % 86400) || ' seconds')",
                [now.replace(tzinfo=None).isoformat(sep=" "), first],
            )
            cursor.execute("ANALYZE")
    print(f"inserted {ENTRIES:,} entries in {time.perf_counter() - started:.1f} s")
    return admin, users


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
        from django.db import connection
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        admin, users = fill()
        client = Client()
        client.force_login(admin)
        url = reverse("audit:list")
        today = timezone.localdate()
        month_ago = (today - timedelta(days=30)).strftime("%Y/%m/%d")
        cases = [
            ("newest first", {}),
            ("page 200", {"page": 200}),
            ("one user", {"user": users[3].pk}),
            ("one action", {"action": "support.record.created"}),
            ("object type", {"target_type": "accounts.user"}),
            ("last 30 days", {"date_from": month_ago}),
            ("user + last 30 days", {"user": users[3].pk, "date_from": month_ago}),
            ("free text, last 30 days", {"q": "事業者01234", "date_from": month_ago}),
            ("free text, all time", {"q": "事業者01234"}),
        ]
        print(f"{'case':<26} {'median ms':>10} {'max ms':>8} {'queries':>8}")
        plans = []
        for label, params in cases:
            timed_get(client, url, params)
            runs = [timed_get(client, url, params) for _ in range(REPEAT)]
            times = sorted(r[0] * 1000 for r in runs)
            queries = runs[0][1]
            median = statistics.median(times)
            print(f"{label:<26} {median:>10.1f} {times[-1]:>8.1f} {len(queries):>8}")
            on_audit = [q["sql"] for q in queries if "audit_auditentry" in q["sql"]]
            # The page's rows; the count when the page is empty.
            main_query = next((q for q in on_audit if "LIMIT" in q), on_audit[-1])
            plans.append((label, main_query))
        explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        for label, sql in plans:
            with connection.cursor() as cursor:
                cursor.execute(explain + sql)
                rows = cursor.fetchall()
            print(f"\n-- {label}")
            for row in rows:
                print("  ", row[-1])


if __name__ == "__main__":
    main()
