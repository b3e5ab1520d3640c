"""Merging one organization into another: match the registers, move the rows, keep the history.

The dry run (`plan_merge`) reports what would happen and lists the name-based candidates for
a person to confirm; `merge_organizations` does it in one transaction. Rows a merge moves are
listed in MergedRow (their original organization is the merge's source); records dated before
the merge day are marked so that the surviving organization's earlier years stay as they were.
The source's own plan, evaluation and committee rows stay with it as an archive.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.db import models, transaction
from django.db.models import Case, Exists, OuterRef, Value, When
from django.utils.translation import gettext as _

from bansou.core.errors import DomainError
from bansou.lib.text import nfkc, normalise_kana

from .merge_keys import (
    FOLD,
    KeyCollision,
    apply_key_rules,
    check_duplicate_businesses,
    check_folds,
    find_key_collisions,
)
from .models import Department, District, MergedRow, Organization, OrganizationMerge

# Apps whose rows are the organization's own plan and its evaluation: they stay with the source.
KEPT_WITH_SOURCE = {"evaluation", "committee", "dashboard"}
# Handled one by one below, or the merge's own bookkeeping.
SPECIAL = {
    "organizations.district",
    "organizations.department",
    "organizations.organizationmerge",
    "organizations.mergedrow",
    "businesses.business",
    "accounts.user",
    "dataio.externalkey",
}
# The survivor keeps its own values; the duplicate's fill only what is blank.
FILLED_FIELDS = (
    "name_kana",
    "corporate_number",
    "representative",
    "postal_code",
    "address",
    "phone",
    "industry_major_group",
    "capital",
    "employees",
    "founded_on",
)
USERS_MOVE, USERS_RETIRE = "move", "retire"
REVIEW_HEADER = ["移管元ID", "移管元名称", "移管先ID", "移管先名称", "一致理由", "統合する"]
YES = {"1", "はい", "yes", "y", "true", "○", "統合"}


@dataclass(frozen=True)
class Match:
    source_id: int
    source_name: str
    target_id: int
    target_name: str
    reason: str


@dataclass
class MergeReport:
    """What a merge will do (dry run) or did: counts only, and the pairs it merges."""

    source: str
    target: str
    merged_on: date
    by_corporate_number: list[Match] = field(default_factory=list)
    candidates: list[Match] = field(default_factory=list)
    confirmed: list[Match] = field(default_factory=list)
    moved: dict[str, int] = field(default_factory=dict)
    records_before_merge: int = 0
    districts_moved: list[str] = field(default_factory=list)
    districts_folded: list[str] = field(default_factory=list)
    users: dict[str, str] = field(default_factory=dict)  # username: move|retire
    external_keys_kept_with_source: int = 0
    # Rows of the same key in both (merge_keys.KEY_RULES), and duplicates' rows dropped.
    key_collisions: list[KeyCollision] = field(default_factory=list)
    dropped: dict[str, list[int]] = field(default_factory=dict)

    @property
    def duplicates(self) -> list[Match]:
        return self.by_corporate_number + self.confirmed

    def to_data(self) -> dict:
        return {
            "source": self.source,
            "target": self.target,
            "merged_on": self.merged_on.isoformat(),
            "duplicates_by_corporate_number": len(self.by_corporate_number),
            "duplicates_confirmed": len(self.confirmed),
            "candidates": len(self.candidates),
            "moved": self.moved,
            "records_before_merge": self.records_before_merge,
            "districts_moved": self.districts_moved,
            "districts_folded": self.districts_folded,
            "users": self.users,
            "external_keys_kept_with_source": self.external_keys_kept_with_source,
            "same_key": [c.to_data() for c in self.key_collisions],
            "dropped": {label: len(ids) for label, ids in self.dropped.items()},
        }

    def lines(self) -> list[str]:
        """The report as the command prints it."""
        lines = [
            _("%(source)s into %(target)s, merged on %(day)s")
            % {"source": self.source, "target": self.target, "day": self.merged_on.isoformat()},
            _("Duplicates by corporate number: %(count)s")
            % {"count": len(self.by_corporate_number)},
            _("Candidates by name to review: %(count)s (confirmed: %(confirmed)s)")
            % {"count": len(self.candidates), "confirmed": len(self.confirmed)},
        ]
        lines += [
            _("Rows moved: %(label)s %(count)s") % {"label": label, "count": count}
            for label, count in sorted(self.moved.items())
        ]
        lines.append(
            _("Records dated before the merge (left out of the evaluation): %(count)s")
            % {"count": self.records_before_merge}
        )
        lines.append(
            _("Districts moved: %(moved)s; folded into a district of the same name: %(folded)s")
            % {
                "moved": "、".join(self.districts_moved) or "－",
                "folded": "、".join(self.districts_folded) or "－",
            }
        )
        lines += [
            _("User %(name)s: %(action)s")
            % {
                "name": name,
                "action": _("moved") if action == USERS_MOVE else _("retired"),
            }
            for name, action in sorted(self.users.items())
        ]
        lines += [
            (_("Same %(model)s in both, folded into the target's: %(key)s")
             if c.action == FOLD
             else _("Same %(model)s in both, the source's renamed: %(key)s"))
            % {"model": apps.get_model(c.label)._meta.verbose_name, "key": c.key}
            for c in self.key_collisions
        ]  # fmt: skip
        lines += [
            _("Rows of a duplicate equal to the survivor's, dropped: %(label)s %(count)s")
            % {"label": label, "count": len(ids)}
            for label, ids in sorted(self.dropped.items())
        ]
        if self.external_keys_kept_with_source:
            lines.append(
                _("External ids already used by the target, kept with the source: %(count)s")
                % {"count": self.external_keys_kept_with_source}
            )
        return lines


def load_pair(source_slug: str, target_slug: str) -> tuple[Organization, Organization]:
    """The two organizations, or a DomainError that says which is wrong."""
    found = {o.slug: o for o in Organization.objects.filter(slug__in=[source_slug, target_slug])}
    for slug in (source_slug, target_slug):
        if slug not in found:
            raise DomainError(_("There is no organization %(slug)s.") % {"slug": slug})
    source, target = found[source_slug], found[target_slug]
    check_pair(source, target)
    return source, target


def check_pair(source: Organization, target: Organization) -> None:
    if source.pk == target.pk:
        raise DomainError(_("An organization cannot be merged into itself."))
    if OrganizationMerge.objects.filter(source=source).exists():
        raise DomainError(_("%(name)s has already been merged.") % {"name": source.name})
    if OrganizationMerge.objects.filter(source=target).exists():
        raise DomainError(
            _("%(name)s has been merged into another organization.") % {"name": target.name}
        )


# --- matching the registers ---------------------------------------------------------------


def _address_key(address: str) -> str:
    return "".join(nfkc(address or "").split()).replace("－", "-").replace("ー", "-")


def find_matches(source: Organization, target: Organization) -> tuple[list[Match], list[Match]]:
    """(same 法人番号, candidates by name or kana with the same address or phone)."""
    business = apps.get_model("businesses", "Business")
    fields = ("pk", "name", "name_kana", "corporate_number", "name_normalised", "address")
    fields += ("phone_digits",)
    targets = list(business.objects.filter(organization=target).values(*fields))
    by_number = {t["corporate_number"]: t for t in targets if t["corporate_number"]}
    by_name: dict[str, list[dict]] = {}
    for t in targets:
        for key in {t["name_normalised"], normalise_kana(t["name_kana"] or "")} - {""}:
            by_name.setdefault(key, []).append(t)
    numbered, candidates = [], []
    for s in business.objects.filter(organization=source).order_by("pk").values(*fields):
        same = by_number.get(s["corporate_number"]) if s["corporate_number"] else None
        if same is not None:
            numbered.append(Match(s["pk"], s["name"], same["pk"], same["name"], "法人番号"))
            continue
        seen = set()
        for key in (s["name_normalised"], normalise_kana(s["name_kana"] or "")):
            for t in by_name.get(key, []) if key else []:
                if t["pk"] in seen:
                    continue
                reason = _candidate_reason(s, t)
                if reason:
                    seen.add(t["pk"])
                    candidates.append(Match(s["pk"], s["name"], t["pk"], t["name"], reason))
    return numbered, candidates


def _candidate_reason(source: dict, target: dict) -> str:
    """Why two businesses of the same name may be one: 法人番号 differs or is blank, so a
    person decides (two shops of one name in one city are common)."""
    if source["corporate_number"] and target["corporate_number"]:
        return ""  # both numbered and different: two legal entities
    if source["address"] and _address_key(source["address"]) == _address_key(target["address"]):
        return "名称＋住所"
    if source["phone_digits"] and source["phone_digits"] == target["phone_digits"]:
        return "名称＋電話番号"
    return ""


def review_file(candidates: list[Match]) -> bytes:
    """The candidates as a CSV (UTF-8 with BOM) to confirm: 統合する = はい merges the pair."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(REVIEW_HEADER)
    for m in candidates:
        writer.writerow([m.source_id, m.source_name, m.target_id, m.target_name, m.reason, ""])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def answered_review(candidates: list[Match], merged_pairs: set[str]) -> bytes:
    """The review file as a person answers it on screen: "source:target" pairs ticked."""
    rows = [REVIEW_HEADER] + [
        [m.source_id, m.source_name, m.target_id, m.target_name, m.reason,
         "はい" if f"{m.source_id}:{m.target_id}" in merged_pairs else "いいえ"]
        for m in candidates
    ]  # fmt: skip
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def read_review(content: bytes, candidates: list[Match]) -> list[Match]:
    """The pairs a person confirmed; every candidate must be answered, nothing else named."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DomainError(_("The review file is neither UTF-8 nor Shift_JIS (CP932)."))
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [c.strip() for c in rows[0][:6]] != REVIEW_HEADER:
        raise DomainError(
            _("The review file must start with the columns %(columns)s.")
            % {"columns": "、".join(REVIEW_HEADER)}
        )
    known = {(m.source_id, m.target_id): m for m in candidates}
    confirmed, answered, merged_sources = [], set(), set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            pair = (int(nfkc(row[0]).strip()), int(nfkc(row[2]).strip()))
        except (ValueError, IndexError):
            raise DomainError(
                _("Row %(row)s of the review file: the IDs are not numbers.") % {"row": number}
            ) from None
        if pair not in known:
            raise DomainError(
                _("Row %(row)s of the review file names a pair that is not a candidate.")
                % {"row": number}
            )
        answered.add(pair)
        if len(row) > 5 and nfkc(row[5]).strip().lower() in YES:
            if pair[0] in merged_sources:
                raise DomainError(
                    _("Row %(row)s of the review file merges a business a second time.")
                    % {"row": number}
                )
            merged_sources.add(pair[0])
            confirmed.append(known[pair])
    missing = len(known) - len(answered)
    if missing:
        raise DomainError(
            _("The review file leaves %(count)s candidates unanswered.") % {"count": missing}
        )
    return confirmed


# --- planning -----------------------------------------------------------------------------


def _moved_models() -> list[type[models.Model]]:
    """Models whose rows belong to an organization and move as they are."""
    found = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in KEPT_WITH_SOURCE or label in SPECIAL:
            continue
        field_ = next((f for f in model._meta.fields if f.name == "organization"), None)
        if field_ is not None and field_.is_relation and field_.related_model is Organization:
            found.append(model)
    return found


def _source_rows(model, source: Organization) -> models.QuerySet:
    """The source's rows of a moved model."""
    queryset = model._default_manager.filter(organization=source)
    if model._meta.label_lower == "audit.auditentry":
        # The history of what moves moves with it; that of the archived plan stays.
        for app_label in KEPT_WITH_SOURCE:
            queryset = queryset.exclude(target_type__startswith=f"{app_label}.")
    return queryset


