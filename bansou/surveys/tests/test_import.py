"""`bansou import survey_responses`: all or nothing, idempotent, clear messages."""

import pytest
from django.core.management import CommandError, call_command

from bansou.surveys.models import SurveyAnswer, SurveyResponse, SurveyRound
from bansou.testing import make_business

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(chamber_a, district_a):
    return make_business(chamber_a, district_a, name="川口鋳物株式会社", name_kana="カワグチイモノ",
                         industry="I", corporate_number="")  # fmt: skip


def run(path, *args):
    call_command("import", "survey_responses", str(path), "--org", "chamber-a", *args)


@pytest.fixture
def slug(chamber_a):
    return chamber_a.slug


def _import(path, org, survey="sme", period="2024Q2", *extra):
    call_command(
        "import", "survey_responses", str(path), "--org", org, "--survey", survey,
        "--period", period, *extra,
    )  # fmt: skip


ROWS = [
    ["事業者名", "法人番号", "業況", "売上高", "仕入単価", "従業員数", "経営課題", "コメント"],
    ["", "7000012050002", "好転", "減少", "上昇", "不足", "人手不足", "受注回復"],
    ["川口鋳物株式会社", "", "悪化", "該当しない", "上昇", "適正", "", ""],
]


def test_a_file_creates_the_round_and_answers_and_again_changes_nothing(
    write_file, surveys_a, business_a, second, slug
):
    path = write_file(ROWS)
    _import(path, slug)
    round_ = SurveyRound.objects.get(survey=surveys_a["sme"], period="2024Q2")
    assert SurveyResponse.objects.filter(round=round_).count() == 2
    sides = dict(
        SurveyAnswer.objects.filter(response__business=business_a).values_list("item__name", "side")
    )
    assert sides["業況"] == "plus" and sides["売上高"] == "minus" and sides["従業員数"] == "minus"
    assert (
        SurveyAnswer.objects.get(response__business=business_a, item__name="経営課題").text
        == "人手不足"
    )
    assert SurveyResponse.objects.get(business=business_a).comment == "受注回復"
    before = sorted(SurveyAnswer.objects.values_list("pk", "side", "text"))
    _import(path, slug)
    assert sorted(SurveyAnswer.objects.values_list("pk", "side", "text")) == before


def test_a_cp932_file_imports(write_file, surveys_a, business_a, second, slug):
    _import(write_file(ROWS, encoding="cp932"), slug)
    assert SurveyResponse.objects.count() == 2


def test_a_changed_answer_replaces_the_business_answers(
    write_file, surveys_a, business_a, second, slug
):
    _import(write_file(ROWS), slug)
    changed = [list(r) for r in ROWS]
    changed[1][2] = "不変"
    _import(write_file(changed), slug)
    answer = SurveyAnswer.objects.get(response__business=business_a, item__name="業況")
    assert answer.side == "neutral"
    assert SurveyResponse.objects.count() == 2


def _problems(write_file, rows, slug, capsys, **kw) -> str:
    with pytest.raises(CommandError) as caught:
        _import(write_file(rows), slug, **kw)
    return capsys.readouterr().out + str(caught.value)


def test_an_answer_outside_the_item_choices_writes_nothing(
    write_file, surveys_a, business_a, second, slug, capsys
):
    bad = [list(r) for r in ROWS]
    bad[2][2] = "良い"
    out = _problems(write_file, bad, slug, capsys)
    assert "3\t" in out and "「良い」" in out and "好転・不変・悪化" in out
    assert not SurveyResponse.objects.exists() and not SurveyRound.objects.exists()


def test_an_unknown_respondent_is_reported_with_its_row(
    write_file, surveys_a, business_a, slug, capsys
):
    out = _problems(write_file, ROWS, slug, capsys)
    assert "3\t" in out and "川口鋳物株式会社" in out
    assert not SurveyResponse.objects.exists()


def test_a_duplicate_respondent_is_refused(write_file, surveys_a, business_a, second, slug, capsys):
    rows = [*ROWS, ["株式会社青葉鋳工所", "", "好転", "", "", "", "", ""]]
    out = _problems(write_file, rows, slug, capsys)
    assert "4\t" in out and "2" in out
    assert not SurveyResponse.objects.exists()


def test_an_item_the_survey_lacks_is_refused(
    write_file, surveys_a, business_a, second, slug, capsys
):
    rows = [["法人番号", "業況", "売上原価"], ["7000012050002", "好転", "増加"]]
    out = _problems(write_file, rows, slug, capsys)
    assert "売上原価" in out
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize("period", ["2024-05", "2024Q7", "R6Q1"])
def test_a_period_in_the_wrong_format_is_refused(write_file, surveys_a, business_a, slug, period):
    with pytest.raises(CommandError) as caught:
        _import(write_file(ROWS), slug, "sme", period)
    assert "YYYYQn" in str(caught.value) or "YYYY-MM" in str(caught.value)
    assert not SurveyRound.objects.exists()


def test_an_unknown_survey_is_refused(write_file, surveys_a, slug):
    with pytest.raises(CommandError):
        _import(write_file(ROWS), slug, "nope")


def test_dry_run_writes_nothing(write_file, surveys_a, business_a, second, slug):
    _import(write_file(ROWS), slug, "sme", "2024Q2", "--dry-run")
    assert not SurveyRound.objects.exists() and not SurveyResponse.objects.exists()
