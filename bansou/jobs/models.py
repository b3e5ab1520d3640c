"""A background job: long work (an import, a large export, a PDF) run by the task worker.

The row records who started what, its state and its outcome. While the job runs, its live
progress (rows done, heartbeat) and a cancel request travel through small files (live.py):
an import holds the database's write lock for its whole transaction on SQLite, so the worker
cannot write progress rows meanwhile and the page cannot write a cancel flag.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bansou.organizations.models import TenantModel


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


class JobQuerySet(models.QuerySet):
    def for_user(self, user):
        """A job is its starter's: nobody else sees its page or its file."""
        if not getattr(user, "organization_id", None):
            return self.none()
        return self.filter(organization_id=user.organization_id, user=user)

    def active(self):
        return self.filter(status__in=ACTIVE)


class Job(TenantModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("started by"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    # What the job works on ("dataio.importjob:12"), so that its page can find it running.
    subject = models.CharField(max_length=80, blank=True, db_index=True)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in all"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)
    # A file the job made (var/jobs/results/<name>), downloaded from the job's page.
    result_file = models.CharField(max_length=200, blank=True)
    result_name = models.CharField(_("file name"), max_length=200, blank=True)
    # Where the outcome is shown (the import's result page, say).
    result_url = models.CharField(max_length=300, blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["organization", "user", "-created_at"], name="job_user_idx")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def is_finished(self) -> bool:
        return not self.is_active