def _record_models():
    from bansou.businesses.territory import record_models

    return record_models()


def _before_q(model, merged_on: date):
    from bansou.businesses.territory import day_condition

    return day_condition(model.territory_date_fields, merged_on, "lt")


def plan_merge(
    source: Organization,
    target: Organization,
    *,
    merged_on: date,
    review: bytes | None = None,
    users: str = USERS_MOVE,
) -> MergeReport:
    """The dry run: what merge_organizations would do, without writing anything."""
    check_pair(source, target)
    if users not in (USERS_MOVE, USERS_RETIRE):
        raise DomainError(_("Users are either moved or retired."))
    report = MergeReport(source.name, target.name, merged_on)
    report.by_corporate_number, report.candidates = find_matches(source, target)
    if review is not None:
        report.confirmed = read_review(review, report.candidates)
    report.dropped = check_duplicate_businesses(
        {m.source_id: m.target_id for m in report.duplicates}
    )
    report.key_collisions = find_key_collisions(source, target, _moved_models())
    check_folds(report.key_collisions)
    target_districts = set(
        District.objects.filter(organization=target).values_list("name", flat=True)
    )
    for name in District.objects.filter(organization=source).values_list("name", flat=True):
        (report.districts_folded if name in target_districts else report.districts_moved).append(
            name
        )
    user_model = apps.get_model("accounts", "User")
    report.users = {
        name: users
        for name in user_model.objects.filter(organization=source).values_list(
            "username", flat=True
        )
    }
    business = apps.get_model("businesses", "Business")
    moved = Counter()
    moved[business._meta.label_lower] = business.objects.filter(organization=source).count() - len(
        report.duplicates
    )
    for model in _moved_models():
        count = _source_rows(model, source).count()
        if count:
            moved[model._meta.label_lower] = count
    report.moved = dict(moved)
    report.records_before_merge = sum(
        model._default_manager.filter(organization=source)
        .filter(_before_q(model, merged_on))
        .count()
        for model in _record_models()
    )
    key_model = apps.get_model("dataio", "ExternalKey")
    taken = set(key_model.objects.filter(organization=target).values_list("target", "key"))
    report.external_keys_kept_with_source = sum(
        1
        for pair in key_model.objects.filter(organization=source).values_list("target", "key")
        if pair in taken
    )
    return report


