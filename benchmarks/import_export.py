"""Benchmark: import support records from CSV on SQLite, and export them to xlsx.

For each size (20,000 and 100,000 rows by default) a fresh SQLite database in a temporary
BANSOU_VAR_DIR gets 2,000 businesses; a generated CP932 CSV of support records is imported
through the command line's code path (`bansou import support_records FILE --dry-run`, which
checks every row and writes nothing, then `bansou import support_records FILE`, which checks
and writes in one pass inside one transaction), and the records are exported with the
support list's exporter to xlsx. Each size runs in fresh processes: BENCH_REPEAT timed runs
(default 3; the median is reported with the range, because shared machines vary by tens of
percent from one minute to the next) and one under tracemalloc for the peak of Python
allocations. The timed runs also report ru_maxrss of the importing process and of the
process that reads the file beside it (dataio/readahead.py).
Run: .venv/bin/python benchmarks/import_export.py
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = [int(n) for n in os.environ.get("BENCH_ROWS", "20000,100000").split(",")]
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
BUSINESSES = 2000
CHANNELS = ["巡回訪問", "窓口相談", "電話相談", "フォローコール", "メール", "オンライン"]
THEMES = ["販路開拓", "資金繰り", "補助金", "事業承継", "DX推進", "創業", "経営改善"]
NARRATIVE = [
    "売上は前年並みだが原材料費の高騰で利益が圧迫されている。",
    "ＥＣサイトの立ち上げを検討中。補助金の活用を提案した。",
    "後継者は長男を予定。事業承継計画の作成を支援する。",
    "資金繰り表の作成方法を説明し、来月までに作成してもらう。",
]


def setup(var_dir: Path) -> None:
    os.environ["BANSOU_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bansou.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_chamber():
    from bansou.accounts.models import Role
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
    return org, [b.corporate_number for b in businesses], [u.username for u in staff]


def write_csv(path: Path, rows: int, numbers: list[str], staff: list[str]) -> None:
    rng = random.Random(rows)
    header = "日付,時刻,法人番号,支援方法,テーマ,担当者,業況,支援内容,所要時間\r\n"
    with path.open("w", encoding="cp932", newline="") as f:
        f.write(header)
        for i in range(rows):
            f.write(
                f"令和{rng.randint(2, 6)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日,"
                f"{rng.randint(9, 17)}:{rng.choice(('00', '30'))},"
                f"{rng.choice(numbers)},{rng.choice(CHANNELS)},"
                f'"{rng.choice(THEMES)}、{rng.choice(THEMES)}",{rng.choice(staff)},'
                f"{rng.choice(NARRATIVE)},{rng.choice(NARRATIVE)}（{i}）,{rng.randint(10, 120)}\r\n"
            )


def cli(*args: str) -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command(*args)
    return time.perf_counter() - started


def worker(rows: int, traced: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp))
        org, numbers, staff = make_chamber()
        path = Path(tmp) / f"support-{rows}.csv"
        write_csv(path, rows, numbers, staff)
        if traced:
            tracemalloc.start()
        check = cli("import", "support_records", str(path), "--org", "kawaguchi", "--dry-run")
        full = cli("import", "support_records", str(path), "--org", "kawaguchi")
        peak = tracemalloc.get_traced_memory()[1] if traced else None
        if traced:
            tracemalloc.stop()
        # The process's peak resident size up to the end of the import (the export below
        # holds its rows in a list for the split timing, which is not how the product runs).
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        reader_maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        from bansou.support.models import SupportRecord

        assert SupportRecord.objects.count() == rows
        xlsx = Path(tmp) / "export.xlsx"
        export = cli(
            "export",
            "support_records",
            "--org",
            "kawaguchi",
            "--format",
            "xlsx",
            "--output",
            str(xlsx),
        )
        # The same export in its two halves: the support list's exporter (queries and
        # formatting, support/exports.py) and the xlsx writer (lib/tabular.render_xlsx).
        from django.utils import translation

        from bansou.lib.tabular import render_xlsx
        from bansou.support.exports import SupportRecordExporter

        with translation.override("ja"):
            exporter = SupportRecordExporter(SupportRecord.objects.filter(organization=org))
            started = time.perf_counter()
            data = list(exporter.rows())
            rows_s = time.perf_counter() - started
            started = time.perf_counter()
            render_xlsx(exporter.header(), data, sheet_title=exporter.sheet_title())
            render_s = time.perf_counter() - started
        return {
            "rows": rows,
            "file_mb": path.stat().st_size / 1e6,
            "check_s": check,
            "import_s": full,
            "export_s": export,
            "export_rows_s": rows_s,
            "export_render_s": render_s,
            "xlsx_mb": xlsx.stat().st_size / 1e6,
            "peak_mb": peak / 1e6 if peak is not None else None,
            "maxrss_mb": maxrss,
            "reader_maxrss_mb": reader_maxrss,
        }


def run_worker(rows: int, traced: bool) -> dict:
    args = [sys.executable, __file__, "--worker", str(rows)] + (["--traced"] if traced else [])
    out = subprocess.run(args, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    print(
        f"{'rows':>8} {'dry run rows/s':>15} {'import rows/s':>14} {'(min':>7} {'max)':>7} "
        f"{'import s':>9} {'export xlsx s':>14} {'(rows s':>8} {'render s)':>10} "
        f"{'peak traced MB':>15} {'maxrss MB':>10} {'reader MB':>10}"
    )
    for rows in SIZES:
        timed = sorted(
            (run_worker(rows, traced=False) for _ in range(REPEAT)), key=lambda r: r["import_s"]
        )
        median = timed[len(timed) // 2]
        traced = run_worker(rows, traced=True)
        print(
            f"{rows:>8,} {rows / median['check_s']:>15,.0f} "
            f"{rows / median['import_s']:>14,.0f} {rows / timed[-1]['import_s']:>7,.0f} "
            f"{rows / timed[0]['import_s']:>7,.0f} {median['import_s']:>9.2f} "
            f"{median['export_s']:>14.1f} {median['export_rows_s']:>8.1f} "
            f"{median['export_render_s']:>10.1f} {traced['peak_mb']:>15.1f} "
            f"{max(r['maxrss_mb'] for r in timed):>10.0f} "
            f"{max(r['reader_maxrss_mb'] for r in timed):>10.0f}",
            flush=True,
        )
    print(
        f"\nmedian of {REPEAT} runs, each in a fresh process and database (min–max in brackets);"
        "\ndry run = `bansou import --dry-run` (every row cleaned and resolved, nothing written);"
        "\nimport = `bansou import` (checks and writes in one pass, one transaction), the "
        "issue's figure (target 20,000 rows/s);\nexport xlsx = `bansou export support_records "
        "--format xlsx` (target < 10 s), split into the exporter's rows and the xlsx rendering;"
        "\npeak traced MB = tracemalloc's peak over both imports in the importing process;"
        "\nmaxrss / reader MB = largest resident size of the importing process and of the "
        "process reading the file (both must not grow with the file)."
    )


if __name__ == "__main__":
    if "--worker" in sys.argv:
        result = worker(int(sys.argv[sys.argv.index("--worker") + 1]), "--traced" in sys.argv)
        print(json.dumps(result))
    else:
        main()
