"""Import of the business register (事業者名簿).

A row updates the business it matches, in this order: bansou's ID, 法人番号, the external id
another system gave it, and finally the same normalised name and phone number. The last is
only a likelihood, so such rows are listed for review and committed only once confirmed.
Empty cells leave an existing business's value alone: a partial spreadsheet never erases data.
"""

from __future__ import annotations

import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bansou.audit.models import AuditEntry
from bansou.audit.services import diff, snapshot, unsaved_entry
from bansou.businesses.industries import MAJOR_GROUP_RANGES, Industry, division_from_text
from bansou.businesses.models import Business
from bansou.businesses.services import AUDITED_FIELDS
from bansou.core.versioning import bump_versions
from bansou.lib.text import is_kana_reading, normalise_kana, normalise_name, phone_digits
from bansou.organizations.models import District

from .. import cleaners
from ..cleaners import CellError
from ..models import ExternalKey
from ..registry import Action, Column, ImportKind

TARGET = "businesses.business"
_TWO_DIGITS_RE = re.compile(r"[0-9]{1,2}")


def _industry(value) -> str:
    text = cleaners.key(cleaners.text(value))
    if _TWO_DIGITS_RE.fullmatch(text):
        group = int(text)
        for division, (low, high) in MAJOR_GROUP_RANGES.items():
            if low <= group <= high:
                return division
    if division := division_from_text(cleaners.text(value)):
        return division
    # Not a division: the choice cleaner words the refusal, listing every division.
    return _industry_choice(text)


_industry_choice = cleaners.choice(Industry.choices)


def _kana(value) -> str:
    kana = normalise_kana(cleaners.limited_text(200)(value))
    if not is_kana_reading(kana):
        raise CellError(_("Enter the reading in kana (katakana or hiragana)."))
    return kana


def _major_group(value) -> str:
    text = cleaners.key(cleaners.text(value))
    if not _TWO_DIGITS_RE.fullmatch(text):
        raise CellError(_("The major group is a two-digit number such as 09."))
    return text.zfill(2)