# --- the merge ----------------------------------------------------------------------------


@transaction.atomic
def merge_organizations(
    source: Organization,
    target: Organization,
    *,
    merged_on: date,
    actor,
    review: bytes | None = None,
    users: str = USERS_MOVE,
) -> OrganizationMerge:
    """Merge `source` into `target` in one transaction, as plan_merge reported it."""
    source = Organization.objects.select_for_update().get(pk=source.pk)
    report = plan_merge(source, target, merged_on=merged_on, review=review, users=users)
    if report.candidates and review is None:
        raise DomainError(
            _(
                "%(count)s businesses may be the same as one of %(target)s: write the review "
                "file with the dry run, answer every row and give it with --review."
            )
            % {"count": len(report.candidates), "target": target.name}
        )
    merge = OrganizationMerge.objects.create(
        source=source,
        target=target,
        merged_on=merged_on,
        performed_by=actor if getattr(actor, "pk", None) else None,
        report=report.to_data(),
    )
    rows: list[MergedRow] = []
    touched_districts = _merge_districts(source, target, merged_on)
    _merge_departments(source, target)
    for label, ids in report.dropped.items():
        apps.get_model(label)._default_manager.filter(pk__in=ids).delete()
    _merge_duplicates(merge, report.duplicates, actor)
    apply_key_rules(
        merge,
        report.key_collisions,
        lambda label, pk: rows.append(
            MergedRow(organization=target, merge=merge, model=label, row_id=pk)
        ),
    )
    _move_rows(merge, source, target, rows, users)
    MergedRow.objects.bulk_create(rows, batch_size=2000)
    from bansou.businesses.territory import recompute_record_territory

    recompute_record_territory(
        District.objects.filter(pk__in=touched_districts), rebuild_counts=False
    )
    # The records moved by UPDATE (no signal): both chambers' dashboard counts are recounted.
    from bansou.dashboard import counts

    counts.rebuild(source.pk)
    counts.rebuild(target.pk)
    _log_merge(merge, report, actor)
    return merge


