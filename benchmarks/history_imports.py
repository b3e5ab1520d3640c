"""Benchmark: the history imports (checks, analyses, plans, follow-ups): rows/s and memory.

For each kind and size a fresh SQLite database in a temporary BANSOU_VAR_DIR gets 2,000
businesses (and, for the follow-ups, one completed plan each); a generated CP932 CSV is imported
through the command line's code path (`bansou import KIND FILE`, checking and writing in one
pass inside one transaction), then imported again (every row unchanged: the idempotent
re-import). Flat kinds run at 20,000 and 100,000 rows (the issue: ≥ 20,000 rows/s), business
plans with three to five yearly targets at 4,000 and 20,000 plans (≥ 5,000 plans/s), motivation
checks with their twelve answers as a nested kind too. Each run is a fresh process: BENCH_REPEAT
timed runs (default 3, the median reported with the range) and one under tracemalloc for the
peak of Python allocations, which must not grow with the file.
Run: .venv/bin/python benchmarks/history_imports.py   (BENCH_KINDS=a,b to choose kinds)
"""

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
BUSINESSES = 2000
# kind → (label, sizes, target rows/s)
KINDS = {
    "motivation_total": ("motivation_checks (total only)", (20_000, 100_000), 20_000),
    "motivation_answers": ("motivation_checks (12 answers)", (20_000, 100_000), 5_000),
    "analyses": ("analyses", (20_000, 100_000), 20_000),
    "followup_reports": ("followup_reports", (20_000, 100_000), 20_000),
    "followup_contacts": ("followup_contacts", (20_000, 100_000), 20_000),
    "business_plans": ("business_plans (3–5 targets)", (4_000, 20_000), 5_000),
}
CODES = {"motivation_total": "motivation_checks", "motivation_answers": "motivation_checks"}
CHOSEN = [k for k in os.environ.get("BENCH_KINDS", ",".join(KINDS)).split(",") if k]
START = date(2020, 4, 1)
PLAN_COMPLETED = date(2020, 3, 1)


