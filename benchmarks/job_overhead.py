"""Benchmark: what running an import as a background job costs over running it directly.

For each size (2,000 and 20,000 rows by default) and each path, a fresh process and a fresh
SQLite database in a temporary BANSOU_VAR_DIR get 2,000 businesses and a generated CP932 CSV of
support records (the same file as benchmarks/import_export.py). The file is uploaded as the
web page does (dataio.services.create_job), then checked and imported:

- direct: dataio.services.check_job then commit_job, in this process (the web import before
  bansou.jobs);
- job: bansou.jobs.services.start (the check, then the import) queued in the database
  (django-tasks-db) and run by `bansou worker --batch --interval 0`, with the progress file,
  the heartbeat thread and the job rows, timed from the start to the job's end.

The worker's polling interval (1 s in `make demo` and deploy/bansou-worker.service) is left out
(--interval 0): it adds up to one interval before a waiting job starts. BENCH_REPEAT timed runs
(default 3); the median is reported with the range.
Run: .venv/bin/python benchmarks/job_overhead.py   (BENCH_ROWS=2000,20000)
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = [int(n) for n in os.environ.get("BENCH_ROWS", "2000,20000").split(",")]
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
PATHS = ("direct", "job")


def run(path_kind: str, rows: int) -> dict:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import import_export  # the chamber and the CSV of the import benchmark

    with tempfile.TemporaryDirectory() as tmp:
        import_export.setup(Path(tmp))
        from django.conf import settings
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.core.management import call_command
        from django.urls import reverse
        from django.utils import translation

        from bansou.accounts.models import User
        from bansou.dataio import services as dataio
        from bansou.dataio.registry import get_import_kind
        from bansou.jobs import handlers
        from bansou.jobs import services as jobs
        from bansou.jobs.models import Job, JobStatus
        from bansou.support.models import SupportRecord

        settings.BANSOU_JOBS_BACKEND = "default"
        _org, numbers, staff = import_export.make_chamber()
        csv_path = Path(tmp) / f"support-{rows}.csv"
        import_export.write_csv(csv_path, rows, numbers, staff)
        user = User.objects.get(username=staff[0])
        translation.activate("ja")
        upload = SimpleUploadedFile(csv_path.name, csv_path.read_bytes())
        import_job = dataio.create_job(
            kind=get_import_kind("support_records"), upload=upload, user=user
        )
        # A running server or worker has its URLconf loaded (the handlers reverse URLs): the
        # first reverse() of a fresh process imports every view, which is not the job's cost.
        reverse("dataio:index")
        started = time.perf_counter()
        if path_kind == "direct":
            dataio.check_job(import_job)
            checked = time.perf_counter()
            dataio.commit_job(import_job, actor=user)
        else:
            for kind in (handlers.IMPORT_CHECK, handlers.IMPORT_COMMIT):
                job = jobs.start(
                    kind=kind,
                    user=user,
                    title=kind,
                    subject=f"dataio.importjob:{import_job.pk}",
                    params={"import_job": import_job.pk},
                    rows_total=import_job.total_rows,
                )
                call_command("worker", "--batch", "--interval", "0", verbosity=0)
                job.refresh_from_db()
                assert job.status == JobStatus.SUCCEEDED, job.message
                if kind == handlers.IMPORT_CHECK:
                    checked = time.perf_counter()
            assert Job.objects.count() == 2
        finished = time.perf_counter()
        assert SupportRecord.objects.count() == rows
        return {"check_s": checked - started, "total_s": finished - started}


def run_fresh(path_kind: str, rows: int) -> dict:
    args = [sys.executable, __file__, "--run", path_kind, str(rows)]
    out = subprocess.run(args, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    print(
        f"{'rows':>8} {'path':>7} {'check s':>8} {'check+import s':>15} {'(min':>6} {'max)':>6}"
        f" {'rows/s':>8} {'job overhead':>13}"
    )
    for rows in SIZES:
        medians = {}
        for path_kind in PATHS:
            timed = sorted(
                (run_fresh(path_kind, rows) for _ in range(REPEAT)), key=lambda r: r["total_s"]
            )
            median = medians[path_kind] = timed[len(timed) // 2]
            overhead = ""
            if path_kind == "job":
                extra = median["total_s"] - medians["direct"]["total_s"]
                overhead = f"{extra:+.2f} s ({extra / medians['direct']['total_s']:+.0%})"
            print(
                f"{rows:>8,} {path_kind:>7} {median['check_s']:>8.2f} {median['total_s']:>15.2f}"
                f" {timed[0]['total_s']:>6.2f} {timed[-1]['total_s']:>6.2f}"
                f" {rows / median['total_s']:>8,.0f} {overhead:>13}",
                flush=True,
            )
    print(
        f"\nmedian of {REPEAT} runs, each in a fresh process and SQLite database (min–max);"
        "\ndirect = check_job + commit_job in the process; job = the same two steps as"
        " background jobs through the database queue and `bansou worker --batch --interval 0`"
        "\n(progress file, heartbeat thread, job rows); the worker's poll interval is not counted."
    )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--run":
        print(json.dumps(run(sys.argv[2], int(sys.argv[3]))))
    else:
        main()
