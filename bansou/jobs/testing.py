"""The real worker (django-tasks-db's database queue) in a thread of the test's process, so that
a page genuinely polls a job the worker is running (browser tests, the benchmark)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections
from django_tasks_db.management.commands.db_worker import Worker


@contextmanager
def worker_thread(*, interval: float = 0.05, backend: str = "default") -> Iterator[Worker]:
    """Run the database worker until the block ends (the current task is finished first).
    The worker's own signal handling is for a main thread; here it stops by its flag."""
    worker = Worker(
        queue_names=["default"],
        interval=interval,
        batch=False,
        backend_name=backend,
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    failures: list[BaseException] = []

    def run() -> None:
        try:
            worker.run()
        except BaseException as exc:  # reported to the test, not lost in the thread
            failures.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="test-worker", daemon=True)
    thread.start()
    try:
        yield worker
    finally:
        worker.running = False
        thread.join(timeout=60)
    if failures:
        raise failures[0]
