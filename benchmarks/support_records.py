"""Benchmark: 1,000,000 support records in one chamber, on SQLite or PostgreSQL.

Builds the demo register (15,000 businesses), loads the records in large batches (SQLite:
executemany, with the FTS5 insert triggers dropped during the load and the indexes rebuilt once
after it, fulltext.install; PostgreSQL: COPY, with the GIN indexes dropped during the load and
built once after it, then VACUUM (ANALYZE), as autovacuum would), then reports SQL queries and
median/p95 server time through Django's request handler (middleware, view, template) in this
process: the business page of a business with many records and its timeline partial, the
advisor's start page, the record list, and the knowledge search in every query shape (3+
characters, 1–2 characters, two words, no match, with theme and year filters).
Run: nice -n 10 .venv/bin/python benchmarks/support_records.py   (BENCH_RECORDS=… for another
size; BENCH_KEEP=<dir> keeps the SQLite database and reuses it; BENCH_ONLY=search measures the
knowledge search only; BENCH_REPEAT=… runs per request, default 11).
PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/bansou_ksearch_bench … — a database
of its own: it is created when missing and emptied first, unless BENCH_KEEP is set and it holds
the records already (then it is reused). "p95 cpu" is this process's time only (on PostgreSQL the
query runs in the server, so it is not in that column).
"""

import math
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

RECORDS = int(os.environ.get("BENCH_RECORDS", "1000000"))
BUSINESSES = 15_000
HEAVY_BUSINESS_RECORDS = 5_000  # one business with a long history
BATCH = 50_000
REPEAT = int(os.environ.get("BENCH_REPEAT", "11"))
SEED = 20240401

# Phrases of a カルテ; the knowledge-search queries below are drawn from them.
CONDITIONS = [
    "売上は前年並みで推移",
    "原材料価格の高騰で利益が圧迫",
    "受注が回復傾向",
    "人手不足で受注を断っている",
    "客数が減少し売上が前年比1割減",
    "インバウンド需要で売上増加",
]
ISSUES = [
    "資金繰りが厳しく借入金の返済が負担",
    "後継者が決まっていない",
    "販路開拓が進まず取引先が限られる",
    "価格転嫁ができていない",
    "インボイス対応が遅れている",
    "ホームページが古く集客につながらない",
    "設備の老朽化で生産性が低い",
]
ANALYSES = [
    "粗利率が3ポイント低下",
    "損益分岐点売上高を上回っている",
    "固定費の比率が高い",
    "自己資本比率が低く財務基盤が弱い",
    "強みは技術力と短納期対応",
]
SUPPORTS = [
    "資金繰り表の作成を支援し、マル経融資を案内した",
    "事業承継計画の策定を提案した",
    "展示会出展と商談会への参加を勧めた",
    "ものづくり補助金の申請書作成を支援した",
    "ECサイトの開設とDX推進について助言した",
    "経営改善計画の作成を支援した",
    "専門家派遣を提案した",
]
APPROACHES = [
    "社長の不安を聞き取り、数字で示したところ納得された",
    "後継者候補を交えて話し合った",
    "資料を持参して説明し、前向きな反応を得た",
    "次回までに社内で検討するとのこと",
]
NEXT_ACTIONS = ["試算表を受け取る", "申請書の下書きを確認", "金融機関へ同行", "", "", ""]
CHANNELS = ["visit", "visit", "visit", "desk", "call", "follow_call", "email", "online", "seminar"]
THEMES = [
    "startup",
    "succession",
    "sales_channels",
    "productivity",
    "labour",
    "dx",
    "cash_flow",
    "subsidy",
    "improvement",
    "other",
]
QUERIES_3 = ["資金繰", "後継者", "インボ", "補助金", "展示会", "損益分岐点", "価格転嫁 粗利"]
QUERIES_SHORT = ["融資", "dx", "承", "粗利"]
SHORT_FILTERED = {"q": "粗利", "theme": "dx", "fiscal_year": "2024"}


PG_URL = os.environ.get("DATABASE_URL", "")
if not PG_URL.startswith("postgres"):
    PG_URL = ""


def ensure_postgres_database() -> None:
    """Create the benchmark's own database when it does not exist yet."""
    from urllib.parse import urlparse

    import psycopg

    url = urlparse(PG_URL)
    name = url.path.lstrip("/")
    with psycopg.connect(url._replace(path="/postgres").geturl(), autocommit=True) as server:
        if not server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            server.execute(f'CREATE DATABASE "{name}"')


