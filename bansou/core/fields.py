"""Form fields that accept what Japanese users type: full-width digits, ▲ minus, 和暦 dates."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bansou.lib.eras import JapaneseDateError, format_wareki, parse_date
from bansou.lib.text import NumberFormatError, parse_integer


class JapaneseIntegerField(forms.IntegerField):
    """An integer typed as １，０６８, 1,068, ▲5 or 12人."""

    widget = forms.TextInput(attrs={"inputmode": "numeric"})
    default_error_messages = {"invalid": _("Enter a whole number, for example 1,068.")}

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, int):
            return value
        try:
            return parse_integer(str(value))
        except NumberFormatError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


class WarekiDateInput(forms.TextInput):
    """Shows a date value as 和暦 (令和6年4月1日), whatever the form's initial value was."""

    def format_value(self, value):
        if isinstance(value, date):
            try:
                return format_wareki(value)
            except JapaneseDateError:
                return value.isoformat()  # before 1873: no 和暦 to show
        return super().format_value(value)


class JapaneseDateField(forms.DateField):
    """A date typed as 令和6年4月1日, R6.4.1, 2024/4/1 or ２０２４－０４－０１."""

    widget = WarekiDateInput(attrs={"placeholder": "令和6年4月1日 / 2024-04-01"})
    default_error_messages = {
        "invalid": _("Enter a date such as 令和6年4月1日, R6.4.1 or 2024/4/1."),
        "impossible": _("This date does not exist: %(value)s"),
    }

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str):
            return super().to_python(value)
        # Excel serial numbers are for imports; on a form "2024" is a mistake, not 1905-07-16.
        if value.strip().isdigit() and len(value.strip()) != 8:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return parse_date(value)
        except JapaneseDateError as exc:
            if exc.code in ERA_BOUNDARY_CODES:
                # The era's own message names its first or last day.
                raise ValidationError(exc.message, code="impossible") from exc
            code = "impossible" if getattr(exc, "code", "") in IMPOSSIBLE_DATE_CODES else "invalid"
            raise ValidationError(
                self.error_messages[code], code=code, params={"value": value.strip()}
            ) from exc


# Error codes of bansou.lib.eras.parse_date that mean "well formed, but no such day".
IMPOSSIBLE_DATE_CODES = frozenset(
    {
        "invalid_date",
        "invalid_month",
        "before_era_start",
        "after_era_end",
        "invalid_era_year",
        "excel_fake_leap_day",
    }
)
ERA_BOUNDARY_CODES = frozenset({"before_era_start", "after_era_end"})
