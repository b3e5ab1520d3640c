"""`voucher_usage`: the issuer's e-voucher usage file, one row per use at a member store.

Columns: the store (加盟店コード — the code the register keeps for it as an external key —,
店舗名 / 事業者名 or 法人番号), 利用日, 利用金額, 性別, 年齢層, 居住区域, 職業 and, when the
issuer gives one, 取引ID. CP932 or UTF-8 CSV and xlsx (dataio reads them), full-width digits.

The store must be a member store: a business with a participation in a programme of kind
`voucher` (bansou/programmes) that is not withdrawn. Re-importing a file changes nothing: a
row is found again by its transaction ID, or without one by a digest of its store and values
and how often the same values came before it in the file (the n-th identical use stays the
n-th). The same transaction ID twice in a file is refused.

Speed (benchmarks/voucher_import.py): the register and the member stores are loaded once
(begin), the stores are found and the keys computed where the file is read (a second process
for a large file), each batch asks the database once for the keys it already holds, and new
rows are inserted many per statement (dataio.bulk) with the secondary indexes built at the end.
After the last row the stores' monthly voucher sales are fed to programmes.MonthlySales
(services.feed_monthly_sales), in the same transaction.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import replace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bansou.dataio import bulk, cleaners, lookups
from bansou.dataio.registry import Action, Column, ImportKind

from . import cleaners as voucher_cleaners
from . import services
from .models import AgeBand, Gender, VoucherUsage

STORE_ALIASES = {
    "business_code": ("加盟店コード", "加盟店番号", "店舗コード", "店舗番号"),
    "business_name": ("加盟店名", "店舗名", "加盟店"),
}
CONTENT = ("used_on", "amount", "gender", "age_band", "area", "occupation")
INSERT_FIELDS = ("organization", "business", "key", "month", *CONTENT)


def store_columns() -> tuple[Column, ...]:
    """dataio's business columns, also under the issuer's headers (加盟店コード, 店舗名)."""
    return tuple(
        replace(c, aliases=STORE_ALIASES[c.field] + c.aliases) if c.field in STORE_ALIASES else c
        for c in lookups.business_columns()
    )


def usage_key(business_id: int, values: dict, occurrence: int) -> str:
    """The row's identity: the transaction ID, else a digest of its values and occurrence."""
    if values["transaction_id"]:
        return "T:" + values["transaction_id"]
    text = "|".join(
        (str(business_id), values["used_on"].isoformat(), str(values["amount"]),
         values["gender"], str(values["age_band"]), values["area"], values["occupation"])
    )  # fmt: skip
    return f"H:{hashlib.blake2b(text.encode(), digest_size=12).hexdigest()}:{occurrence}"


