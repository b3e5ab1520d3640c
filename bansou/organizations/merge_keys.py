"""A merge and the rows that must be unique within an organization or a business.

Rows with a chamber-wide natural key (a programme's code, a partner's name, a guide page's
theme, …) may exist in both organizations with the same key. Each such key has a declared
rule (KEY_RULES): FOLD, the source's row is the same thing as the target's, its children
follow the target's row and it is deleted; RENAME, the two are different things, the source's
row moves with a key that says where it came from. A key without a rule, a child of a folded
row that would collide, or two duplicate businesses whose rows would collide (the same month's
sales with different figures, the same survey round answered twice, …) refuse the merge with
a Japanese message before anything is written (find_conflicts runs in the dry run).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.db import models
from django.utils.translation import gettext as _

from bansou.core.errors import DomainError
from bansou.lib.formatting import wareki_date

FOLD, RENAME = "fold", "rename"


@dataclass(frozen=True)
class KeyRule:
    label: str
    key: tuple[str, ...]
    action: str
    why: str


KEY_RULES = (
    KeyRule("programmes.programme", ("code",), FOLD,
            "the same programme: the plan's rules count participations by its code"),
    KeyRule("partners.dispatchprogramme", ("code",), FOLD,
            "the same dispatch programme of the partner"),
    KeyRule("partners.partner", ("name",), FOLD, "the same bank, agency or association"),
    KeyRule("dxmatch.vendor", ("name",), FOLD, "the same IT vendor"),
    KeyRule("meetings.guidepage", ("theme",), FOLD,
            "one guide page a theme: the source's versions follow the target's, older first"),
    KeyRule("surveys.survey", ("code",), RENAME,
            "two panels' answers are not pooled: the source's survey keeps its own code"),
    KeyRule("events.event", ("name", "held_on"), RENAME,
            "each chamber's participants stay with its own event"),
    KeyRule("imise.season", ("fiscal_year",), FOLD,
            "one i-mise award a year: the source's candidates, votes and judges join it"),
    KeyRule("vouchers.voucherusage", ("key",), FOLD,
            "the same use of a voucher: its key is the issuer's transaction ID or digest"),
)  # fmt: skip
RULES = {rule.label: rule for rule in KEY_RULES}
# Unique within an organization but taken care of elsewhere in the merge.
HANDLED = {
    "motivation.questionnaire",  # the source's questionnaires are made inactive first
}


@dataclass(frozen=True)
class KeyCollision:
    label: str
    source_id: int
    target_id: int
    key: str
    action: str

    def to_data(self) -> dict:
        return {"model": self.label, "key": self.key, "action": self.action}


def _unique_field_sets(model) -> list[tuple[str, ...]]:
    sets = [tuple(c.fields) for c in model._meta.constraints
            if isinstance(c, models.UniqueConstraint) and c.fields]  # fmt: skip
    return sets + [tuple(fields) for fields in model._meta.unique_together]


def organization_keys(moved_models: Iterable) -> dict[str, tuple[str, ...]]:
    """label → the fields unique with the organization, for every moved model that has one."""
    found = {}
    for model in moved_models:
        for fields in _unique_field_sets(model):
            if "organization" in fields and len(fields) > 1:
                found[model._meta.label_lower] = tuple(f for f in fields if f != "organization")
    return found


def _key_text(values: dict) -> str:
    return _shown(values.values())


def find_key_collisions(source, target, moved_models) -> list[KeyCollision]:
    """The source's rows whose key the target already uses; a key without a rule refuses."""
    collisions = []
    for label, key in sorted(organization_keys(moved_models).items()):
        if label in HANDLED:
            continue
        model = apps.get_model(label)
        theirs = {
            tuple(row[:-1]): row[-1]
            for row in model._default_manager.filter(organization=target).values_list(*key, "pk")
        }
        ours = model._default_manager.filter(organization=source).values(*key, "pk")
        clashes = [(row, theirs[tuple(row[f] for f in key)]) for row in ours
                   if tuple(row[f] for f in key) in theirs]  # fmt: skip
        if not clashes:
            continue
        rule = RULES.get(label)
        if rule is None or rule.key != key:
            raise DomainError(
                _("Both organizations have %(model)s %(key)s, and the merge has no rule for it.")
                % {"model": model._meta.verbose_name,
                   "key": _key_text({f: clashes[0][0][f] for f in key})}
            )  # fmt: skip
        collisions += [
            KeyCollision(label, row["pk"], pk, _key_text({f: row[f] for f in key}), rule.action)
            for row, pk in clashes
        ]
    return collisions


def _children(model) -> list[tuple[type[models.Model], str]]:
    """(model, field) of every foreign key to `model`, through tables of many-to-many too."""
    return [
        (child, f.name)
        for child in apps.get_models(include_auto_created=True)
        for f in child._meta.fields
        if f.is_relation and f.many_to_one and f.related_model is model
        and not (child is apps.get_model("meetings", "GuidePage") and f.name == "current")
    ]  # fmt: skip


def _child_clashes(model, field: str, pairs: dict[int, int]) -> list[tuple]:
    """Rows of `model` under a folded row that would collide under the row it folds into."""
    clashes = []
    for fields in _unique_field_sets(model):
        if field not in fields:
            continue
        others = [f for f in fields if f != field]
        for old, new in pairs.items():
            mine = set(model._default_manager.filter(**{field: old}).values_list(*others))
            theirs = set(model._default_manager.filter(**{field: new}).values_list(*others))
            clashes += sorted(mine & theirs)
    return clashes


