"""The round's DI report: database aggregates, the JSON of survey_report, xlsx, query counts."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from bansou.businesses.models import Business
from bansou.surveys import di, report
from bansou.surveys.models import SurveyAnswer, SurveyResponse
from bansou.surveys.services import save_response
from bansou.testing import make_business

pytestmark = pytest.mark.django_db


def _answer(round_, business, **words):
    items = {i.name: i for i in round_.survey.items.all()}
    save_response(round_, business, {items[k]: items[k].side_of(v) for k, v in words.items()})


@pytest.fixture
def four(chamber_a, district_a, sme_round):
    shops = [
        make_business(
            chamber_a,
            district_a,
            name=f"商店{n}",
            name_kana=f"ショウテン{n}",
            industry=ind,
            corporate_number="",
        )  # fmt: skip
        for n, ind in enumerate(["E", "E", "I", "I"])
    ]
    _answer(sme_round, shops[0], 業況="好転", 従業員数="不足", 仕入単価="上昇")
    _answer(sme_round, shops[1], 業況="悪化", 従業員数="不足", 仕入単価="上昇")
    _answer(sme_round, shops[2], 業況="悪化", 従業員数="適正", 仕入単価="該当しない")
    _answer(sme_round, shops[3], 業況="不変", 従業員数="過剰", 仕入単価="低下")
    return sme_round


def test_dis_by_item_and_industry_follow_each_items_polarity(four):
    built = report.build(four)
    by = {r.item.name: r for r in built.items}
    assert built.respondents == 4
    conditions = by["業況"]
    assert (conditions.tally.plus, conditions.tally.minus, conditions.tally.valid) == (1, 2, 4)
    assert conditions.di == Decimal("-25.0")
    assert by["従業員数"].di == Decimal("-25.0")  # 過剰 1 − 不足 2 of 4
    # 該当しない leaves the base: 上昇 2 − 低下 1 of 3 valid = 33.3
    assert (by["仕入単価"].tally.valid, by["仕入単価"].di) == (3, Decimal("33.3"))
    assert by["業況"].by_industry["E"].di == Decimal("0.0")
    assert by["業況"].by_industry["I"].di == Decimal("-50.0")
    assert by["仕入単価"].by_industry["I"].valid == 1
    assert by["売上高"].di is None


def test_survey_report_json_has_the_documented_shape(four, chamber_a):
    out = StringIO()
    call_command("survey_report", "--org", chamber_a.slug, "--survey", "sme", "--period",
                 "2024Q2", "--format", "json", stdout=out)  # fmt: skip
    data = json.loads(out.getvalue())
    assert data["survey"]["code"] == "sme" and data["period"] == "2024Q2"
    assert data["respondents"] == 4
    first = data["items"][0]
    assert {"item", "positive", "neutral", "negative", "valid", "di", "by_industry"} <= set(first)
    assert first["item"] == "業況"
    assert (first["positive"], first["neutral"], first["negative"], first["valid"]) == (1, 1, 2, 4)
    assert first["di"] == -25.0 and first["di_text"] == "▲25.0"
    assert first["by_industry"] == {"E": {"di": 0.0, "valid": 2}, "I": {"di": -50.0, "valid": 2}}
    assert "経営課題" not in [i["item"] for i in data["items"]]  # free text has no DI


def test_survey_report_xlsx_and_pdf(four, chamber_a, tmp_path):
    target = tmp_path / "r.xlsx"
    args = ["--org", chamber_a.slug, "--survey", "sme", "--period", "2024Q2"]
    call_command(
        "survey_report", *args, "--format", "xlsx", "--output", str(target), stdout=StringIO()
    )
    sheet = load_workbook(target)["DI"]
    rows = list(sheet.iter_rows(values_only=True))
    line = next(r for r in rows if r and r[0] == "業況")
    assert line[2:] == (1, 1, 2, 0, 4, -25.0)
    assert sheet.cell(4, 8).number_format.startswith('0.0;"▲"')
    pdf = tmp_path / "r.pdf"
    call_command("survey_report", *args, "--format", "pdf", "--output", str(pdf), stdout=StringIO())
    assert pdf.read_bytes().startswith(b"%PDF")


def test_survey_report_refuses_a_bad_period(four, chamber_a):
    with pytest.raises(CommandError, match="YYYYQn"):
        call_command("survey_report", "--org", chamber_a.slug, "--survey", "sme", "--period",
                     "2024-05", stdout=StringIO())  # fmt: skip


def test_two_thousand_respondents_in_a_constant_number_of_queries(
    chamber_a, sme_round, django_assert_max_num_queries
):
    Business.objects.bulk_create(
        Business(
            organization=chamber_a,
            name=f"事業者{n}",
            name_kana=f"ジギョウシャ{n}",
            industry="EIMDR"[n % 5],
            employees=3,
        )  # fmt: skip
        for n in range(2000)
    )
    ids = list(Business.objects.filter(organization=chamber_a).values_list("pk", flat=True))
    SurveyResponse.objects.bulk_create(
        SurveyResponse(
            organization=chamber_a,
            round=sme_round,
            business_id=b,
            industry="EIMDR"[i % 5],
            channel="fax",
        )  # fmt: skip
        for i, b in enumerate(ids[:2000])
    )
    items = [i for i in sme_round.survey.items.all() if i.is_choice]
    sides = [di.PLUS, di.NEUTRAL, di.MINUS, di.NOT_APPLICABLE, di.NEUTRAL]
    SurveyAnswer.objects.bulk_create(
        (
            SurveyAnswer(response=r, item=item, side=sides[(r.pk + k) % 5])
            for r in SurveyResponse.objects.filter(round=sme_round)
            for k, item in enumerate(items)
        ),
        batch_size=5000,
    )
    with django_assert_max_num_queries(6):
        built = report.build(sme_round)
    assert built.respondents == 2000
    assert all(one.tally.valid + one.tally.not_applicable == 2000 for one in built.items)
    assert len(built.items) == len(items) == 9
