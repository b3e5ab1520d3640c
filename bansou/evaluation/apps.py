"""App configuration for evaluation."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "bansou.evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        from bansou.dataio.registry import ExportKind, register_export_kind, register_import_kind

        from .exports import ManualActualExporter, manual_actuals
        from .imports.actuals import PlanActualsImport
        from .imports.definitions import PlanDefinitionsImport

        register_import_kind(PlanActualsImport())
        register_import_kind(PlanDefinitionsImport())
        register_export_kind(
            ExportKind(
                "plan_actuals",
                _("Plan actuals"),
                ManualActualExporter,
                manual_actuals,
                order=50,
                # Evidence text and staff names behind the chamber's figures.
                capability="evaluation_records",
            )
        )
