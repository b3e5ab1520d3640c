"""Benchmark: `bansou demo` (15,000 businesses, FY2023 to today) on a fresh SQLite database.

The issue asks for the whole demo in under 3 minutes on 2 cores. This loads it the way
`make demo` does (migrate, then the demo command) into a temporary directory and reports the
wall-clock and CPU time of the load and the rows it wrote, per kind.

Run: .venv/bin/python benchmarks/demo_load.py   (DEMO_TODAY=2026-12-07 for a fixed day)
"""

import os
import sys
import tempfile
import time
from pathlib import Path

LIMIT_SECONDS = 180


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BANSOU_VAR_DIR"] = tmp
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bansou.settings")
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        options = {"today": os.environ["DEMO_TODAY"]} if os.environ.get("DEMO_TODAY") else {}
        wall, cpu = time.perf_counter(), time.process_time()
        call_command("demo", stdout=open(os.devnull, "w"), **options)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu

        from django.apps import apps

        counts = {
            label: apps.get_model(label).objects.count()
            for label in (
                "businesses.Business", "support.SupportRecord", "support.SupportRecordTheme",
                "motivation.MotivationCheck", "motivation.MotivationAnswer",
                "analysis.BusinessAnalysis", "analysis.FinancialStatement",
                "business_plans.BusinessPlan", "followups.FollowUpReport",
                "followups.FollowUpContact", "events.EventParticipation",
                "evaluation.ManualActual",
            )
        }  # fmt: skip
    for label, count in counts.items():
        print(f"  {label:<32} {count:>8,}")
    verdict = "ok" if wall < LIMIT_SECONDS else f"OVER the {LIMIT_SECONDS} s limit"
    print(f"bansou demo: {wall:.1f} s wall, {cpu:.1f} s CPU ({verdict})")
    return 0 if wall < LIMIT_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
