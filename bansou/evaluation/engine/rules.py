"""Counting rules: parsed and validated from plan-file data, compiled to Q objects.

A rule says what a row's actual is, over the records stored for the fiscal year:

    count: distinct_businesses | records | sum:<field>
    of: motivation_check
    where: {channel: visit}                       # AND of conditions; `any: [...]` is an OR
    exclude:                                      # named, each reports its own count
      - {name: 鳩ヶ谷地区, where: {district: 鳩ヶ谷}}

Conditions are `field: value` or `field__<lookup>: value` with the lookups in LOOKUPS.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from .kinds import COMMON_FIELDS, KINDS, FieldType, FilterField, RecordKind

COUNT_DISTINCT = "distinct_businesses"
COUNT_RECORDS = "records"
SUM_PREFIX = "sum:"

# lookup → (ORM lookup, negated, value is a list, allowed for these types)
ORDERED = {FieldType.INT, FieldType.DECIMAL, FieldType.TEXT}
LOOKUPS: dict[str, tuple[str, bool, bool, set[FieldType] | None]] = {
    "": ("exact", False, False, None),
    "ne": ("exact", True, False, None),
    "in": ("in", False, True, None),
    "not_in": ("in", True, True, None),
    "gte": ("gte", False, False, ORDERED),
    "gt": ("gt", False, False, ORDERED),
    "lte": ("lte", False, False, ORDERED),
    "lt": ("lt", False, False, ORDERED),
    "isnull": ("isnull", False, False, None),
}
NAMED_LOOKUPS = {"", "ne", "in", "not_in", "isnull"}  # names compare by equality only
RULE_KEYS = {"count", "of", "where", "exclude"}
EXCLUSION_KEYS = {"name", "where", "remark"}
# Placeholders an exclusion's remark may use: "巡回事業所数から鳩ヶ谷地区巡回{count}件を除く".
REMARK_FIELDS = {"before": "0", "count": "0", "actual": "0", "unit": "", "name": ""}


class RuleError(ValueError):
    """A rule that cannot be used; the message is translated and says what to fix.

    `mapping` and `key` point at the offending entry so that a plan file can give its line.
    """

    def __init__(self, message: str, mapping=None, key=None):
        super().__init__(message)
        self.mapping = mapping
        self.key = key

    def at(self, mapping, key) -> RuleError:
        if self.mapping is None:
            self.mapping, self.key = mapping, key
        return self


@dataclass(frozen=True)
class Condition:
    field: str
    lookup: str
    value: object


@dataclass(frozen=True)
class Where:
    """AND of `conditions` and of each group in `any_of` (itself an OR of Wheres)."""

    conditions: tuple[Condition, ...] = ()
    any_of: tuple[tuple[Where, ...], ...] = ()

    def is_empty(self) -> bool:
        return not self.conditions and not self.any_of


@dataclass(frozen=True)
class Exclusion:
    name: str
    where: Where
    # How the report words the exclusion, when it words it its own way (plan data, not code).
    remark: str = ""


@dataclass(frozen=True)
class Rule:
    count: str  # COUNT_DISTINCT, COUNT_RECORDS or "sum"
    kind: RecordKind
    where: Where
    exclusions: tuple[Exclusion, ...]
    sum_field: str | None = None

    @property
    def kind_code(self) -> str:
        return self.kind.code

    def to_data(self) -> dict:
        """The rule as plan-file data (the inverse of parse_rule)."""
        count = f"{SUM_PREFIX}{self.sum_field}" if self.count == "sum" else self.count
        data: dict = {"count": count, "of": self.kind.code}
        if not self.where.is_empty():
            data["where"] = where_to_data(self.where)
        if self.exclusions:
            data["exclude"] = [
                {"name": e.name, "where": where_to_data(e.where)}
                | ({"remark": e.remark} if e.remark else {})
                for e in self.exclusions
            ]
        return data


def where_to_data(where: Where) -> dict:
    data: dict = {}
    for c in where.conditions:
        data[f"{c.field}__{c.lookup}" if c.lookup else c.field] = c.value
    if where.any_of:
        groups = [[where_to_data(w) for w in group] for group in where.any_of]
        data["any"] = groups[0] if len(groups) == 1 else groups
    return data


# --- parsing ------------------------------------------------------------------------------


def parse_rule(data) -> Rule:
    if not isinstance(data, dict):
        raise RuleError(_("A rule must be a mapping with count, of, where and exclude."))
    unknown = set(data) - RULE_KEYS
    if unknown:
        raise RuleError(
            _("Unknown key in the rule: %(keys)s.") % {"keys": ", ".join(sorted(map(str, unknown)))}
        )
    kind_code = data.get("of")
    kind = KINDS.get(kind_code) if isinstance(kind_code, str) else None
    if kind is None:
        raise RuleError(
            _("Unknown record kind %(kind)r; use one of: %(kinds)s.")
            % {"kind": kind_code, "kinds": ", ".join(KINDS)},
            data,
            "of",
        )
    try:
        count, sum_field = _parse_count(data.get("count"), kind)
    except RuleError as exc:
        raise exc.at(data, "count") from None
    try:
        where = parse_where(data.get("where") or {}, kind)
    except RuleError as exc:
        raise exc.at(data, "where") from None
    try:
        exclusions = _parse_exclusions(data.get("exclude") or [], kind)
    except RuleError as exc:
        raise exc.at(data, "exclude") from None
    return Rule(count=count, kind=kind, where=where, exclusions=exclusions, sum_field=sum_field)


def _parse_count(value, kind: RecordKind) -> tuple[str, str | None]:
    if value == COUNT_DISTINCT and not kind.has_business:
        raise RuleError(
            _(
                "%(kind)s records are about no business: count them as records, not as "
                "distinct_businesses."
            )
            % {"kind": kind.code}
        )
    if value in (COUNT_DISTINCT, COUNT_RECORDS):
        return value, None
    if isinstance(value, str) and value.startswith(SUM_PREFIX):
        name = value.removeprefix(SUM_PREFIX)
        spec = kind.all_fields().get(name)
        if spec is None or not spec.summable:
            summable = [n for n, f in kind.all_fields().items() if f.summable]
            raise RuleError(
                _("%(field)r cannot be summed for %(kind)s; summable fields: %(fields)s.")
                % {"field": name, "kind": kind.code, "fields": ", ".join(summable) or "-"}
            )
        return "sum", name
    raise RuleError(
        _("count must be distinct_businesses, records or sum:<field>, not %(value)r.")
        % {"value": value}
    )


def _parse_exclusions(data, kind: RecordKind) -> tuple[Exclusion, ...]:
    if not isinstance(data, list):
        raise RuleError(_("exclude must be a list of {name, where}."))
    exclusions = []
    names = set()
    for entry in data:
        if not isinstance(entry, dict) or set(entry) - EXCLUSION_KEYS or not entry.get("name"):
            raise RuleError(_("Each exclusion needs a name and a where, and nothing else."))
        name = str(entry["name"])
        if name in names:
            raise RuleError(_("Two exclusions are named %(name)s.") % {"name": name}, entry, "name")
        names.add(name)
        try:
            where = parse_where(entry.get("where") or {}, kind)
        except RuleError as exc:
            raise exc.at(entry, "where") from None
        if where.is_empty():
            raise RuleError(
                _("The exclusion %(name)s has no condition.") % {"name": name}, entry, "name"
            )
        remark = entry.get("remark") or ""
        try:
            str(remark).format(**REMARK_FIELDS)
        except (KeyError, IndexError, ValueError):
            raise RuleError(
                _(
                    "The remark of %(name)s may use only {before}, {count}, {actual}, {unit} "
                    "and {name}."
                )
                % {"name": name},
                entry,
                "remark",
            ) from None
        exclusions.append(Exclusion(name=name, where=where, remark=str(remark)))
    return tuple(exclusions)


def parse_where(data, kind: RecordKind) -> Where:
    if not isinstance(data, dict):
        raise RuleError(_("where must be a mapping of field: value."))
    conditions = []
    any_of = []
    for key, value in data.items():
        try:
            if key == "any":
                any_of.append(_parse_any(value, kind))
                continue
            name, _sep, lookup = str(key).partition("__")
            conditions.append(_parse_condition(name, lookup, value, kind))
        except RuleError as exc:
            raise exc.at(data, key) from None
    return Where(conditions=tuple(conditions), any_of=tuple(any_of))


def _parse_any(value, kind: RecordKind) -> tuple[Where, ...]:
    if not isinstance(value, list) or not value:
        raise RuleError(_("any must be a non-empty list of conditions."))
    if all(isinstance(v, list) for v in value):  # several OR groups, each AND-ed
        raise RuleError(_("any must be a list of mappings, one per alternative."))
    return tuple(parse_where(v, kind) for v in value)


def _parse_condition(name: str, lookup: str, value, kind: RecordKind) -> Condition:
    spec = kind.all_fields().get(name)
    if spec is None and name in COMMON_FIELDS and not kind.common_facts:
        raise RuleError(
            _(
                "%(field)s is a fact of a business, and %(kind)s records are about no business; "
                "use one of: %(fields)s."
            )
            % {"field": name, "kind": kind.code, "fields": ", ".join(kind.all_fields()) or "-"}
        )
    if spec is None:
        raise RuleError(
            _("Unknown field %(field)r for %(kind)s; use one of: %(fields)s.")
            % {"field": name, "kind": kind.code, "fields": ", ".join(kind.all_fields())}
        )
    if lookup not in LOOKUPS:
        raise RuleError(
            _("Unknown comparison %(lookup)r on %(field)s; use one of: %(lookups)s.")
            % {"lookup": lookup, "field": name, "lookups": ", ".join(k for k in LOOKUPS if k)}
        )
    _orm, _negated, is_list, types = LOOKUPS[lookup]
    if spec.named and lookup not in NAMED_LOOKUPS:
        types = set()
    if types is not None and spec.type not in types:
        raise RuleError(
            _("%(field)s cannot be compared with %(lookup)s.") % {"field": name, "lookup": lookup}
        )
    if lookup == "isnull":
        if not isinstance(value, bool):
            raise RuleError(_("%(field)s__isnull takes true or false.") % {"field": name})
        return Condition(name, lookup, value)
    if is_list:
        if not isinstance(value, list) or not value:
            raise RuleError(
                _("%(field)s__%(lookup)s takes a non-empty list.")
                % {
                    "field": name,
                    "lookup": lookup,
                }
            )
        return Condition(name, lookup, [_clean_value(name, v, spec, kind) for v in value])
    return Condition(name, lookup, _clean_value(name, value, spec, kind))


def _clean_value(name: str, value, spec: FilterField, kind: RecordKind):
    wrong = RuleError(
        _("%(value)r is not a valid value for %(field)s (%(type)s).")
        % {"value": value, "field": name, "type": spec.type.value}
    )
    if spec.type == FieldType.BOOL:
        if not isinstance(value, bool):
            raise wrong
        return value
    if spec.type == FieldType.INT:
        if isinstance(value, bool) or not isinstance(value, int):
            raise wrong
        return value
    if spec.type == FieldType.DECIMAL:
        try:
            return str(Decimal(str(value)))
        except InvalidOperation:
            raise wrong from None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise wrong
    value = str(value)
    choices = _choices(kind, spec)
    if choices and value not in choices:
        raise RuleError(
            _("%(value)r is not a valid value for %(field)s; use one of: %(choices)s.")
            % {"value": value, "field": name, "choices": ", ".join(sorted(choices))}
        )
    return value


def _choices(kind: RecordKind, spec: FilterField) -> set[str]:
    """The field's choice codes when its model is installed (so typos fail at import)."""
    try:
        if spec.via:
            model = apps.get_model(spec.via[0])
            path = [spec.via[2]]
        elif spec.named:
            model = apps.get_model(spec.named[0])
            path = [spec.named[1]]
        else:
            model = kind.model
            path = spec.path.split("__")
        for part in path[:-1]:
            model = model._meta.get_field(part).related_model
        model_field = model._meta.get_field(path[-1])
    except (LookupError, FieldDoesNotExist, AttributeError):
        return set()
    if model_field.is_relation or not model_field.choices:
        return set()
    return {str(code) for code, _label in model_field.flatchoices}