def django_setup(var_dir: Path) -> None:
    os.environ["BANSOU_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
    if PG_URL:
        os.environ["DATABASE_URL"] = PG_URL
        ensure_postgres_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bansou.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # allows the test client's host name


def loaded() -> bool:
    """Whether the database holds the benchmark's records already (BENCH_KEEP reuses them)."""
    from django.db import connection

    if "support_supportrecord" not in connection.introspection.table_names():
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM support_supportrecord")
        return cursor.fetchone()[0] >= RECORDS


def setup(var_dir: Path) -> None:
    from django.core.management import call_command
    from django.db import connection

    if PG_URL and "django_migrations" in connection.introspection.table_names():
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    from bansou.demo.services import load_demo

    started = time.perf_counter()
    load_demo(businesses=BUSINESSES, other_businesses=300)
    print(f"loaded {BUSINESSES:,} businesses in {time.perf_counter() - started:.1f} s")


def record_rows(organization_id, businesses, staff_ids, today: date):
    """(record row, themes) tuples in the column order of INSERT_RECORD."""
    from bansou.lib.eras import fiscal_year
    from bansou.support.text import search_text_of

    rng = random.Random(SEED)
    heavy = businesses[0]
    every = max(1, RECORDS // HEAVY_BUSINESS_RECORDS)
    start = datetime(2016, 4, 1, tzinfo=UTC)
    span = int((datetime(today.year, today.month, today.day, tzinfo=UTC) - start).total_seconds())
    created = datetime.now(UTC).isoformat(sep=" ")
    recent = today - timedelta(days=60)
    # In the order they happened, as a chamber writes them (day by day; a history import's
    # file by date), so that a year's records lie together in the table as they would.
    moments = sorted(rng.randrange(span) for _ in range(RECORDS))
    for i in range(RECORDS):
        business = heavy if i % every == 0 else rng.choice(businesses)
        moment = start + timedelta(seconds=moments[i])
        local_day = (moment + timedelta(hours=9)).date()
        fields = (
            rng.choice(CONDITIONS),
            rng.choice(ISSUES),
            rng.choice(ANALYSES),
            rng.choice(SUPPORTS) + f"（{i}）",
            rng.choice(APPROACHES),
        )
        next_action = rng.choice(NEXT_ACTIONS)
        due = local_day + timedelta(days=rng.randrange(7, 45)) if next_action else None
        bid, district_id, is_small = business
        yield (
            (
                organization_id,
                bid,
                rng.choice(staff_ids),
                district_id,
                1,
                is_small,
                created,
                created,
                moment.isoformat(sep=" "),
                local_day.isoformat(),
                fiscal_year(local_day),
                rng.choice(CHANNELS),
                rng.choice((30, 45, 60, 90, None)),
                *fields,
                next_action,
                due.isoformat() if due else None,
                0 if next_action and local_day >= recent else 1,
                search_text_of(*fields, next_action),
            ),
            rng.sample(THEMES, rng.choice((1, 1, 2, 3))),
        )


INSERT_RECORD = """INSERT INTO support_supportrecord (
    id, organization_id, business_id, staff_id, district_id, in_territory, is_small,
    created_at, updated_at, occurred_at, occurred_on, fiscal_year, channel, duration_minutes,
    condition, issues, analysis, support, approach, next_action, next_action_due,
    next_action_done, search_text)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
INSERT_THEME = (
    "INSERT INTO support_supportrecordtheme (organization_id, record_id, theme) VALUES (?, ?, ?)"
)
RECORD_COLUMNS = INSERT_RECORD.split("(", 1)[1].split(")", 1)[0]
COPY_RECORD = f"COPY support_supportrecord ({RECORD_COLUMNS}, lock_version) FROM STDIN"
COPY_THEME = "COPY support_supportrecordtheme (organization_id, record_id, theme) FROM STDIN"


def copy_records(rows, first_id: int) -> None:
    """PostgreSQL: COPY the records and their themes, the GIN indexes built once after."""
    from django.db import connection

    from bansou.support import fulltext

    with connection.cursor() as cursor:
        for name in (fulltext.PG_INDEX, fulltext.PG_GRAM_INDEX):
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    raw = connection.connection  # the psycopg connection
    themes = []
    with raw.cursor() as cursor, cursor.copy(COPY_RECORD) as copy:
        for record_id, (row, row_themes) in enumerate(rows, start=first_id):
            copy.write_row((record_id, *row, 1))
            themes.extend((row[0], record_id, t) for t in row_themes)
    with raw.cursor() as cursor, cursor.copy(COPY_THEME) as copy:
        for theme in themes:
            copy.write_row(theme)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('support_supportrecord', 'id'), "
            "(SELECT max(id) FROM support_supportrecord))"
        )


def load_records(organization) -> None:
    from django.db import connection, transaction

    from bansou.accounts.models import RECORD_WRITERS, User
    from bansou.businesses.models import Business
    from bansou.support import fulltext
    from bansou.support.services import today

    businesses = list(
        Business.objects.filter(organization=organization)
        .order_by("pk")
        .values_list("pk", "district_id", "is_small")
    )
    staff_ids = list(
        User.objects.filter(organization=organization, role__in=RECORD_WRITERS).values_list(
            "pk", flat=True
        )
    )
    started = time.perf_counter()
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT max(id) FROM support_supportrecord")
                first_id = (cursor.fetchone()[0] or 0) + 1
            copy_records(record_rows(organization.pk, businesses, staff_ids, today()), first_id)
        copied = time.perf_counter()
        print(f"copied {RECORDS:,} records in {copied - started:.1f} s (ids from {first_id:,})")
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '1GB'")
        with connection.schema_editor() as editor:
            fulltext.install(editor)  # re-creates the GIN indexes
        with connection.cursor() as cursor:
            # What autovacuum does soon after a bulk load: the statistics, and the visibility
            # map that lets index-only scans (the theme filter) skip the table.
            cursor.execute("VACUUM (ANALYZE)")
        print(f"built the GIN indexes and vacuumed in {time.perf_counter() - copied:.1f} s")
        return
    raw = connection.connection  # the sqlite3 connection: executemany without the ORM
    with transaction.atomic():
        # One index rebuild after the load is much faster than a trigger call per row.
        raw.execute("DROP TRIGGER IF EXISTS support_record_fts_ai")
        raw.execute("DROP TRIGGER IF EXISTS support_record_grams_ai")
        batch, themes = [], []
        rows = record_rows(organization.pk, businesses, staff_ids, today())
        # After the demo's own records (the living demo writes some).
        first_id = (raw.execute("SELECT max(id) FROM support_supportrecord").fetchone()[0] or 0) + 1
        for record_id, (row, row_themes) in enumerate(rows, start=first_id):
            batch.append((record_id, *row))
            themes.extend((organization.pk, record_id, t) for t in row_themes)
            if len(batch) == BATCH:
                raw.executemany(INSERT_RECORD, batch)
                raw.executemany(INSERT_THEME, themes)
                batch, themes = [], []
        raw.executemany(INSERT_RECORD, batch)
        raw.executemany(INSERT_THEME, themes)
    loaded = time.perf_counter()
    print(f"inserted {RECORDS:,} records in {loaded - started:.1f} s (ids from {first_id:,})")
    with connection.schema_editor() as editor:
        fulltext.install(editor)  # re-creates the trigger and rebuilds the index once
    print(f"built the FTS5 trigram and gram indexes in {time.perf_counter() - loaded:.1f} s")


def timed_get(client, url: str, params: dict):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(url, params)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(ctx.captured_queries), response, cpu


def measure(client, url: str, params: dict, repeat: int = REPEAT):
    """Median and p95 wall time, p95 CPU time of this process (SQLite runs in it: the work
    without the wait for a core on a shared machine), queries, the last response."""
    timed_get(client, url, params)  # warm the cache
    runs = [timed_get(client, url, params) for _ in range(repeat)]
    times = sorted(r[0] * 1000 for r in runs)
    cpu = sorted(r[3] * 1000 for r in runs)
    at = min(len(times) - 1, math.ceil(len(times) * 0.95) - 1)
    return statistics.median(times), times[at], cpu[at], runs[0][1], runs[0][2]


def main() -> None:
    total_started = time.perf_counter()
    # BENCH_KEEP=<dir> keeps the database there and reuses it on the next run (for profiling).
    keep = os.environ.get("BENCH_KEEP")
    with tempfile.TemporaryDirectory() as tmp:
        var_dir = Path(keep) if keep else Path(tmp)
        var_dir.mkdir(parents=True, exist_ok=True)
        django_setup(var_dir)
        reuse = bool(keep) and loaded()
        if not reuse:
            setup(var_dir)
        from django.test import Client
        from django.urls import reverse

        from bansou.accounts.models import User
        from bansou.businesses.models import Business

        advisor = User.objects.get(username="kawaguchi-advisor")
        if not reuse:
            load_records(advisor.organization)
        # The business with the long history: the chamber's first (record_rows).
        heavy = (
            Business.objects.filter(organization=advisor.organization_id)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        client = Client()
        client.force_login(advisor)
        business_url = reverse("businesses:detail", kwargs={"pk": heavy})
        typical_url = reverse("businesses:detail", kwargs={"pk": heavy + 1})
        timeline_url = reverse("support:timeline", kwargs={"business_pk": heavy})
        list_url = reverse("support:list")
        search_url = reverse("support:search")

        rows = [
            ("business page (5,000 records)", business_url, {}),
            ("business page (typical, ~66)", typical_url, {}),
            ("timeline partial, page 1", timeline_url, {}),
            ("timeline partial, page 200", timeline_url, {"page": 200}),
            ("timeline, kind=support_record", timeline_url, {"kind": "support_record"}),
            ("advisor start page", reverse("core:home"), {}),
            ("record list", list_url, {}),
            ("record list, mine", list_url, {"mine": "on"}),
            ("record list, theme+FY", list_url, {"theme": "dx", "fiscal_year": "2024"}),
        ]
        if os.environ.get("BENCH_ONLY") == "search":
            rows = []
        rows += [(f"search q={q}", search_url, {"q": q}) for q in QUERIES_3]
        rows.append(
            (
                "search q=資金繰 + theme+FY",
                search_url,
                {"q": "資金繰", "theme": "cash_flow", "fiscal_year": "2024"},
            )
        )
        rows.append(("search q=（12345） rare", search_url, {"q": "（12345）"}))
        rows += [(f"search q={q} (short)", search_url, {"q": q}) for q in QUERIES_SHORT]
        # No trigram for 1–2 characters: the index of characters and pairs answers them.
        rows.append(("search q=税 (short, no match)", search_url, {"q": "税"}))
        rows.append(("search q=税務 (short, no match)", search_url, {"q": "税務"}))
        rows.append(("search q=の (short, frequent)", search_url, {"q": "の"}))
        rows.append(("search q=粗利 + theme+FY (short)", search_url, SHORT_FILTERED))
        rows.append(("search q=税 + theme+FY (short)", search_url, {**SHORT_FILTERED, "q": "税"}))
        rows.append(("search two words 後継者 承継 (short)", search_url, {"q": "後継者 承継"}))
        rows.append(("search long phrase, no match", search_url, {"q": "存在しない長い言い回し"}))
        rows.append(("search q=価格転嫁 粗利", search_url, {"q": "価格転嫁 粗利"}))
        rows.append(
            (
                "search 価格転嫁 粗利 + theme+FY",
                search_url,
                {**SHORT_FILTERED, "q": "価格転嫁 粗利"},
            )
        )
        rows.append(("search q=粗利 + theme (short)", search_url, {"q": "粗利", "theme": "dx"}))
        rows.append(("search q=粗利, page 40", search_url, {"q": "粗利", "page": 40}))

        print(
            f"\n{'request':<36} {'median ms':>10} {'p95 ms':>8} {'p95 cpu':>8} {'queries':>8}"
            f" {'found':>9}"
        )
        for label, url, params in rows:
            median, p95, cpu, queries, response = measure(client, url, params)
            page = response.context.get("page") if response.context else None
            found = ""
            if page is not None and hasattr(page, "paginator"):
                capped = getattr(page.paginator, "capped", False)
                found = f"{page.paginator.count:,}{'+' if capped else ''}"
            print(f"{label:<36} {median:>10.1f} {p95:>8.1f} {cpu:>8.1f} {queries:>8} {found:>9}")
        print(f"\ntotal {time.perf_counter() - total_started:.0f} s")


if __name__ == "__main__":
    main()
