"""One way to show each kind of value, used everywhere: amounts, counts, 和暦 dates, 年度."""

import re
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse

from bansou.core.fields import JapaneseDateField
from bansou.lib.formatting import amount, count, time_of_day, wareki_date, wareki_datetime
from bansou.testing import login

ROOT = Path(__file__).resolve().parents[2]
TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1000, "1,000"), (-1000, "▲1,000"), (0, "0"), (None, "—"), (Decimal("-1234.5"), "▲1,234")],
)
def test_amount(value, expected):
    assert amount(value) == expected


def test_amount_with_digits():
    assert amount(Decimal("-1234.5"), 1) == "▲1,234.5"


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (15000, "件", "15,000件"),
        (1068, "", "1,068"),
        (None, "件", "—"),
        (Decimal("2.50"), "", "2.5"),
    ],
)
def test_count(value, unit, expected):
    assert count(value, unit) == expected


def test_dates_and_times_are_wareki():
    assert wareki_date(date(2024, 4, 1)) == "令和6年4月1日"
    moment = datetime(2025, 3, 31, 15, 5, tzinfo=ZoneInfo("UTC"))
    assert wareki_datetime(moment) == "令和7年4月1日 00:05"
    assert wareki_date(None) == ""
    assert time_of_day(time(7, 5)) == "07:05" and time_of_day(None) == ""


def test_filters():
    rendered = Template(
        "{{ a|amount }} {{ n|count:'件' }} {{ d|wareki }} {{ fy|fiscal_year }}"
    ).render(Context({"a": -1000, "n": 15000, "d": date(2024, 4, 1), "fy": 2024}))
    assert rendered == "▲1,000 15,000件 令和6年4月1日 令和6年度"


class _DateForm(forms.Form):
    on = JapaneseDateField()


def test_a_date_field_shows_its_initial_date_in_wareki():
    assert 'value="令和6年4月1日"' in str(_DateForm(initial={"on": date(2024, 4, 1)})["on"])


def test_a_date_past_its_era_names_the_last_day_on_a_form():
    form = _DateForm({"on": "平成31年5月1日"})
    assert not form.is_valid()
    assert "平成31年4月30日まで" in str(form.errors["on"])


@pytest.mark.django_db
def test_an_edit_form_shows_the_stored_date_in_wareki(advisor_a, business_a):
    business_a.founded_on = date(1998, 6, 1)
    business_a.save()
    page = login(advisor_a).get(reverse("businesses:edit", args=[business_a.pk])).content.decode()
    assert 'value="平成10年6月1日"' in page
    assert not re.search(r'value="\d{4}-\d{2}-\d{2}"', page)


@pytest.mark.django_db
def test_a_loss_shows_with_the_triangle_on_the_follow_up_report(advisor_a, business_a):
    from bansou.business_plans.tests.factories import make_analysis, make_completed_plan
    from bansou.followups import services

    analysis = make_analysis(business_a, advisor_a, analysed_on=date(2024, 5, 10))
    plan = make_completed_plan(
        business_a, advisor_a, analysis=analysis, completed_on=date(2024, 9, 30)
    )
    report = services.record_report(
        plan,
        reported_on=date(2025, 3, 31),
        sales=10_500,
        profit=-1_000,
        wants_support=True,
        period_fiscal_year=2024,
        actor=advisor_a,
    )
    page = login(advisor_a).get(reverse("followups:report_detail", args=[report.pk])).content
    assert "▲1,000" in page.decode() and "-1,000" not in page.decode()


# --- no ad-hoc formatting left in templates ----------------------------------------------------

TEMPLATES = sorted(ROOT.glob("*/templates/**/*.html"))
# Patterns that format a value by hand: each kind has its filter (amount, count, wareki,
# fiscal_year). `date:'c'` (machine-readable datetime attributes) stays allowed.
AD_HOC = [
    (re.compile(r"\|intcomma"), "|amount or |count"),
    (re.compile(r"\|date:(?!['\"]c['\"])"), "|wareki"),
    (re.compile(r"\|time:"), "|wareki"),
    # A plural's counter printed raw (15000 件): print `with shown=n|count` instead.
    (
        re.compile(
            r"\{% blocktranslate count counter=[^%]*%\}(?:(?!\{% endblocktranslate).)*"
            r"\{\{ counter \}\}",
            re.S,
        ),
        "with shown=…|count",
    ),
]


def test_templates_format_values_through_the_helpers():
    found = [
        (str(path.relative_to(ROOT)), pattern.pattern, use)
        for path in TEMPLATES
        for pattern, use in AD_HOC
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert not found, found


def test_download_names_use_era_fiscal_years():
    python = sorted(ROOT.glob("**/*.py"))
    found = [
        str(path.relative_to(ROOT))
        for path in python
        if "tests" not in path.parts
        and re.search(r"filename.*\{[^}]*fiscal_year\}年度", path.read_text(encoding="utf-8"))
    ]
    assert not found


def test_the_grade_legend_names_every_bound():
    from django.utils import translation

    from bansou.evaluation.engine.grading import kawaguchi_scale
    from bansou.evaluation.templatetags.evaluation import computed_at, grade_legend

    with translation.override("ja"):
        legend = grade_legend(kawaguchi_scale().to_list())
    assert legend == "A 100%以上、B 80%以上、C 50%以上、D 30%以上、E 30%未満"
    assert computed_at("2025-06-10T10:30:00+09:00") == "令和7年6月10日 10:30"
