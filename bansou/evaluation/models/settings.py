"""The organization's evaluation settings: its grade bands (A–E at 100/80/50/30, or A–D …)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bansou.organizations.models import TenantModel


def default_grade_bands() -> list[dict]:
    """Kawaguchi's bands (評価委員会報告: 100%以上 A, 80%以上 B, 50%以上 C, 30%以上 D, 未満 E)."""
    return [
        {"grade": "A", "min_percent": "100", "points": 5},
        {"grade": "B", "min_percent": "80", "points": 4},
        {"grade": "C", "min_percent": "50", "points": 3},
        {"grade": "D", "min_percent": "30", "points": 2},
        {"grade": "E", "min_percent": "0", "points": 1},
    ]


class EvaluationSettings(TenantModel):
    """One per organization. grade_bands is validated by engine.grading.GradeScale.from_bands."""

    grade_bands = models.JSONField(_("grade bands"), default=default_grade_bands)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("evaluation settings")
        verbose_name_plural = _("evaluation settings")
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="evaluation_settings_org")
        ]

    def __str__(self) -> str:
        return str(self.organization)