class VoucherUsageImport(ImportKind):
    code = "voucher_usage"
    label = gettext_lazy("E-voucher usage")
    description = gettext_lazy(
        "The issuer's e-voucher usage data: store, day, amount and the user's gender, age band, "
        "area and occupation. The stores' monthly voucher sales feed the outcome 'monthly sales "
        "up 5 percent'."
    )
    list_url_name = "vouchers:stores"
    order = 46
    columns = (
        *store_columns(),
        Column(
            "used_on",
            gettext_lazy("day of use"),
            aliases=("利用日", "利用日時", "取引日", "取引日時", "決済日", "決済日時", "日付"),
            required=True,
            clean=voucher_cleaners.used_on,
        ),
        Column(
            "amount",
            gettext_lazy("amount used (yen)"),
            aliases=("利用金額", "利用額", "金額", "決済金額", "取引金額"),
            required=True,
            clean=voucher_cleaners.amount,
        ),
        Column(
            "gender",
            gettext_lazy("user's gender"),
            aliases=("性別", "利用者性別"),
            clean=voucher_cleaners.gender,
            empty=Gender.UNKNOWN,
            display=cleaners.choice_display(Gender.choices),
        ),
        Column(
            "age_band",
            gettext_lazy("user's age band"),
            aliases=("年齢層", "年代", "年齢", "利用者年代"),
            clean=voucher_cleaners.age_band,
            empty=AgeBand.UNKNOWN,
            display=cleaners.choice_display(AgeBand.choices),
        ),
        Column(
            "area",
            gettext_lazy("user's area of residence"),
            aliases=("居住区域", "居住地域", "居住地", "お住まいの地域", "地域"),
            clean=voucher_cleaners.area,
            empty="",
        ),
        Column(
            "occupation",
            gettext_lazy("user's occupation"),
            aliases=("職業", "利用者職業"),
            clean=voucher_cleaners.area,
            empty="",
        ),
        Column(
            "transaction_id",
            gettext_lazy("transaction ID"),
            aliases=("取引ID", "取引番号", "決済ID", "決済番号", "トランザクションID", "利用ID"),
            clean=voucher_cleaners.transaction_id,
            empty="",
        ),
    )

    def validate_mapping(self, mapped: set[str]) -> list[str]:
        return lookups.business_mapping_problems(mapped)

    # --- reading: no query ----------------------------------------------------------------

    def begin(self, run) -> None:
        lookups.preload_register(run)
        run.cache["members"] = services.member_store_ids(run.organization)
        run.cache["transactions"] = {}  # transaction ID → the first row giving it
        run.cache["occurrences"] = Counter()  # digest of a row without ID → rows so far
        # A chamber's first usage file finds nothing stored: no key is looked up (the file's
        # own repeats are told apart in prepare: transaction IDs, occurrences).
        run.cache["fresh"] = not VoucherUsage.objects.filter(organization=run.organization).exists()
        run.cache["touched"] = set()  # stores whose usage this import wrote
        run.cache["months"] = set()  # … and the months (the stored use's, for an update)

    def prepare(self, rows, run) -> None:
        seen = run.cache["transactions"]
        for row in rows:
            tid = row.values["transaction_id"]
            if tid:
                first = seen.setdefault(tid, row.number)
                if first != row.number:
                    row.error(
                        "transaction_id",
                        _("The transaction ID %(id)s is already on row %(row)s.")
                        % {"id": tid, "row": first},
                    )
        if lookups.register_loaded(run):
            self._identify([r for r in rows if r.ok], run)

    def _identify(self, rows, run) -> None:
        """Each row's member store and key (in file order: the occurrences count)."""
        lookups.resolve_businesses(rows, run)
        members, occurrences = run.cache["members"], run.cache["occurrences"]
        for row in rows:
            if not row.ok:
                continue
            business = row.extra.pop("business")
            if business.id not in members:
                row.error(
                    lookups._first_given(row),
                    _(
                        "「%(name)s」 is not a member store of the voucher: record its "
                        "participation in a voucher programme first."
                    )
                    % {"name": business.name},
                )
                continue
            occurrence = 0
            if not row.values["transaction_id"]:
                digest = usage_key(business.id, row.values, 0)
                occurrences[digest] += 1
                occurrence = occurrences[digest]
            row.extra["b"] = business.id
            row.extra["k"] = usage_key(business.id, row.values, occurrence)

    def shipped(self, row):
        return {name: row.values[name] for name in CONTENT}, row.extra

    # --- looking up and writing -----------------------------------------------------------

    def resolve(self, rows, run) -> None:
        self._identify([r for r in rows if r.ok and "k" not in r.extra], run)
        rows = [r for r in rows if r.ok]
        if not rows:
            return
        if run.cache["fresh"]:
            for row in rows:
                row.action = Action.CREATE
            return
        stored = {
            key: (pk, content)
            for key, pk, *content in VoucherUsage.objects.filter(
                organization=run.organization, key__in=[r.extra["k"] for r in rows]
            ).values_list("key", "pk", "business_id", *CONTENT)
        }
        for row in rows:
            found = stored.get(row.extra["k"])
            if found is None:
                row.action = Action.CREATE
                continue
            content = [row.extra["b"], *(row.values[name] for name in CONTENT)]
            if found[1] == content:
                row.action = Action.UNCHANGED
            else:
                row.action = Action.UPDATE
                # The stored use's pk, store and month: both months' sales change.
                row.target = (found[0], found[1][0], found[1][1].replace(day=1))

    def write(self, rows, run) -> None:
        cache, org_id = run.cache, run.organization.pk
        if "inserter" not in cache:
            cache["inserter"] = bulk.Inserter(VoucherUsage, INSERT_FIELDS)
            cache["deferred"] = bulk.DeferredIndexes(VoucherUsage, keep=("voucher_usage_key",))
        inserts, updates = [], []
        touched, months = cache["touched"], cache["months"]
        for row in rows:
            if row.action == Action.UNCHANGED:
                continue
            v, business_id = row.values, row.extra["b"]
            touched.add(business_id)
            month = v["used_on"].replace(day=1)
            months.add(month)
            if row.action == Action.CREATE:
                inserts.append(
                    (org_id, business_id, row.extra["k"], month,
                     *(v[name] for name in CONTENT))
                )  # fmt: skip
            else:
                touched.add(row.target[1])
                months.add(row.target[2])
                updates.append(
                    VoucherUsage(pk=row.target[0], business_id=business_id,
                                 month=month,
                                 **{name: v[name] for name in CONTENT})
                )  # fmt: skip
        cache["deferred"].writing(len(inserts), of=len(rows), expected=run.expected_rows)
        cache["inserter"].insert(inserts)
        if updates:
            VoucherUsage.objects.bulk_update(updates, ["business", "month", *CONTENT])

    def finish(self, run) -> None:
        deferred = run.cache.get("deferred")
        if deferred is not None:
            deferred.finish()
        if run.cache["touched"]:
            months = run.cache["months"]
            services.feed_monthly_sales(
                run.organization,
                run.cache["touched"],
                actor=run.actor,
                months=(min(months), max(months)),
            )
