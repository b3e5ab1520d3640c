"""Benchmark: the e-voucher usage import (`voucher_usage`): rows/s, re-import and memory.

A fresh SQLite database in a temporary BANSOU_VAR_DIR gets 2,000 businesses of which 1,500 are
member stores of a voucher programme (the seed: 加盟店数1,500店); a generated CP932 CSV of
usage rows (store by 法人番号, day, amount with full-width digits for a tenth of the rows,
gender, age band, area, occupation, transaction ID) is imported through the command line's
code path (`bansou import voucher_usage FILE --org kawaguchi`: checking and writing in one
pass inside one transaction, the monthly sales fed at the end), then imported again (every
row unchanged). Each run is a fresh process: BENCH_REPEAT timed runs (default 3, the median
reported with the range) and one under tracemalloc for the peak of Python allocations.
Target (issue 16): ≥ 20,000 rows/s at 100,000 rows.
Run: nice -n 10 .venv/bin/python benchmarks/voucher_import.py   (BENCH_SIZES=20000,100000)
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
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "20000,100000").split(",") if s]
BUSINESSES = 2000
STORES = 1500
TARGET = 20_000
FIRST_DAY = date(2024, 4, 1)
GENDERS = ("女性", "男性", "女", "男", "無回答")
AGES = ("10代", "20代", "30代", "40代", "50代", "60代", "70代以上", "不明")
AREAS = ("青木", "芝", "中央", "横曽根", "市外（さいたま市）", "")
JOBS = ("会社員", "パート・アルバイト", "主婦・主夫", "自営業", "学生", "無職", "")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def setup(var_dir: Path) -> None:
    os.environ["BANSOU_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bansou.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)


def make_chamber() -> list[str]:
    from bansou.accounts.models import Role
    from bansou.businesses.models import Business
    from bansou.lib.corporate_number import make_corporate_number
    from bansou.organizations.models import District, Organization
    from bansou.programmes.models import Participation, Programme
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
            name=f"テスト商店{i:05d}",
            name_kana=f"テストショウテン{i:05d}",
            corporate_number=make_corporate_number(f"{i + 1:012d}"),
            industry="I",
            employees=i % 20,
            district=districts[i % 3],
        )
        b.refresh_derived()
        businesses.append(b)
    Business.objects.bulk_create(businesses)
    staff = make_user(org, Role.ADVISOR, "advisor0")
    programme = Programme.objects.create(
        organization=org,
        code="genki-voucher",
        name="商品券",
        kind="voucher",
        first_fiscal_year=2024,
    )
    members = []
    for b in businesses[:STORES]:
        p = Participation(
            programme=programme, business=b, staff=staff, started_on=FIRST_DAY, status="member"
        )
        p.capture_business_facts()
        p.refresh_derived()
        members.append(p)
    Participation.objects.bulk_create(members)
    return [b.corporate_number for b in businesses[:STORES]]


def write_csv(path: Path, rows: int, numbers: list[str]) -> None:
    rng = random.Random(rows)
    with path.open("w", encoding="cp932", newline="") as f:
        f.write("法人番号,利用日,利用金額,性別,年齢層,居住区域,職業,取引ID\r\n")
        for i in range(rows):
            day = FIRST_DAY + timedelta(days=rng.randrange(365))
            amount = str(rng.choice((500, 1000, 1500, 2000, 3000, 5000)))
            if i % 10 == 0:
                amount = amount.translate(FULL_WIDTH)
            f.write(
                f"{numbers[i % STORES]},{day:%Y/%m/%d},{amount},{rng.choice(GENDERS)},"
                f"{rng.choice(AGES)},{rng.choice(AREAS)},{rng.choice(JOBS)},TX{i:09d}\r\n"
            )


def cli(*args: str) -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command(*args, stdout=quiet)
    return time.perf_counter() - started


def worker(rows: int, traced: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp))
        numbers = make_chamber()
        path = Path(tmp) / f"voucher-{rows}.csv"
        write_csv(path, rows, numbers)
        if traced:
            tracemalloc.start()
        first = cli("import", "voucher_usage", str(path), "--org", "kawaguchi")
        again = cli("import", "voucher_usage", str(path), "--org", "kawaguchi")
        peak = tracemalloc.get_traced_memory()[1] if traced else None
        if traced:
            tracemalloc.stop()
        from bansou.dataio.models import ImportJob
        from bansou.programmes.models import MonthlySales
        from bansou.vouchers.models import VoucherUsage

        jobs = list(ImportJob.objects.order_by("pk"))
        assert [j.created_count for j in jobs] == [rows, 0], [j.created_count for j in jobs]
        assert jobs[1].unchanged_count == rows
        assert VoucherUsage.objects.count() == rows
        return {
            "rows": rows,
            "file_mb": path.stat().st_size / 1e6,
            "import_s": first,
            "reimport_s": again,
            "monthly_sales": MonthlySales.objects.count(),
            "peak_mb": peak / 1e6 if peak is not None else None,
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }


def run_worker(rows: int, traced: bool) -> dict:
    args = [sys.executable, __file__, "--worker", str(rows)]
    args += ["--traced"] if traced else []
    out = subprocess.run(args, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    print(
        f"{'rows':>8} {'import rows/s':>14} {'(min':>7} {'max)':>7} {'target':>7} "
        f"{'re-import rows/s':>17} {'monthly sales':>14} {'peak traced MB':>15} {'maxrss MB':>10}"
    )
    for rows in SIZES:
        timed = sorted(
            (run_worker(rows, False) for _ in range(REPEAT)), key=lambda r: r["import_s"]
        )
        median = timed[len(timed) // 2]
        traced = run_worker(rows, True)
        print(
            f"{rows:>8,} {rows / median['import_s']:>14,.0f} "
            f"{rows / timed[-1]['import_s']:>7,.0f} {rows / timed[0]['import_s']:>7,.0f} "
            f"{TARGET:>7,} {rows / median['reimport_s']:>17,.0f} {median['monthly_sales']:>14,} "
            f"{traced['peak_mb']:>15.1f} {max(r['maxrss_mb'] for r in timed):>10.0f}",
            flush=True,
        )
    print(
        f"\nmedian of {REPEAT} runs, each in a fresh process and database (min–max in brackets);"
        "\nimport = `bansou import voucher_usage FILE` (checks, writes and feeds the monthly"
        " sales in one transaction);\nre-import = the same file again (every row unchanged)."
    )


if __name__ == "__main__":
    if "--worker" in sys.argv:
        at = sys.argv.index("--worker")
        print(json.dumps(worker(int(sys.argv[at + 1]), "--traced" in sys.argv)))
    else:
        main()
