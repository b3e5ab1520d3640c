"""A counting rule as a Japanese sentence, from its kind, count, filters and exclusions."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from .kinds import FilterField, RecordKind
from .rules import COUNT_DISTINCT, COUNT_RECORDS, Condition, Rule, Where


@dataclass(frozen=True)
class Vocabulary:
    """The words a sentence uses: a kind's name, a field's name, a coded value's label."""

    kinds: dict[str, str]
    fields: dict[tuple[str, str], str]
    values: dict[tuple[str, str, str], str]

    def kind(self, kind: RecordKind) -> str:
        return self.kinds.get(kind.code, kind.code)

    def field(self, kind: RecordKind, name: str) -> str:
        return self.fields.get((kind.code, name), name)

    def value(self, kind: RecordKind, name: str, value) -> str:
        return self.values.get((kind.code, name, str(value)), str(value))


def _model_field(kind: RecordKind, spec: FilterField):
    if spec.via:
        model, path = apps.get_model(spec.via[0]), [spec.via[2]]
    else:
        model, path = kind.model, spec.path.split("__")
    for part in path[:-1]:
        model = model._meta.get_field(part).related_model
    return model._meta.get_field(path[-1])


def model_vocabulary(kinds) -> Vocabulary:
    """The models' own verbose names and choice labels (translated in their apps' catalogues)."""
    names, fields, values = {}, {}, {}
    for kind in kinds:
        try:
            names[kind.code] = str(kind.model._meta.verbose_name)
        except LookupError:
            continue
        for name, spec in kind.all_fields().items():
            try:
                model_field = _model_field(kind, spec)
            except (LookupError, FieldDoesNotExist, AttributeError):
                continue
            fields[(kind.code, name)] = str(model_field.verbose_name)
            for code, label in model_field.flatchoices or []:
                values[(kind.code, name, str(code))] = str(label)
    return Vocabulary(names, fields, values)


def _condition_text(condition: Condition, kind: RecordKind, words: Vocabulary) -> str:
    field = words.field(kind, condition.field)
    value = condition.value
    if condition.lookup == "isnull":
        template = _("%(field)s is not set") if value else _("%(field)s is set")
        return template % {"field": field}
    if isinstance(value, bool):
        yes = value if condition.lookup == "" else not value
        template = _("%(field)s: yes") if yes else _("%(field)s: no")
        return template % {"field": field}
    if isinstance(value, list):
        shown = _(", ").join(f"「{words.value(kind, condition.field, v)}」" for v in value)
    else:
        shown = f"「{words.value(kind, condition.field, value)}」"
    templates = {
        "": _("%(field)s is %(value)s"),
        "ne": _("%(field)s is not %(value)s"),
        "in": _("%(field)s is one of %(value)s"),
        "not_in": _("%(field)s is none of %(value)s"),
        "gte": _("%(field)s is %(value)s or more"),
        "gt": _("%(field)s is more than %(value)s"),
        "lte": _("%(field)s is %(value)s or less"),
        "lt": _("%(field)s is less than %(value)s"),
    }
    return templates[condition.lookup] % {"field": field, "value": shown}


def where_text(where: Where, kind: RecordKind, words: Vocabulary) -> str:
    parts = [_condition_text(c, kind, words) for c in where.conditions]
    alone = not where.conditions and len(where.any_of) == 1
    for group in where.any_of:
        alternatives = _(" or ").join(where_text(w, kind, words) for w in group)
        bracket = len(group) > 1 and not alone
        parts.append(
            _("(%(alternatives)s) holds") % {"alternatives": alternatives}
            if bracket
            else alternatives
        )
    return _(" and ").join(parts)


def rule_sentence(rule: Rule, words: Vocabulary) -> str:
    """What the row counts, in one or two sentences (pure: the words come from `words`)."""
    kind = words.kind(rule.kind)
    if rule.where.is_empty():
        records = _("all %(kind)s records") % {"kind": kind}
    else:
        records = _("the %(kind)s records where %(where)s") % {
            "kind": kind,
            "where": where_text(rule.where, rule.kind, words),
        }
    if rule.count == COUNT_DISTINCT:
        sentence = _("Counts the businesses in %(records)s (a business counts once).")
    elif rule.count == COUNT_RECORDS:
        sentence = _("Counts %(records)s.")
    else:
        sentence = _("Adds up %(field)s over %(records)s.")
    text = sentence % {"records": records, "field": words.field(rule.kind, rule.sum_field or "")}
    for exclusion in rule.exclusions:
        text += _("Those where %(where)s are excluded as %(name)s.") % {
            "where": where_text(exclusion.where, rule.kind, words),
            "name": exclusion.name,
        }
    return text
