"""Which businesses a plan row's rule leaves out, as conditions on the business, for work lists."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .engine.kinds import COMMON_FIELDS, FilterField
from .engine.rules import Condition, RuleError, Where, compile_where, parse_rule

# The captured facts a rule may name, read from the business itself: a work list asks
# whether a record made today would count, so today's facts decide.
_BUSINESS_PATHS = {
    "district": "district",
    "in_territory": "district__in_territory",
    "is_small": "is_small",
    "is_member": "is_member",
    "industry": "industry",
}


@dataclass(frozen=True)
class NotCounted:
    """One reason a plan's rule does not count a business; `q` matches those it leaves out."""

    label: str
    q: Q


class _BusinessFields:
    """compile_where's view of a kind, with each field's path taken from the business."""

    def __init__(self, prefix: str) -> None:
        self.fields = {
            name: replace(COMMON_FIELDS[name], path=prefix + path)
            for name, path in _BUSINESS_PATHS.items()
        }

    def all_fields(self) -> dict[str, FilterField]:
        return self.fields


def _selects(condition: Condition, value: bool) -> bool | None:
    """Whether a condition on a yes/no fact keeps the rows where it equals `value`."""
    if condition.lookup == "":
        return condition.value == value
    if condition.lookup == "ne":
        return condition.value != value
    return None


def _label(condition: Condition, *, leaves_out: bool) -> str | None:
    """The everyday name of the reason a one-condition clause gives."""
    kept_true = _selects(condition, True)
    if kept_true is None:
        return None
    # An exclusion names the businesses it leaves out; the counting `where` those it keeps.
    left_out_true = kept_true if leaves_out else not kept_true
    if condition.field == "in_territory" and not left_out_true:
        return _("outside the territory")
    if condition.field == "is_small" and not left_out_true:
        return _("not a small business")
    return None


def _inside_today(prefix: str) -> Q:
    """Businesses whose district lies inside the territory today (dated territory); a
    business without a district counts as inside, as a record about it would."""
    today = timezone.localdate()
    district = prefix + "district__"
    return Q(**{f"{prefix}district__isnull": True}) | (
        Q(**{f"{district}in_territory": True})
        & (
            Q(**{f"{district}in_territory_from__isnull": True})
            | Q(**{f"{district}in_territory_from__lte": today})
        )
        & (
            Q(**{f"{district}in_territory_to__isnull": True})
            | Q(**{f"{district}in_territory_to__gte": today})
        )
    )


def _compile(where: Where, fields: _BusinessFields, inside: Q) -> Q:
    """compile_where, with the territory judged on today's dated periods of the district."""
    q = Q()
    for condition in where.conditions:
        kept_true = _selects(condition, True) if condition.field == "in_territory" else None
        if kept_true is not None:
            q &= inside if kept_true else ~inside
        else:
            q &= compile_where(Where(conditions=(condition,)), fields)
    for group in where.any_of:
        alternatives = Q()
        for alternative in group:
            alternatives |= _compile(alternative, fields, inside)
        q &= alternatives
    return q


def _about_the_business(where: Where) -> bool:
    return all(c.field in _BUSINESS_PATHS for c in where.conditions) and all(
        _about_the_business(w) for group in where.any_of for w in group
    )


def not_counted_reasons(organization, kind_code: str, fiscal_year: int, prefix: str = "business__"):
    """The reasons the plan's first rule counting `kind_code` leaves a business out.

    Read from the plan in force for `fiscal_year` (else the latest plan); none without a
    plan or such a rule. Only clauses about the business (territory, size, district …) are
    returned: a clause on the record itself (an analysis's status) says nothing about who
    to work on next."""
    from .models import DevelopmentPlan, PlanItem

    plans = list(
        DevelopmentPlan.objects.filter(organization=organization)
        .prefetch_related("amendments")
        .order_by("-starts_on", "-pk")
    )
    plan = next((p for p in plans if fiscal_year in p.fiscal_years()), None)
    plan = plan or (plans[0] if plans else None)
    if plan is None:
        return []
    items = PlanItem.objects.filter(plan=plan, rule__of=kind_code).order_by(
        "section__number", "order", "pk"
    )
    item = items.only("rule").first()
    if item is None:
        return []
    try:
        rule = parse_rule(item.rule)
    except RuleError:
        return []
    fields = _BusinessFields(prefix)
    inside = _inside_today(prefix)
    reasons: list[NotCounted] = []
    for condition in rule.where.conditions:
        if condition.field in _BUSINESS_PATHS:
            keeps = _compile(Where(conditions=(condition,)), fields, inside)
            label = _label(condition, leaves_out=False) or _("outside the plan's count")
            reasons.append(NotCounted(label, ~keeps))
    for exclusion in rule.exclusions:
        where = exclusion.where
        if where.any_of and not where.conditions and len(where.any_of) == 1:
            # 地区外・小規模以外: each alternative is a reason of its own.
            alternatives = where.any_of[0]
        else:
            alternatives = (where,)
        for alternative in alternatives:
            if not _about_the_business(alternative):
                continue
            label = None
            if len(alternative.conditions) == 1 and not alternative.any_of:
                label = _label(alternative.conditions[0], leaves_out=True)
            reasons.append(
                NotCounted(label or exclusion.name, _compile(alternative, fields, inside))
            )
    return reasons
