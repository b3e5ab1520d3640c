"""Finding the business and the staff member a row names, a batch at a time (no query per row).

A row may name its business by bansou's ID, by 法人番号, by the code another system gave it
(stored as an ExternalKey when the businesses were imported), or by name (with the phone
number when two businesses share a name). The first identifier that finds a business wins.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bansou.accounts.models import User
from bansou.businesses.models import Business
from bansou.lib.text import nfkc, normalise_name, phone_digits

from . import cleaners
from .models import ExternalKey
from .registry import Column

BUSINESS_TARGET = "businesses.business"
# What a record needs of its business: capture_business_facts() reads the district's territory.
BUSINESS_FIELDS = (
    "id",
    "organization_id",
    "name",
    "corporate_number",
    "name_normalised",
    "phone_digits",
    "district_id",
    "is_small",
    "district__in_territory",
    "district__in_territory_from",
    "district__in_territory_to",
)

CACHE_LIMIT = 50_000
# A register of at most this many businesses is loaded whole before a large import reads its
# file (preload_register), so that the rows can be resolved where the file is read.
PRELOAD_LIMIT = 20_000
BUSINESS_REFERENCE_FIELDS = (
    "business_id",
    "business_corporate_number",
    "business_code",
    "business_name",
    "business_phone",
)


def business_columns() -> tuple[Column, ...]:
    """The columns by which a row names its business (at least one must be mapped)."""
    return (
        Column(
            "business_id",
            gettext_lazy("business ID"),
            aliases=("事業者ID", "事業所ID", "business_id"),
            clean=cleaners.integer,
            display=cleaners.identifier_display,
        ),
        Column(
            "business_corporate_number",
            gettext_lazy("corporate number"),
            aliases=("法人番号", "事業者法人番号"),
            clean=cleaners.corporate_number,
            empty="",
        ),
        Column(
            "business_code",
            gettext_lazy("business code"),
            aliases=(
                "事業者コード",
                "顧客コード",
                "顧客番号",
                "会員番号",
                "事業所コード",
                "管理番号",
            ),
            clean=cleaners.code,
            empty="",
        ),
        Column(
            "business_name",
            gettext_lazy("business name"),
            aliases=(
                "事業者名",
                "事業者",  # the header of bansou's support-record export
                "business",
                "事業所名",
                "企業名",
                "会社名",
                "屋号",
                "名称",
                "商号",
                "社名",
            ),
            clean=cleaners.limited_text(200),
            empty="",
        ),
        Column(
            "business_phone",
            gettext_lazy("business phone"),
            aliases=("電話番号", "電話", "TEL", "事業者電話番号"),
            clean=cleaners.phone,
            empty="",
        ),
    )


def business_mapping_problems(mapped: set[str]) -> list[str]:
    if mapped.isdisjoint(
        {"business_id", "business_corporate_number", "business_code", "business_name"}
    ):
        return [
            _(
                "Choose a column that names the business: business ID, corporate number, "
                "business code or business name."
            )
        ]
    return []


def _businesses(organization_id: int, **lookup) -> list[Business]:
    return list(
        Business.objects.filter(organization=organization_id, **lookup)
        .select_related("district")
        .only(*BUSINESS_FIELDS)
    )


def _lookup_cache(run) -> dict[str, dict]:
    """Businesses found so far in this run, by each identifier (None: known to be absent).

        A file names the same businesses again and again; remembering them across batches saves
        the queries. The register, not the file, bounds its size (and CACHE_LIMIT caps it, but
    for a register loaded whole: preload_register).
    """
    cache = run.cache.get("businesses")
    if cache is None or (
        not register_loaded(run) and sum(len(part) for part in cache.values()) > CACHE_LIMIT
    ):
        cache = run.cache["businesses"] = {"id": {}, "cn": {}, "code": {}, "name": {}}
    return cache


def preload_register(run, *, limit: int | None = None) -> bool:
    """Load the chamber's whole register and staff into run.cache, if it has at most `limit`
    businesses (default PRELOAD_LIMIT); True if it did.

    resolve_businesses and resolve_staff then answer every row without a query (an
    identifier the register lacks is known to be absent), so they may run where a large
    file is read (readahead.py: the reading process inherits run.cache from begin()). The
    register, not the file, bounds the memory this takes.
    """
    org = run.organization.pk
    limit = PRELOAD_LIMIT if limit is None else limit
    if Business.objects.filter(organization=org).count() > limit:
        return False
    cache = run.cache["businesses"] = {"id": {}, "cn": {}, "code": {}, "name": {}}
    for business in _businesses(org):
        cache["id"][business.pk] = business
        if business.corporate_number:
            cache["cn"][business.corporate_number] = business
        if business.name_normalised:
            cache["name"].setdefault(business.name_normalised, []).append(business)
    cache["code"].update(
        ExternalKey.objects.filter(organization=org, target=BUSINESS_TARGET).values_list(
            "key", "object_id"
        )
    )
    run.cache["staff"] = StaffDirectory(org)
    run.cache["register_loaded"] = True
    return True


def register_loaded(run) -> bool:
    """Whether preload_register loaded the register for this run."""
    return run.cache.get("register_loaded", False)


def _load(cache: dict, org: int, ids: set, numbers: set, codes: set, names: set) -> None:
    ids = ids - cache["id"].keys()
    numbers = numbers - cache["cn"].keys()
    codes = codes - cache["code"].keys()
    names = names - cache["name"].keys()
    if codes:
        found = dict(
            ExternalKey.objects.filter(
                organization=org, target=BUSINESS_TARGET, key__in=codes
            ).values_list("key", "object_id")
        )
        cache["code"].update({code: found.get(code) for code in codes})
        ids |= {pk for pk in found.values() if pk not in cache["id"]}
    if ids:
        found = {b.pk: b for b in _businesses(org, pk__in=ids)}
        cache["id"].update({pk: found.get(pk) for pk in ids})
    if numbers:
        found = {b.corporate_number: b for b in _businesses(org, corporate_number__in=numbers)}
        cache["cn"].update({n: found.get(n) for n in numbers})
    if names:
        by_name: dict[str, list[Business]] = {name: [] for name in names}
        for b in _businesses(org, name_normalised__in=names):
            by_name[b.name_normalised].append(b)
        cache["name"].update(by_name)


def resolve_businesses(rows, run, *, required: bool = True) -> None:
    """Set row.extra["business"] for each row, or give the row an error (one batch).

    Only the mapped identifiers are read (a file that names its businesses by 法人番号 costs
    one dictionary lookup a row)."""
    cache = _lookup_cache(run)
    mapped = [name for name in BUSINESS_REFERENCE_FIELDS if run.is_mapped(name)]

    def given(name: str) -> set:
        if name not in mapped:
            return set()
        return {r.values.get(name) for r in rows} - {"", None}

    if not register_loaded(run):
        _load(
            cache,
            run.organization.pk,
            given("business_id"),
            given("business_corporate_number"),
            given("business_code"),
            {normalise_name(name) for name in given("business_name")} - {""},
        )
    by_id, by_number, by_code = cache["id"], cache["cn"], cache["code"]
    by_key = {
        "business_id": by_id,
        "business_corporate_number": by_number,
        "business_code": by_code,
    }
    identifiers = [name for name in mapped if name in by_key]
    by_name = "business_name" in mapped
    for row in rows:
        v = row.values
        business = None
        for name in identifiers:
            key = v.get(name)
            if key is not None and key != "":
                business = by_key[name].get(key)
                if name == "business_code":
                    business = by_id.get(business)
                if business is not None:
                    break
        if business is None and by_name and v.get("business_name"):
            business = _by_name(row, cache["name"], run)
            if business is False:
                continue  # _by_name gave the row its error
        if business is None:
            if required or any(v.get(f) for f in mapped):
                row.error(_first_given(row), _business_not_found(row))
            continue
        row.extra["business"] = business


def _by_name(row, by_name, run):
    candidates = by_name.get(normalise_name(row.values["business_name"]), [])
    phone = row.values.get("business_phone")
    if phone and candidates:
        digits = phone_digits(phone)
        with_phone = [b for b in candidates if b.phone_digits == digits]
        if not with_phone:
            row.error(
                "business_phone",
                _("A business named 「%(name)s」 exists, but with another phone number.")
                % {"name": row.values["business_name"]},
            )
            return False
        candidates = with_phone
    if len(candidates) > 1:
        # The name key drops 株式会社 and spaces, so (株)川口 and 川口 share it: a name written
        # exactly as one business's settles it, and the message counts only exact namesakes.
        written = _exact_name(row.values["business_name"])
        exact = [b for b in candidates if _exact_name(b.name) == written]
        if len(exact) == 1:
            return exact[0]
        if exact:
            message = _(
                "%(count)s businesses are named 「%(name)s」. Add the corporate number, the "
                "business ID or the phone number to tell them apart."
            )
            count = len(exact)
        else:
            message = _(
                "No business is named exactly 「%(name)s」, and %(count)s have names that "
                "differ from it only in the legal form or spaces. Write the name exactly as "
                "registered, or add the corporate number, the business ID or the phone number."
            )
            count = len(candidates)
        row.error("business_name", message % {"count": count, "name": row.values["business_name"]})
        return False
    return candidates[0] if candidates else None


def _exact_name(text: str) -> str:
    # Full-width letters, digits and spaces are how Excel users type, not another name.
    return "".join(nfkc(text).split())


def _first_given(row) -> str:
    for field_name in BUSINESS_REFERENCE_FIELDS:
        if row.values.get(field_name) not in (None, ""):
            return field_name
    return "business_name"


def _business_not_found(row) -> str:
    v = row.values
    given = [
        str(v[f])
        for f in BUSINESS_REFERENCE_FIELDS
        if v.get(f) not in (None, "") and f != "business_phone"
    ]
    if not given:
        return _("Name the business: the cell is empty.")
    return _(
        "No business %(given)s is registered. Register it first (or import the businesses)."
    ) % {"given": " / ".join(given)}


# --- staff --------------------------------------------------------------------------------


def staff_column() -> Column:
    return Column(
        "staff",
        gettext_lazy("staff in charge"),
        aliases=("担当者", "担当", "担当職員", "経営指導員", "対応者", "記録者", "staff"),
        clean=cleaners.limited_text(150),
        empty="",
    )


FOUND_ENTRIES = 4096  # names remembered per run: bounded, whatever the file holds


class StaffDirectory:
    """The chamber's users by username and by display name (loaded once per run)."""

    def __init__(self, organization_id: int) -> None:
        self.by_key: dict[str, int | None] = {}
        self._found: dict[str, tuple] = {}
        users = User.objects.filter(organization=organization_id, is_active=True).only(
            "id", "username", "display_name", "first_name", "last_name"
        )
        names: dict[str, set[int]] = defaultdict(set)
        for user in users:
            self.by_key[cleaners.key(user.username)] = user.pk
            for name in (user.display_name, f"{user.last_name}{user.first_name}"):
                if name.strip():
                    names[cleaners.key(name)].add(user.pk)
        for name, pks in names.items():
            # A display name two people share identifies neither (None marks it ambiguous).
            self.by_key.setdefault(name, next(iter(pks)) if len(pks) == 1 else None)

    def find(self, text: str) -> int | None:
        """The user's id; raises CellError when unknown or ambiguous."""
        # The same few names fill the whole column: each is looked up once.
        found = self._found.get(text)
        if found is None:
            try:
                found = (True, self._find(text))
            except cleaners.CellError as exc:
                found = (False, exc)
            if len(self._found) < FOUND_ENTRIES:
                self._found[text] = found
        if found[0]:
            return found[1]
        raise found[1]

    def _find(self, text: str) -> int | None:
        k = cleaners.key(text)
        if k not in self.by_key:
            raise cleaners.CellError(
                _("No user 「%(name)s」 in this chamber (give the username or display name).")
                % {"name": text}
            )
        pk = self.by_key[k]
        if pk is None:
            raise cleaners.CellError(
                _("Several users are called 「%(name)s」: give the username.") % {"name": text}
            )
        return pk


def resolve_staff(rows, run, *, field_name: str = "staff", required: bool = True) -> None:
    """row.extra["staff_id"]: the named user, else the person importing; else an error
    (or, when not `required`, None)."""
    directory = run.cache.get("staff")
    if directory is None:
        directory = run.cache["staff"] = StaffDirectory(run.organization.pk)
    default = run.actor.pk if run.actor is not None else None
    for row in rows:
        name = row.values.get(field_name)
        if name:
            try:
                row.extra["staff_id"] = directory.find(name)
            except cleaners.CellError as exc:
                row.error(field_name, exc.message)
        elif default is not None or not required:
            row.extra["staff_id"] = default
        else:
            row.error(field_name, _("Name the staff member in charge."))