# --- compiling ----------------------------------------------------------------------------


class NamedIds:
    """The ids behind the names rules use (a district's name), looked up once per evaluation.

    `district: 鳩ヶ谷` then compiles to `district_id = 12`, which SQLite compares per record
    as cheaply as a hand-written query would, instead of `IN (SELECT …)`.
    """

    def __init__(self, organization_id: int):
        self.organization_id = organization_id
        self.ids: dict[tuple[str, str], dict[str, list[int]]] = {}

    def prepare(self, rules) -> None:
        wanted: dict[tuple[str, str], set[str]] = {}
        for rule in rules:
            for where in [rule.where, *(e.where for e in rule.exclusions)]:
                for spec, condition in _named_conditions(where, rule.kind):
                    values = (
                        condition.value if isinstance(condition.value, list) else [condition.value]
                    )
                    wanted.setdefault(spec.named, set()).update(map(str, values))
        for (label, column), values in wanted.items():
            found: dict[str, list[int]] = {v: [] for v in values}
            rows = apps.get_model(label).objects.filter(
                organization_id=self.organization_id, **{f"{column}__in": sorted(values)}
            )
            for name, pk in rows.values_list(column, "pk"):
                found[str(name)].append(pk)
            self.ids[(label, column)] = found

    def lookup(self, named: tuple[str, str], values) -> list[int] | None:
        table = self.ids.get(named)
        if table is None:
            return None
        values = values if isinstance(values, list) else [values]
        return sorted({pk for v in values for pk in table.get(str(v), [])})


