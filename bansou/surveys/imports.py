"""`bansou import survey_responses FILE --survey CODE --period PERIOD`: one row per respondent.

Columns: 事業者名 and/or 法人番号 (any of the register's identifiers), then one column per item
headed with the item's name (業況, 売上, 採算 …) holding the answer words (好転/不変/悪化,
該当しない) and optionally コメント. A business answers a round once: importing the same file
again finds every answer as stored and changes nothing; a changed answer replaces the
business's answers to that round. The round is created for the period when the chamber has
none yet. Respondents must be in the register: the rows naming an unknown business are
refused and listed, and the preview offers to create them with the import (as the history
imports do, `--create-missing-businesses`).

On the data page the survey and the period are chosen in the upload form (option_fields).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bansou.audit.models import AuditEntry
from bansou.audit.services import unsaved_entry
from bansou.businesses.models import Business
from bansou.core.errors import DomainError
from bansou.dataio import cleaners, lookups
from bansou.dataio.history import create_missing_businesses, offer_missing_businesses
from bansou.dataio.registry import Action, Column, ImportKind
from bansou.lib.text import nfkc

from .models import Channel, Survey, SurveyAnswer, SurveyItem, SurveyResponse, SurveyRound
from .periods import parse_period

# The item columns a file may carry: field → the names an item (and a header) goes by.
ITEM_NAMES: dict[str, tuple[str, ...]] = {
    "i_conditions": ("業況", "業況判断", "業況DI"),
    "i_sales": ("売上", "売上高", "売上額"),
    "i_unit_price": ("売上単価", "客単価", "売上単価・客単価"),
    "i_purchase_price": ("仕入単価", "原材料・商品仕入単価", "原材料仕入単価"),
    "i_cost_of_sales": ("売上原価",),
    "i_profit": ("採算", "経常利益", "採算（経常利益）"),
    "i_employees": ("従業員", "従業員数", "従業員数過不足"),
    "i_wages": ("賃金",),
    "i_cash_flow": ("資金繰り",),
    "i_capex": ("設備投資",),
    "i_price_pass": ("価格転嫁", "価格転嫁の状況"),
    "i_issues": ("経営課題", "経営上の問題点", "当面の課題"),
}
COMMENT = "comment"


def _answer_text(value) -> str:
    return cleaners.limited_text(2000)(value)


def item_field(item_name: str) -> str | None:
    name = nfkc(item_name).strip()
    for field_name, names in ITEM_NAMES.items():
        if name in names:
            return field_name
    return None


class SurveyResponsesImport(ImportKind):
    code = "survey_responses"
    label = gettext_lazy("Survey answers")
    description = gettext_lazy(
        "Answers to a business-conditions survey for one period: one row per business, one "
        "column per item with the answer words. Choose the survey and the period when "
        "uploading."
    )
    list_url_name = "surveys:list"
    order = 45
    options = {"survey": "the survey's code", "period": "YYYY-MM or YYYYQn"}
    columns = (
        *lookups.business_columns(),
        *(
            Column(field_name, names[0], aliases=names, clean=_answer_text, empty="")
            for field_name, names in ITEM_NAMES.items()
        ),
        Column(
            COMMENT,
            gettext_lazy("comment"),
            aliases=("コメント", "自由記述", "意見", "備考"),
            clean=_answer_text,
            empty="",
        ),
    )

    def option_fields(self, organization) -> dict:
        from django import forms

        surveys = []
        if organization is not None:
            surveys = list(
                Survey.objects.filter(organization=organization)
                .order_by("sort_order", "pk")
                .values_list("code", "name")
            )
        return {
            "survey": forms.ChoiceField(
                label=gettext_lazy("survey"), choices=[("", "—"), *surveys]
            ),
            "period": forms.CharField(
                label=gettext_lazy("period"),
                max_length=10,
                help_text=gettext_lazy("2024-05 for a month, 2024Q2 for a quarter"),
            ),
        }

    def validate_mapping(self, mapped: set[str]) -> list[str]:
        return lookups.business_mapping_problems(mapped)

    def _survey(self, organization, options: dict) -> tuple[Survey | None, list[str]]:
        code = (options.get("survey") or "").strip()
        if not code:
            return None, [_("Name the survey (--survey, e.g. sme or lobo).")]
        survey = Survey.objects.filter(organization=organization, code=code).first()
        if survey is None:
            return None, [_("The chamber has no survey with the code %(code)s.") % {"code": code}]
        try:
            parse_period(options.get("period") or "", survey.period_cadence)
        except DomainError as exc:
            return survey, [exc.message]
        return survey, []

    def check_options(self, organization, options: dict) -> list[str]:
        return self._survey(organization, options)[1]

    def begin(self, run) -> None:
        survey, problems = self._survey(run.organization, run.options)
        run.cache["problems"] = problems
        run.cache["seen"] = {}
        run.cache["missing"] = {}  # business name → first row naming it (bounded: register)
        if problems:
            return
        period = parse_period(run.options["period"], survey.period_cadence)
        run.cache["survey"] = survey
        run.cache["period"] = period
        run.cache["round"] = SurveyRound.objects.filter(survey=survey, period=period.code).first()
        items = {}
        for item in SurveyItem.objects.filter(survey=survey):
            field_name = item_field(item.name)
            if field_name is not None:
                items[field_name] = item
        run.cache["items"] = items
        lookups.preload_register(run)

    def resolve(self, rows, run) -> None:
        cache = run.cache
        if cache["problems"]:
            for row in rows:
                row.error("business_name", cache["problems"][0])
            return
        items: dict[str, SurveyItem] = cache["items"]
        unknown = [f for f in ITEM_NAMES if run.is_mapped(f) and f not in items]
        lookups.resolve_businesses(rows, run)
        self._offer_missing(rows, run)
        for row in rows:
            for f in unknown:
                if row.values.get(f):
                    row.error(
                        f,
                        _("The survey %(survey)s has no item %(item)s.")
                        % {"survey": cache["survey"].name, "item": ITEM_NAMES[f][0]},
                    )
        rows = [r for r in rows if r.ok]
        stored = self._stored(rows, run)
        seen = cache["seen"]
        for row in rows:
            business = row.extra.get("business")
            key = business.pk if business is not None else ("new", row.extra["new_business"])
            name = business.name if business is not None else row.extra["new_business"]
            if key in seen:
                row.error(
                    "business_name",
                    _("%(name)s already answers on row %(row)s: one row per business.")
                    % {"name": name, "row": seen[key]},
                )
                continue
            seen[key] = row.number
            answers = {}
            for field_name, item in items.items():
                if not run.is_mapped(field_name):
                    continue
                value = row.values.get(field_name) or ""
                if not item.is_choice:
                    if value.strip():
                        answers[item.pk] = ("", value.strip())
                    continue
                if value == "":
                    continue
                side = item.side_of(nfkc(value).strip())
                if side is None:
                    row.error(
                        field_name,
                        _(
                            "「%(value)s」 is not an answer of %(item)s: write %(words)s or "
                            "該当しない."
                        )
                        % {"value": value, "item": item.name, "words": "・".join(item.words)},
                    )
                    break
                answers[item.pk] = (side, "")
            if not row.ok:
                continue
            row.extra["answers"] = answers
            before = stored.get(business.pk) if business is not None else None
            comment = (row.values.get(COMMENT) or "").strip()
            if before is None:
                row.action = Action.CREATE
                row.match = _("new answer")
            elif before[1] == answers and (not run.is_mapped(COMMENT) or before[2] == comment):
                row.action = Action.UNCHANGED
                row.match = _("answered already")
            else:
                row.target = before[0]
                row.action = Action.UPDATE
                row.match = _("answered already")
            row.extra["comment"] = comment if run.is_mapped(COMMENT) else None

    def _offer_missing(self, rows, run) -> None:
        """Respondents not in the register: listed for the preview's offer to create them;
        each such row is an error unless the user agreed (then created in write())."""
        offer_missing_businesses(rows, run)
        missing = run.cache["missing"]
        for row in rows:
            name = row.extra.get("missing_name")
            if name is None:
                continue
            if len(missing) < lookups.CACHE_LIMIT:
                missing.setdefault(name, row.number)
            if not run.create_missing_businesses:
                row.errors.extend(row.extra["missing_errors"])

    def _stored(self, rows, run) -> dict:
        """{business id: (response, {item id: (side, text)}, comment)} of this round."""
        round_ = run.cache["round"]
        ids = [r.extra["business"].pk for r in rows if "business" in r.extra]
        if round_ is None or not ids:
            return {}
        responses = {
            r.business_id: r
            for r in SurveyResponse.objects.filter(round=round_, business_id__in=ids)
        }
        answers: dict[int, dict] = {bid: {} for bid in responses}
        by_response = {r.pk: r.business_id for r in responses.values()}
        for a in SurveyAnswer.objects.filter(response__in=list(responses.values())).values(
            "response_id", "item_id", "side", "text"
        ):
            answers[by_response[a["response_id"]]][a["item_id"]] = (a["side"], a["text"])
        return {bid: (resp, answers[bid], resp.comment) for bid, resp in responses.items()}

    def write(self, rows, run) -> None:
        cache = run.cache
        if cache["round"] is None:
            from .services import create_round

            cache["round"] = create_round(cache["survey"], cache["period"].code, actor=run.actor)
        round_ = cache["round"]
        changed = [r for r in rows if r.action in (Action.CREATE, Action.UPDATE)]
        if not changed:
            return
        create_missing_businesses(changed, run)
        updated = [r.target for r in changed if r.action == Action.UPDATE]
        SurveyAnswer.objects.filter(response__in=updated).delete()
        for row in changed:
            if row.action == Action.UPDATE and row.extra["comment"] is not None:
                row.target.comment = row.extra["comment"]
        if updated:
            SurveyResponse.objects.bulk_update(updated, ["comment", "channel"])
        fresh_rows = [row for row in changed if row.action == Action.CREATE]
        # The register's preload defers the industry: one query for the batch, not one a row.
        industries = dict(
            Business.objects.filter(
                pk__in=[row.extra["business"].pk for row in fresh_rows]
            ).values_list("pk", "industry")
        )
        created = [
            SurveyResponse(
                organization_id=round_.organization_id,
                round=round_,
                business_id=row.extra["business"].pk,
                industry=industries.get(row.extra["business"].pk) or "",
                channel=Channel.IMPORT,
                comment=row.extra["comment"] or "",
                entered_by=run.actor,
            )
            for row in fresh_rows
        ]
        SurveyResponse.objects.bulk_create(created)
        fresh = iter(created)
        answers = []
        entries = []
        for row in changed:
            response = row.target if row.action == Action.UPDATE else next(fresh)
            for item_id, (side, text) in row.extra["answers"].items():
                if side or text:
                    answers.append(
                        SurveyAnswer(response=response, item_id=item_id, side=side, text=text)
                    )
            action = (
                "surveys.response.updated"
                if row.action == Action.UPDATE
                else "surveys.response.created"
            )
            entries.append(unsaved_entry(response, action, run.actor, {"period": round_.period}))
        SurveyAnswer.objects.bulk_create(answers)
        AuditEntry.objects.bulk_create(entries)