def _merge_districts(source, target, merged_on) -> list[int]:
    """Source districts become the target's, inside from the merge day; one of the same name
    as a target district folds into it (its businesses and records follow)."""
    business = apps.get_model("businesses", "Business")
    target_by_name = {d.name: d for d in District.objects.filter(organization=target)}
    touched = []
    for district in District.objects.filter(organization=source):
        same = target_by_name.get(district.name)
        if same is None:
            district.organization = target
            district.in_territory, district.in_territory_from = True, merged_on
            district.in_territory_to = None
            district.save()
            touched.append(district.pk)
            continue
        business.objects.filter(district=district).update(district=same)
        for model in _record_models():
            model._default_manager.filter(district=district).update(district=same)
        district.delete()
        touched.append(same.pk)
    return touched


def _merge_departments(source, target) -> None:
    """The moved rows take the target's department of the same name (made when missing); the
    source's departments stay with its archived plan, which refers to them."""
    target_by_name = {d.name: d for d in Department.objects.filter(organization=target)}
    moved = [m for m in apps.get_models() if m in _moved_models()]
    for department in Department.objects.filter(organization=source):
        same = target_by_name.get(department.name)
        if same is None:
            same = Department.objects.create(
                organization=target, name=department.name, sort_order=department.sort_order
            )
        for model in moved:
            for f in model._meta.fields:
                if f.is_relation and f.related_model is Department:
                    model._default_manager.filter(**{f.name: department}).update(**{f.name: same})