def _named_conditions(where: Where, kind: RecordKind):
    fields = kind.all_fields()
    for condition in where.conditions:
        spec = fields[condition.field]
        if spec.named and condition.lookup != "isnull":
            yield spec, condition
    for group in where.any_of:
        for alternative in group:
            yield from _named_conditions(alternative, kind)


def compile_where(where: Where, kind: RecordKind, names: NamedIds | None = None) -> Q:
    q = Q()
    fields = kind.all_fields()
    for condition in where.conditions:
        q &= _compile_condition(condition, fields[condition.field], names)
    for group in where.any_of:
        alternatives = Q()
        for alternative in group:
            alternatives |= compile_where(alternative, kind, names)
        q &= alternatives
    return q


def _compile_condition(condition: Condition, spec: FilterField, names: NamedIds | None) -> Q:
    orm, negated, _is_list, _types = LOOKUPS[condition.lookup]
    if spec.via:
        label, fk, column = spec.via
        child = apps.get_model(label).objects.filter(
            **{fk: OuterRef("pk"), f"{column}__{orm}": condition.value}
        )
        q = Q(Exists(child))
    elif spec.named and orm == "isnull":
        q = Q(**{f"{spec.path}__isnull": condition.value})
    elif spec.named:
        ids = names.lookup(spec.named, condition.value) if names is not None else None
        if ids is None:
            label, column = spec.named
            values = condition.value if isinstance(condition.value, list) else [condition.value]
            ids = apps.get_model(label).objects.filter(**{f"{column}__in": values}).values("pk")
        q = Q(**{f"{spec.path}__in": ids})
    else:
        q = Q(**{f"{spec.path}__{orm}": condition.value})
    return ~q if negated else q
