"""drilldown(): the businesses or records behind a computed actual, and behind each exclusion."""

from __future__ import annotations

from decimal import Decimal

from django.apps import apps
from django.db.models import F, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from bansou.core.errors import DomainError

from ..models import DevelopmentPlan, ItemSource, PlanItem
from .aggregates import counted_q, exclusion_q, records_of
from .rules import COUNT_DISTINCT, Rule, parse_rule
from .structure import check_fiscal_year


def rule_of(plan: DevelopmentPlan, row_key: str) -> tuple[PlanItem, Rule]:
    item = PlanItem.objects.filter(plan=plan, key=row_key).first()
    if item is None:
        raise DomainError(_("The plan has no row %(key)s.") % {"key": row_key}, code="no_row")
    if item.source != ItemSource.RULE:
        raise DomainError(
            _("The actual of %(title)s is not computed from records.") % {"title": item.title},
            code="not_a_rule",
        )
    return item, parse_rule(item.rule)


def drilldown(
    plan: DevelopmentPlan, fiscal_year: int, row_key: str, exclusion: str | None = None
) -> QuerySet:
    """What a rule row counted (or, with `exclusion`, what that exclusion removed).

    Rows counting distinct businesses give a Business queryset (one line per business, as the
    actual counts them); rows counting records or summing a field give the records.
    """
    check_fiscal_year(plan, fiscal_year)
    _item, rule = rule_of(plan, row_key)
    if exclusion is None:
        q = counted_q(rule)
    else:
        names = [e.name for e in rule.exclusions]
        if exclusion not in names:
            raise DomainError(
                _("The row has no exclusion named %(name)s.") % {"name": exclusion},
                code="no_exclusion",
            )
        q = exclusion_q(rule, names.index(exclusion))
    kind = rule.kind
    records = records_of(kind, plan.organization_id, fiscal_year)
    records = records.filter(q) if q else records
    if rule.count == "sum":
        # A sum lists the records that add to it, each with its amount (18 participations
        # with 7 deals between them list the few that closed deals, not all 18).
        path = kind.all_fields()[rule.sum_field].path
        records = records.filter(~Q(**{path: 0}), **{f"{path}__isnull": False})
        records = records.annotate(drill_amount=F(path))
    if rule.count == COUNT_DISTINCT:
        business_model = apps.get_model("businesses", "Business")
        return (
            business_model.objects.filter(
                organization_id=plan.organization_id,
                pk__in=records.values(kind.business_field),
            )
            .select_related("district")
            .order_by("name_kana", "pk")
        )
    if not kind.has_business:
        return records.order_by(kind.date_field, "pk")
    return records.select_related("business", "district").order_by(kind.date_field, "pk")


def listed_total(rule: Rule, listed: QuerySet) -> Decimal:
    """What the listed lines add up to, by the rule's own count: the table's figure.

    Businesses and records are counted; a sum adds the amounts drilldown() annotated.
    """
    if rule.count == "sum":
        return Decimal(listed.aggregate(total=Sum("drill_amount"))["total"] or 0)
    return Decimal(listed.count())