class BusinessesImport(ImportKind):
    code = "businesses"
    label = gettext_lazy("Businesses")
    description = gettext_lazy(
        "The business register. Rows are matched by ID, corporate number, external ID or "
        "name and phone; matched businesses are updated."
    )
    list_url_name = "businesses:list"
    order = 10
    export_only = (
        gettext_lazy("small business"),
        gettext_lazy("SME"),
    )
    columns = (
        Column(
            "id",
            gettext_lazy("ID"),
            aliases=("事業者ID", "bansou ID"),
            clean=cleaners.integer,
            display=cleaners.identifier_display,
        ),
        Column(
            "external_id",
            gettext_lazy("external ID"),
            aliases=("外部ID", "事業者コード", "顧客コード", "顧客番号", "会員番号", "管理番号"),
            clean=cleaners.code,
            empty="",
        ),
        Column(
            "name",
            gettext_lazy("name"),
            aliases=("事業者名", "事業所名", "会社名", "企業名", "商号", "屋号", "名称"),
            required=True,
            clean=cleaners.limited_text(200),
            empty="",
        ),
        Column(
            "name_kana",
            gettext_lazy("name (kana)"),
            aliases=("フリガナ", "ふりがな", "カナ", "名称カナ", "事業者名カナ", "読み"),
            clean=_kana,
            empty="",
        ),
        Column(
            "corporate_number",
            gettext_lazy("corporate number"),
            aliases=("法人番号",),
            clean=cleaners.corporate_number,
            empty="",
        ),
        Column(
            "representative",
            gettext_lazy("representative"),
            aliases=("代表者", "代表者名", "代表者氏名"),
            clean=cleaners.limited_text(100),
            empty="",
        ),
        Column(
            "postal_code",
            gettext_lazy("postal code"),
            aliases=("郵便番号", "〒"),
            clean=cleaners.postal_code,
            empty="",
        ),
        Column(
            "address",
            gettext_lazy("address"),
            aliases=("住所", "所在地"),
            clean=cleaners.limited_text(200),
            empty="",
        ),
        Column(
            "phone",
            gettext_lazy("phone"),
            aliases=("電話番号", "電話", "TEL"),
            clean=cleaners.phone,
            empty="",
        ),
        Column("district", gettext_lazy("district"), aliases=("地区", "地区名", "地域"), empty=""),
        Column(
            "industry",
            gettext_lazy("industry"),
            aliases=("業種", "産業分類", "業種大分類"),
            clean=_industry,
            empty="",
            display=cleaners.choice_display(Industry.choices),
        ),
        Column(
            "industry_major_group",
            gettext_lazy("industry major group"),
            aliases=("中分類", "業種中分類"),
            clean=_major_group,
            empty="",
        ),
        Column(
            "capital",
            gettext_lazy("capital (yen)"),
            aliases=("資本金", "資本金(円)"),
            clean=lambda v: cleaners.integer(v, allow_negative=False),
        ),
        Column(
            "employees",
            gettext_lazy("regular employees"),
            aliases=("従業員数", "従業員", "常時使用する従業員数", "常用従業員数"),
            clean=cleaners.count,
        ),
        Column(
            "founded_on",
            gettext_lazy("founded on"),
            aliases=("設立日", "創業日", "設立年月日", "創業年月日"),
            clean=cleaners.day,
        ),
        Column(
            "is_member",
            gettext_lazy("member"),
            aliases=("会員", "会員区分", "会員種別"),
            clean=cleaners.boolean,
        ),
    )
    # The fields a row may set on a business (id and external_id only match).
    FIELDS = tuple(c.field for c in columns if c.field not in ("id", "external_id"))

    def begin(self, run) -> None:
        run.cache["districts"] = {
            cleaners.key(d.name): d for d in District.objects.filter(organization=run.organization)
        }
        run.cache["seen"] = {}

    def resolve(self, rows, run) -> None:
        org = run.organization.pk
        self._clean_districts(rows, run)
        codes = {r.values["external_id"] for r in rows} - {""}
        keys = (
            dict(
                ExternalKey.objects.filter(
                    organization=org, target=TARGET, key__in=codes
                ).values_list("key", "object_id")
            )
            if codes
            else {}
        )
        ids = ({r.values["id"] for r in rows} - {None}) | set(keys.values())
        numbers = {r.values["corporate_number"] for r in rows} - {""}
        names = {normalise_name(r.values["name"]) for r in rows if r.values["phone"]}
        found = Business.objects.filter(organization=org).select_related("district")
        by_id = {b.pk: b for b in found.filter(pk__in=ids)} if ids else {}
        by_number = (
            {b.corporate_number: b for b in found.filter(corporate_number__in=numbers)}
            if numbers
            else {}
        )
        by_name_phone: dict[tuple, Business] = {}
        for b in found.filter(name_normalised__in=names) if names else ():
            # Two registered businesses sharing name and phone identify neither by them.
            k = (b.name_normalised, b.phone_digits)
            by_name_phone[k] = None if k in by_name_phone else b
        for row in rows:
            self._resolve_row(row, run, by_id, by_number, keys, by_name_phone)

    def _clean_districts(self, rows, run) -> None:
        districts = run.cache["districts"]
        for row in rows:
            name = row.values["district"]
            if name:
                district = districts.get(cleaners.key(name))
                if district is None:
                    row.error(
                        "district",
                        _("No district 「%(name)s」. Known districts: %(known)s")
                        % {"name": name, "known": "、".join(d.name for d in districts.values())},
                    )
                row.values["district"] = district

    def _resolve_row(self, row, run, by_id, by_number, keys, by_name_phone) -> None:
        v = row.values
        if not row.ok:
            return
        business = None
        if v["id"] is not None:
            business = by_id.get(v["id"])
            if business is None:
                row.error("id", _("No business with ID %(id)s in this chamber.") % {"id": v["id"]})
                return
            row.match = _("ID")
        if business is None and v["corporate_number"]:
            business = by_number.get(v["corporate_number"])
            row.match = _("corporate number") if business else ""
        if business is None and v["external_id"] in keys:
            business = by_id.get(keys[v["external_id"]])
            row.match = _("external ID") if business else ""
        if business is None and v["phone"]:
            business = by_name_phone.get((normalise_name(v["name"]), phone_digits(v["phone"])))
            if business is not None and _identified_otherwise(v, business):
                # A row carrying its own ID or 法人番号 is another business, whatever
                # name and phone it shares (issue 11: identity comes before the heuristic).
                business = None
            if business is not None:
                row.match = _("name and phone")
                row.review(
                    "name",
                    _(
                        "Matched to the registered 「%(name)s」 (ID %(id)s) by name and phone; "
                        "it will be updated."
                    )
                    % {"name": business.name, "id": business.pk},
                )
        if (
            v["external_id"] in keys
            and business is not None
            and keys[v["external_id"]] != business.pk
        ):
            row.error(
                "external_id",
                _("External ID %(code)s already belongs to another business (ID %(id)s).")
                % {"code": v["external_id"], "id": keys[v["external_id"]]},
            )
            return
        if not self._first_in_file(row, run, business):
            return
        if business is None:
            self._prepare_create(row)
        else:
            self._prepare_update(row, business)

    def _first_in_file(self, row, run, business) -> bool:
        """The same business twice in one file is a mistake the user must settle."""
        seen = run.cache["seen"]
        v = row.values
        keys = []
        if business is not None:
            keys.append(("pk", business.pk))
        if v["corporate_number"]:
            keys.append(("cn", v["corporate_number"]))
        if v["external_id"]:
            keys.append(("ext", v["external_id"]))
        if v["phone"] and not keys:
            # Name and phone tell rows apart only when nothing stronger names the business.
            keys.append(("np", normalise_name(v["name"]), phone_digits(v["phone"])))
        for k in keys:
            if k in seen and seen[k] != row.number:
                row.error(
                    "name",
                    _("The same business is already on row %(row)s of this file.")
                    % {"row": seen[k]},
                )
                return False
        for k in keys:
            seen[k] = row.number
        return True

    def _prepare_create(self, row) -> None:
        v = row.values
        if not v["name_kana"]:
            row.error("name_kana", _("A new business needs its reading (フリガナ)."))
        if not v["industry"]:
            row.error("industry", _("A new business needs its industry (業種)."))
        row.action = Action.CREATE

    def _prepare_update(self, row, business: Business) -> None:
        before = snapshot(business, AUDITED_FIELDS)
        for name in self.FIELDS:
            value = row.values[name]
            if value is None or value == "":
                continue  # an empty cell never erases what is stored
            setattr(business, name, value)
        business.refresh_derived()
        changes = diff(business, before, snapshot(business, AUDITED_FIELDS))
        row.target = business
        row.extra["changes"] = changes
        row.action = Action.UPDATE if changes else Action.UNCHANGED

    def write(self, rows, run) -> None:
        org = run.organization
        now = timezone.now()
        created: list[tuple] = []
        updated: list[Business] = []
        for row in rows:
            if row.action == Action.CREATE:
                values = {n: row.values[n] for n in self.FIELDS}
                values["is_member"] = bool(values["is_member"])
                values["district"] = values["district"] or None
                business = Business(organization=org, **values)
                business.refresh_derived()
                created.append((row, business))
            elif row.action == Action.UPDATE:
                row.target.updated_at = now
                updated.append(row.target)
        Business.objects.bulk_create([b for _row, b in created])
        if updated:
            fields = [
                *self.FIELDS,
                "is_small",
                "is_sme",
                "search_key",
                "name_normalised",
                "phone_digits",
                "updated_at",
                # A form opened before the import must not overwrite it (core/versioning.py).
                *bump_versions(updated),
            ]
            Business.objects.bulk_update(updated, fields)
        entries = []
        for _row, business in created:
            changes = diff(business, {}, snapshot(business, AUDITED_FIELDS))
            entries.append(_entry(business, "businesses.business.created", run, changes))
        for row in rows:
            if row.action == Action.UPDATE:
                entries.append(
                    _entry(row.target, "businesses.business.updated", run, row.extra["changes"])
                )
        AuditEntry.objects.bulk_create(entries)
        keys = [
            ExternalKey(
                organization=org,
                target=TARGET,
                key=row.values["external_id"],
                object_id=(business.pk),
                job=run.job,
            )
            for row, business in [*created, *((r, r.target) for r in rows if r.target is not None)]
            if row.values["external_id"]
        ]
        ExternalKey.objects.bulk_create(keys, ignore_conflicts=True)


def _entry(business: Business, action: str, run, changes: dict) -> AuditEntry:
    return unsaved_entry(business, action, run.actor, changes)


def _identified_otherwise(v: dict, business) -> bool:
    """Whether the row's own ID or 法人番号 says it is not `business`."""
    if v["id"] is not None and v["id"] != business.pk:
        return True
    return bool(v["corporate_number"] and business.corporate_number) and (
        v["corporate_number"] != business.corporate_number
    )
