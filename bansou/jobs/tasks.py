"""The one task the worker runs: a job by its id (the job row says what to do)."""

from django.tasks import task

from . import runner


@task
def run_job(job_pk: int) -> str:
    return runner.run(job_pk)