def check_folds(collisions: list[KeyCollision]) -> None:
    """Refuse a fold whose children would collide (before anything is written)."""
    by_label: dict[str, dict[int, int]] = {}
    for c in collisions:
        if c.action == FOLD:
            by_label.setdefault(c.label, {})[c.source_id] = c.target_id
    for label, pairs in by_label.items():
        if label == "meetings.guidepage":
            continue  # versions are renumbered after the target's
        for child, field in _children(apps.get_model(label)):
            if _child_clashes(child, field, pairs):
                named = child
                if child._meta.auto_created:  # a many-to-many table: name what it links
                    named = next(f.related_model for f in child._meta.fields
                                 if f.is_relation and f.name != field)  # fmt: skip
                raise DomainError(
                    _("%(model)s of the same key cannot be folded together: their %(child)s "
                      "would collide. Change one of them before the merge.")
                    % {"model": apps.get_model(label)._meta.verbose_name,
                       "child": named._meta.verbose_name}
                )  # fmt: skip


def check_duplicate_businesses(survivor_of: dict[int, int]) -> dict[str, list[int]]:
    """Rows of duplicate businesses that would collide once on the surviving business: the
    same month's sales with the same figure are dropped (returned: label → ids); any other
    collision refuses the merge."""
    if not survivor_of:
        return {}
    business = apps.get_model("businesses", "Business")
    sales = apps.get_model("programmes", "MonthlySales")
    dropped: dict[str, list[int]] = {}
    for model in apps.get_models(include_auto_created=True):
        for f in model._meta.fields:
            if not (f.is_relation and f.many_to_one and f.related_model is business):
                continue
            for fields in _unique_field_sets(model):
                if f.name not in fields:
                    continue
                others = [x for x in fields if x != f.name]
                for duplicate, survivor in survivor_of.items():
                    rows = model._default_manager.values_list(*others, "pk")
                    theirs = {row[:-1]: row[-1] for row in rows.filter(**{f.name: survivor})}
                    for *value, pk in rows.filter(**{f.name: duplicate}):
                        other = theirs.get(tuple(value))
                        if other is None:
                            continue
                        if model is sales and _same_sales(sales, pk, other):
                            dropped.setdefault(model._meta.label_lower, []).append(pk)
                            continue
                        raise DomainError(
                            _("%(name)s has %(model)s in both organizations for %(value)s: "
                              "correct one of them before the merge.")
                            % {"name": business.objects.get(pk=survivor).name,
                               "model": model._meta.verbose_name, "value": _shown(value)}
                        )  # fmt: skip
    return dropped


def _shown(values) -> str:
    return "・".join(wareki_date(v) if isinstance(v, date) else str(v) for v in values)


def _same_sales(sales, pk: int, other: int) -> bool:
    amounts = dict(sales.objects.filter(pk__in=[pk, other]).values_list("pk", "amount"))
    return amounts[pk] == amounts[other]


def _renamed(model, row, source, target) -> dict:
    """New key values for a renamed row: the name marked with the source's name, a code with
    its slug; unused in the target."""
    if model._meta.label_lower == "surveys.survey":
        limit = model._meta.get_field("code").max_length
        base = f"{row.code}-{source.slug}"[:limit]
        code, n = base, 2
        while model._default_manager.filter(organization=target, code=code).exists():
            code = f"{base[: limit - len(str(n)) - 1]}-{n}"
            n += 1
        return {"code": code}
    limit = model._meta.get_field("name").max_length
    mark = _("(formerly %(name)s)") % {"name": source.name}
    return {"name": f"{row.name[: limit - len(mark)]}{mark}"}


def apply_key_rules(merge, collisions: list[KeyCollision], record) -> None:
    """Fold or rename the colliding rows of the source (inside the merge's transaction);
    `record(label, pk)` notes each folded row for the merge's list."""
    source, target = merge.source, merge.target
    for c in collisions:
        model = apps.get_model(c.label)
        if c.action == RENAME:
            row = model._default_manager.get(pk=c.source_id)
            values = _renamed(model, row, source, target)
            model._default_manager.filter(pk=row.pk).update(**values)
            if c.label == "surveys.survey":
                apps.get_model("surveys", "SurveyRound").objects.filter(survey=row.pk).update(
                    survey_code=values["code"]
                )
            continue
        if c.label == "meetings.guidepage":
            _renumber_versions(c.source_id, c.target_id)
        for child, field in _children(model):
            child._default_manager.filter(**{field: c.source_id}).update(**{field: c.target_id})
        model._default_manager.filter(pk=c.source_id).delete()
        record(f"{c.label}:folded", c.source_id)


def _renumber_versions(source_page: int, target_page: int) -> None:
    """The source page's versions come after the target's (the target's current stays)."""
    version = apps.get_model("meetings", "GuideVersion")
    last = version.objects.filter(page=target_page).aggregate(n=models.Max("number"))["n"] or 0
    for offset, pk in enumerate(
        version.objects.filter(page=source_page).order_by("number").values_list("pk", flat=True),
        start=1,
    ):
        version.objects.filter(pk=pk).update(number=last + offset)
