"""Benchmark: a survey round of 2,000 respondents × 10 items (SQLite, or BENCH_DATABASE_URL).

Imports the answers from a 2,000-row CSV (`bansou import survey_responses`), imports it again
(nothing changes), then times the round's DI report (report.build), the round page and
`survey_report --format json`, with their SQL query counts. Run: python
benchmarks/surveys_report.py (PostgreSQL: BENCH_DATABASE_URL=postgres://…/bansou_bench …;
that database is emptied first, so name one of its own).
"""

import os
import random
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

RESPONDENTS = int(os.environ.get("BENCH_SURVEY_RESPONDENTS", "2000"))
REPEAT = 7


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
    if "surveys_surveyround" in connection.introspection.table_names():
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)


def timed(action) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            action()
            times.append(time.perf_counter() - start)
        queries = len(captured)
    return statistics.median(times), queries


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp))
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse

        from bansou.accounts.models import Role
        from bansou.businesses.models import Business
        from bansou.organizations.models import Organization
        from bansou.surveys import report
        from bansou.surveys.definitions import create_surveys
        from bansou.surveys.models import SurveyRound
        from bansou.testing import csv_bytes, make_user

        chamber = Organization.objects.create(name="川口商工会議所", slug="a", kind="cci")
        advisor = make_user(chamber, Role.ADVISOR, "bench-advisor")
        create_surveys(chamber)
        businesses = [
            Business(
                organization=chamber,
                name=f"事業者{n:05d}",
                name_kana=f"ジギョウシャ{n}",
                industry="DEIKMNR"[n % 7],
                employees=1 + n % 30,
            )  # fmt: skip
            for n in range(RESPONDENTS)
        ]
        for business in businesses:
            business.refresh_derived()
        Business.objects.bulk_create(businesses)
        rng = random.Random(1)
        items = ["業況", "売上高", "売上単価", "仕入単価", "経常利益", "従業員数", "賃金",
                 "資金繰り", "設備投資"]  # fmt: skip
        words = {"従業員数": ("過剰", "適正", "不足", "該当しない")}
        rows = [["事業者名", *items, "経営課題"]]
        for n in range(RESPONDENTS):
            line = [f"事業者{n:05d}"]
            for item in items:
                choices = words.get(item)
                if choices is None:
                    first = {"業況": "好転", "経常利益": "好転", "資金繰り": "好転"}.get(item)
                    plus = first or ("上昇" if item in ("売上単価", "仕入単価", "賃金") else "増加")
                    minus = {"好転": "悪化", "上昇": "低下", "増加": "減少"}[plus]
                    choices = (plus, "不変", minus, "該当しない")
                line.append(rng.choice(choices))
            line.append("人手不足" if n % 10 == 0 else "")
            rows.append(line)
        path = Path(tmp) / "answers.csv"
        path.write_bytes(csv_bytes(rows))
        args = ["--org", "a", "--survey", "sme", "--period", "2024Q2"]
        for label in ("import", "re-import (unchanged)"):
            start = time.perf_counter()
            call_command("import", "survey_responses", str(path), *args, stdout=StringIO())
            elapsed = time.perf_counter() - start
            rate = RESPONDENTS / elapsed
            print(f"{label}: {RESPONDENTS} rows in {elapsed:.2f} s ({rate:,.0f} rows/s)")
        round_ = SurveyRound.objects.get(period="2024Q2")
        client = Client()
        client.force_login(advisor)
        url = reverse("surveys:round", args=[round_.pk])
        for label, action in (
            ("report.build", lambda: report.build(round_)),
            ("round page", lambda: client.get(url)),
            ("survey_report json", lambda: call_command("survey_report", *args, stdout=StringIO())),
        ):
            seconds, queries = timed(action)
            print(f"{label}: {seconds * 1000:.0f} ms, {queries} queries")


if __name__ == "__main__":
    main()