def setup(var_dir: Path) -> None:
    os.environ["BANSOU_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bansou.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # The staff's passwords are not what is measured: the fast hasher the tests use.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    call_command("migrate", verbosity=0)


def make_chamber(with_plans: bool):
    from bansou.accounts.models import Role
    from bansou.business_plans.models import BusinessPlan
    from bansou.businesses.models import Business
    from bansou.lib.corporate_number import make_corporate_number
    from bansou.organizations.models import District, Organization
    from bansou.testing import make_user

    org = Organization.objects.create(name="川口商工会議所", slug="kawaguchi", kind="cci")
    districts = [
        District.objects.create(organization=org, name=name, in_territory=name != "鳩ヶ谷")
        for name in ("青木", "芝", "鳩ヶ谷")
    ]
    businesses = []
    for i in range(BUSINESSES):
        b = Business(
            organization=org,
            name=f"株式会社テスト{i:05d}",
            name_kana=f"テスト{i:05d}",
            corporate_number=make_corporate_number(f"{i + 1:012d}"),
            industry="E",
            employees=i % 40,
            district=districts[i % 3],
        )
        b.refresh_derived()
        businesses.append(b)
    Business.objects.bulk_create(businesses)
    staff = [make_user(org, Role.ADVISOR, f"advisor{i}") for i in range(10)]
    if with_plans:
        plans = []
        for b in businesses:
            plan = BusinessPlan(
                organization=org,
                business=b,
                staff=staff[0],
                title="経営計画",
                kind="innovation",
                status="completed",
                started_on=PLAN_COMPLETED - timedelta(days=60),
                completed_on=PLAN_COMPLETED,
                baseline_fiscal_year=2019,
                baseline_sales=50_000,
                baseline_profit=2_000,
            )
            plan.capture_business_facts()
            plan.refresh_fiscal_year()
            plans.append(plan)
        BusinessPlan.objects.bulk_create(plans)
    return [b.corporate_number for b in businesses], [u.username for u in staff]


def rows_of(kind: str, rows: int, numbers: list[str], staff: list[str]):
    """(header, row iterator); row i is business i % 2,000 on its own day (unique keys)."""
    rng = random.Random(rows)

    def who(i):
        return numbers[i % BUSINESSES], (START + timedelta(days=i // BUSINESSES)).isoformat()

    if kind == "motivation_total":
        header = ["法人番号", "確認日", "担当者", "方法", "合計点", "備考"]
        return header, (
            [*who(i), staff[i % 10], "巡回訪問", f"{rng.randint(0, 1000) / 10}", f"備考{i}"]
            for i in range(rows)
        )
    if kind == "motivation_answers":
        header = ["法人番号", "確認日", "担当者", "方法", *(f"問{n}" for n in range(1, 13))]
        return header, (
            [*who(i), staff[i % 10], "窓口相談", *(str(rng.randint(0, 4)) for _ in range(12))]
            for i in range(rows)
        )
    if kind == "analyses":
        header = ["法人番号", "分析日", "担当者", "経営課題", "強み", "弱み", "IT活用度"]
        return header, (
            [*who(i), staff[i % 10], f"課題{i}", "技術力", "営業力", str(rng.randint(1, 5))]
            for i in range(rows)
        )
    if kind == "followup_reports":
        header = ["法人番号", "報告日", "担当者", "売上高", "利益", "支援希望", "対象年度"]
        return header, (
            [
                *who(i),
                staff[i % 10],
                str(rng.randint(30_000, 70_000)),
                str(rng.randint(-500, 4_000)),
                rng.choice(("はい", "いいえ")),
                "令和2年度",
            ]
            for i in range(rows)
        )
    if kind == "followup_contacts":
        header = ["法人番号", "実施日", "担当者", "方法", "備考"]
        return header, ([*who(i), staff[i % 10], "電話相談", f"状況確認{i}"] for i in range(rows))
    if kind == "business_plans":
        header = [
            "法人番号",
            "計画名",
            "計画の種類",
            "状態",
            "着手日",
            "策定日",
            "担当者",
            "基準年度",
            "基準年度売上",
            "基準年度利益",
        ]
        for n in range(1, 6):
            header += [f"{n}年目売上目標", f"{n}年目利益目標"]

        def plan(i):
            number, started = who(i)
            years = rng.randint(3, 5)
            targets = []
            for n in range(1, 6):
                targets += (
                    [str(50_000 + n * 1000), str(2_000 + n * 100)] if n <= years else ["", ""]
                )
            completed = (date.fromisoformat(started) + timedelta(days=30)).isoformat()
            return [
                number,
                f"計画{i}",
                "経営革新計画",
                "策定済",
                started,
                completed,
                staff[i % 10],
                "令和元年度",
                "50000",
                "2000",
                *targets,
            ]

        return header, (plan(i) for i in range(rows))
    raise ValueError(kind)


def write_csv(path: Path, kind: str, rows: int, numbers, staff) -> None:
    header, body = rows_of(kind, rows, numbers, staff)
    with path.open("w", encoding="cp932", newline="") as f:
        f.write(",".join(header) + "\r\n")
        for row in body:
            f.write(",".join(row) + "\r\n")


def cli(*args: str) -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command(*args, stdout=quiet)
    return time.perf_counter() - started


def worker(kind: str, rows: int, traced: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp))
        numbers, staff = make_chamber(kind.startswith("followup"))
        path = Path(tmp) / f"{kind}-{rows}.csv"
        write_csv(path, kind, rows, numbers, staff)
        code = CODES.get(kind, kind)
        if traced:
            tracemalloc.start()
        first = cli("import", code, str(path), "--org", "kawaguchi")
        again = cli("import", code, str(path), "--org", "kawaguchi")
        peak = tracemalloc.get_traced_memory()[1] if traced else None
        if traced:
            tracemalloc.stop()
        from bansou.dataio.models import ImportJob

        jobs = list(ImportJob.objects.order_by("pk"))
        assert [j.created_count for j in jobs] == [rows, 0], [j.created_count for j in jobs]
        assert jobs[1].unchanged_count == rows
        return {
            "rows": rows,
            "file_mb": path.stat().st_size / 1e6,
            "import_s": first,
            "reimport_s": again,
            "peak_mb": peak / 1e6 if peak is not None else None,
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }


def run_worker(kind: str, rows: int, traced: bool) -> dict:
    args = [sys.executable, __file__, "--worker", kind, str(rows)]
    args += ["--traced"] if traced else []
    out = subprocess.run(args, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    print(
        f"{'kind':<32} {'rows':>8} {'import rows/s':>14} {'(min':>7} {'max)':>7} "
        f"{'target':>7} {'re-import rows/s':>17} {'peak traced MB':>15} {'maxrss MB':>10}"
    )
    for kind in CHOSEN:
        label, sizes, target = KINDS[kind]
        for rows in sizes:
            timed = sorted(
                (run_worker(kind, rows, traced=False) for _ in range(REPEAT)),
                key=lambda r: r["import_s"],
            )
            median = timed[len(timed) // 2]
            traced = run_worker(kind, rows, traced=True)
            print(
                f"{label:<32} {rows:>8,} {rows / median['import_s']:>14,.0f} "
                f"{rows / timed[-1]['import_s']:>7,.0f} {rows / timed[0]['import_s']:>7,.0f} "
                f"{target:>7,} {rows / median['reimport_s']:>17,.0f} "
                f"{traced['peak_mb']:>15.1f} {max(r['maxrss_mb'] for r in timed):>10.0f}",
                flush=True,
            )
    print(
        f"\nmedian of {REPEAT} runs, each in a fresh process and database (min–max in brackets);"
        "\nimport = `bansou import KIND FILE` (checks and writes in one pass, one transaction);"
        "\nre-import = the same file again (every row found stored and unchanged);"
        "\npeak traced MB = tracemalloc's peak over both imports (must not grow with the file)."
    )


if __name__ == "__main__":
    if "--worker" in sys.argv:
        at = sys.argv.index("--worker")
        result = worker(sys.argv[at + 1], int(sys.argv[at + 2]), "--traced" in sys.argv)
        print(json.dumps(result))
    else:
        main()
