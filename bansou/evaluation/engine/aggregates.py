"""The database side of the evaluation: one aggregate per record kind for all its rows.

Every rule row over a kind becomes conditional aggregates (COUNT … FILTER (WHERE …)) in a
single query over that kind's records of the organization and fiscal year: the counted
figure, and for a rule with exclusions the figure before them and one per exclusion, so that
"1,913 − 845 = 1,068" comes out of the same scan. The number of queries depends on the plan's
kinds, never on the number of records (performance-floor.md, guidance 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from .kinds import RecordKind
from .rules import COUNT_DISTINCT, COUNT_RECORDS, NamedIds, Rule, compile_where


@dataclass(frozen=True)
class RuleCount:
    actual: Decimal
    before_exclusions: Decimal
    exclusions: tuple[tuple[str, Decimal], ...]  # (name, count) in the rule's order


def records_of(kind: RecordKind, organization_id: int, fiscal_year: int) -> QuerySet:
    """The kind's records of the organization's fiscal year, less those a merger brought in
    dated before it (they were the merged organization's work: its years stay as they were)."""
    from bansou.organizations.models import MergedRow

    model = kind.model
    merged_before = MergedRow.objects.filter(
        organization_id=organization_id, model=model._meta.label_lower, before_merge=True
    ).values("row_id")
    return model._default_manager.filter(
        organization_id=organization_id, **{kind.fiscal_year_field: fiscal_year}
    ).exclude(pk__in=merged_before)


def counted_q(rule: Rule, names: NamedIds | None = None) -> Q:
    """The records a rule counts: its `where`, minus every exclusion."""
    q = compile_where(rule.where, rule.kind, names)
    for exclusion in rule.exclusions:
        q &= ~compile_where(exclusion.where, rule.kind, names)
    return q


def base_q(rule: Rule, names: NamedIds | None = None) -> Q:
    return compile_where(rule.where, rule.kind, names)


def exclusion_q(rule: Rule, index: int, names: NamedIds | None = None) -> Q:
    """Records removed by exclusion `index` and by none before it (each is counted once)."""
    q = compile_where(rule.where, rule.kind, names)
    q &= compile_where(rule.exclusions[index].where, rule.kind, names)
    for earlier in rule.exclusions[:index]:
        q &= ~compile_where(earlier.where, rule.kind, names)
    return q


def aggregate_expression(rule: Rule, q: Q):
    condition = q if q else None  # Count(filter=Q()) is not valid SQL on every backend
    if rule.count == COUNT_DISTINCT:
        return Count(rule.kind.business_field.removesuffix("_id"), distinct=True, filter=condition)
    if rule.count == COUNT_RECORDS:
        return Count("pk", filter=condition)
    path = rule.kind.all_fields()[rule.sum_field].path
    return Sum(path, filter=condition)


def rule_counts(
    kind: RecordKind,
    rules: dict[str, Rule],
    organization_id: int,
    fiscal_year: int,
    names: NamedIds | None = None,
) -> dict[str, RuleCount]:
    """One query: every rule over `kind`, keyed like `rules`."""
    expressions = {}
    aliases = {}
    for index, (key, rule) in enumerate(rules.items()):
        alias = f"r{index}"
        aliases[key] = alias
        expressions[alias] = aggregate_expression(rule, counted_q(rule, names))
        if rule.exclusions:
            expressions[f"{alias}_base"] = aggregate_expression(rule, base_q(rule, names))
            for position in range(len(rule.exclusions)):
                expressions[f"{alias}_x{position}"] = aggregate_expression(
                    rule, exclusion_q(rule, position, names)
                )
    if not expressions:
        return {}
    values = records_of(kind, organization_id, fiscal_year).aggregate(**expressions)

    def number(alias: str) -> Decimal:
        return Decimal(values[alias] or 0)

    counts = {}
    for key, rule in rules.items():
        alias = aliases[key]
        actual = number(alias)
        counts[key] = RuleCount(
            actual=actual,
            before_exclusions=number(f"{alias}_base") if rule.exclusions else actual,
            exclusions=tuple(
                (e.name, number(f"{alias}_x{i}")) for i, e in enumerate(rule.exclusions)
            ),
        )
    return counts


def all_rule_counts(
    rules: dict[str, Rule], organization_id: int, fiscal_year: int
) -> dict[str, RuleCount]:
    """Group the rules by kind and run one aggregate per kind (plus one per named table)."""
    names = NamedIds(organization_id)
    names.prepare(rules.values())
    by_kind: dict[str, dict[str, Rule]] = {}
    kinds: dict[str, RecordKind] = {}
    for key, rule in rules.items():
        by_kind.setdefault(rule.kind_code, {})[key] = rule
        kinds[rule.kind_code] = rule.kind
    counts: dict[str, RuleCount] = {}
    for code, kind_rules in by_kind.items():
        counts.update(rule_counts(kinds[code], kind_rules, organization_id, fiscal_year, names))
    return counts
