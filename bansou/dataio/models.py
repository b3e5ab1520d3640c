"""An import job (one uploaded file on its way in) and the external ids rows were matched by."""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bansou.organizations.models import TenantModel

from .querysets import ImportJobQuerySet


def imports_dir() -> Path:
    return Path(settings.VAR_DIR) / "imports"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    INVALID = "invalid", _("Has problems")
    VALID = "valid", _("Ready to import")
    COMMITTED = "committed", _("Imported")


class ImportJob(TenantModel):
    """One file being imported: uploaded → mapped and checked (dry run) → committed."""

    kind = models.CharField(_("kind"), max_length=40)
    file_name = models.CharField(_("file name"), max_length=255)
    # The upload lives in var/imports/<token> between the steps and is deleted on commit.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file_format = models.CharField(_("file format"), max_length=4)
    encoding = models.CharField(_("character encoding"), max_length=20, blank=True)
    delimiter = models.CharField(max_length=1, default=",")
    file_size = models.BigIntegerField(_("file size"), default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    header_row = models.PositiveIntegerField(_("header row"), default=1)
    header = models.JSONField(_("header"), default=list, blank=True)
    # {field: column index or null}
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    # Businesses the file names that the register lacks ([name, first row], as checked), and
    # whether the user agreed to create them with the import (history kinds).
    missing_businesses = models.JSONField(_("businesses not registered"), default=list, blank=True)
    create_missing_businesses = models.BooleanField(_("create missing businesses"), default=False)
    # What the kind asks besides the file ({name: text}; survey answers: survey and period).
    options = models.JSONField(_("import options"), default=dict, blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    error_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    review_count = models.PositiveIntegerField(_("rows to check"), default=0)
    created_count = models.PositiveIntegerField(_("new"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "-created_at"], name="importjob_org_idx")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.file_name}"

    @property
    def path(self) -> Path:
        return imports_dir() / str(self.token)

    @property
    def problems_path(self) -> Path:
        return imports_dir() / f"{self.token}.problems.csv"

    @property
    def encoding_label(self) -> str:
        from .reading import FileInfo

        return FileInfo(self.file_format, self.encoding).encoding_label

    @property
    def is_committed(self) -> bool:
        return self.status == ImportStatus.COMMITTED

    @property
    def kind_object(self):
        from .registry import get_import_kind

        return get_import_kind(self.kind)


class ExternalKey(TenantModel):
    """An id a row carried from another system (顧客コード), so that a re-import updates."""

    target = models.CharField(
        _("record type"), max_length=60
    )  # model label, e.g. businesses.business
    key = models.CharField(_("external id"), max_length=100)
    object_id = models.BigIntegerField(_("record id"))
    job = models.ForeignKey(
        ImportJob, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("external id")
        verbose_name_plural = _("external ids")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "target", "key"], name="externalkey_unique"
            )
        ]
        indexes = [
            models.Index(fields=["organization", "target", "object_id"], name="externalkey_obj_idx")
        ]

    def __str__(self) -> str:
        return f"{self.target}:{self.key}"