def _merge_duplicates(merge, duplicates: list[Match], actor) -> None:
    """Each duplicate's rows go to the surviving business; blanks of the survivor are filled
    from it; an audit entry on the survivor keeps everything the duplicate was."""
    if not duplicates:
        return
    from bansou.audit.services import log_action, snapshot

    business = apps.get_model("businesses", "Business")
    survivor_of = {m.source_id: m.target_id for m in duplicates}
    for model in apps.get_models(include_auto_created=True):  # panels (many-to-many) too
        for f in model._meta.fields:
            if f.is_relation and f.related_model is business:
                model._default_manager.filter(**{f"{f.name}_id__in": list(survivor_of)}).update(
                    **{
                        f.name: Case(
                            *[
                                When(**{f"{f.name}_id": s}, then=Value(t))
                                for s, t in survivor_of.items()
                            ],
                            output_field=models.BigIntegerField(),
                        )
                    }
                )
    key_model = apps.get_model("dataio", "ExternalKey")
    key_model.objects.filter(target="businesses.business", object_id__in=list(survivor_of)).update(
        object_id=Case(
            *[When(object_id=s, then=Value(t)) for s, t in survivor_of.items()],
            output_field=models.BigIntegerField(),
        )
    )
    kept = [f.name for f in business._meta.concrete_fields if f.editable and not f.is_relation]
    survivors = business.objects.in_bulk(list(survivor_of.values()))
    for duplicate in business.objects.filter(pk__in=list(survivor_of)).select_related("district"):
        survivor = survivors[survivor_of[duplicate.pk]]
        filled = {}
        for name in FILLED_FIELDS:
            if getattr(survivor, name) in ("", None) and getattr(duplicate, name) not in ("", None):
                setattr(survivor, name, getattr(duplicate, name))
                filled[name] = getattr(duplicate, name)
        if filled:
            survivor.save()
        changes = {
            "merged_business": {
                "label": _("merged business"),
                "old": {"id": duplicate.pk, "organization": merge.source.name}
                | snapshot(duplicate, kept),
                "new": survivor.pk,
            },
            **{
                name: {
                    "label": str(business._meta.get_field(name).verbose_name),
                    "old": None,
                    "new": str(value),
                }
                for name, value in filled.items()
            },
        }
        log_action(survivor, "businesses.business.merged", actor, changes)
        MergedRow.objects.create(
            organization=merge.target,
            merge=merge,
            model="businesses.business:merged",
            row_id=duplicate.pk,
        )
        duplicate.delete()


def _move_rows(merge, source, target, rows: list[MergedRow], users: str) -> None:
    business = apps.get_model("businesses", "Business")
    record_labels = {m._meta.label_lower: m for m in _record_models()}

    def move(model, queryset, before_ids=frozenset()):
        label = model._meta.label_lower
        rows.extend(
            MergedRow(
                organization=target,
                merge=merge,
                model=label,
                row_id=pk,
                before_merge=pk in before_ids,
            )
            for pk in queryset.values_list("pk", flat=True).iterator()
        )
        if label == "audit.auditentry":
            queryset.move_to_organization(target)  # append-only: no plain update
        else:
            queryset.update(organization=target)

    move(business, business.objects.filter(organization=source))
    questionnaire = apps.get_model("motivation", "Questionnaire")
    # One questionnaire in use per chamber: the target's stays; the source's keep their checks.
    questionnaire.objects.filter(organization=source).update(is_active=False)
    for model in _moved_models():
        queryset = _source_rows(model, source)
        before = frozenset()
        if model._meta.label_lower in record_labels:
            before = frozenset(
                queryset.filter(_before_q(model, merge.merged_on)).values_list("pk", flat=True)
            )
        move(model, queryset, before)
    key_model = apps.get_model("dataio", "ExternalKey")
    taken = key_model.objects.filter(
        organization=target, target=OuterRef("target"), key=OuterRef("key")
    )
    move(key_model, key_model.objects.filter(organization=source).exclude(Exists(taken)))
    user_model = apps.get_model("accounts", "User")
    people = user_model.objects.filter(organization=source)
    if users == USERS_RETIRE:
        people.update(is_active=False)
    move(user_model, people)


def _log_merge(merge, report: MergeReport, actor) -> None:
    from bansou.audit.models import AuditEntry

    entry = {
        "label": _("merge"),
        "old": None,
        "new": report.to_data(),
    }
    AuditEntry.objects.bulk_create(
        AuditEntry(
            organization=organization,
            actor=actor if getattr(actor, "pk", None) else None,
            action="organizations.organization.merged",
            target_type="organizations.organizationmerge",
            target_id=merge.pk,
            target_repr=str(merge)[:200],
            changes={"merge": entry},
        )
        for organization in (merge.target, merge.source)
    )
