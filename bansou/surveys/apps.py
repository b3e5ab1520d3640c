"""App configuration for business-conditions surveys (景況調査)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "bansou.surveys"
    verbose_name = _("Business-conditions surveys")

    def ready(self) -> None:
        from bansou.dataio.registry import register_import_kind

        from .imports import SurveyResponsesImport

        register_import_kind(SurveyResponsesImport())
