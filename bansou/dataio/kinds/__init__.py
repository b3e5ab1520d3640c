"""The import kinds dataio provides for other apps' records (events registers its own)."""

from django.apps import apps


def model_exists(label: str) -> bool:
    """Support and analysis are built alongside this app; their kinds appear once they exist."""
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


def register_builtin_kinds() -> None:
    from ..registry import register_import_kind
    from .businesses import BusinessesImport
    from .financial_statements import FinancialStatementsImport
    from .support_records import SupportRecordsImport

    register_import_kind(BusinessesImport())
    register_import_kind(SupportRecordsImport())
    register_import_kind(FinancialStatementsImport())
