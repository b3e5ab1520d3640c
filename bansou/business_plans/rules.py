"""Pure checks of a plan's numbers and dates, shared by the forms and the services."""

from datetime import date

from django.utils.translation import gettext as _

from bansou.lib.eras import fiscal_year_label, format_wareki

MIN_TARGET_YEARS = 3
MAX_TARGET_YEARS = 5


def year_target_errors(baseline_fiscal_year: int | None, years: list[int]) -> list[str]:
    """Why the target years do not make a numeric plan; empty when they do.

    A numeric plan sets sales and profit for 3 to 5 consecutive fiscal years, starting with the
    year after the baseline year.
    """
    errors: list[str] = []
    if baseline_fiscal_year is None:
        errors.append(_("Enter the baseline fiscal year before the yearly targets."))
        return errors
    if len(set(years)) != len(years):
        errors.append(_("Each fiscal year can have only one row of targets."))
        return errors
    if not MIN_TARGET_YEARS <= len(years) <= MAX_TARGET_YEARS:
        errors.append(
            _("Enter targets for %(min)d to %(max)d fiscal years (now %(count)d).")
            % {"min": MIN_TARGET_YEARS, "max": MAX_TARGET_YEARS, "count": len(years)}
        )
    ordered = sorted(years)
    if ordered and ordered[0] != baseline_fiscal_year + 1:
        errors.append(
            _("The first target year must be %(first)s, the year after the baseline %(baseline)s.")
            % {
                "first": fiscal_year_label(baseline_fiscal_year + 1),
                "baseline": fiscal_year_label(baseline_fiscal_year),
            }
        )
    if ordered and ordered != list(range(ordered[0], ordered[0] + len(ordered))):
        errors.append(_("The target years must follow one another without a gap."))
    return errors


def completion_date_errors(
    completed_on: date | None, *, started_on: date, analysed_on: date | None, today: date
) -> list[str]:
    """Why a plan cannot be completed on `completed_on`; empty when it can."""
    if completed_on is None:
        return [_("Enter the completion date.")]
    errors: list[str] = []
    if completed_on > today:
        errors.append(_("The completion date is in the future."))
    if completed_on < started_on:
        errors.append(_("The completion date is before the plan was started."))
    if analysed_on is not None and completed_on < analysed_on:
        # The plan rests on the analysis: it cannot be finished before the analysis was made.
        errors.append(
            _("The completion date is before the analysis the plan rests on (%(date)s).")
            % {"date": format_wareki(analysed_on)}
        )
    return errors


def approval_errors(
    approved_on: date | None, approving_body: str, *, completed_on: date | None, today: date
) -> list[str]:
    """Why an approval cannot be recorded; empty when it can."""
    errors: list[str] = []
    if approved_on is None:
        errors.append(_("Enter the approval date."))
    else:
        if approved_on > today:
            errors.append(_("The approval date is in the future."))
        if completed_on is not None and approved_on < completed_on:
            errors.append(_("The approval date is before the plan was completed."))
    if not approving_body.strip():
        errors.append(_("Enter the body that approved the plan."))
    return errors
