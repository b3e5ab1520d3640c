"""Rules: parsed from plan data, refused with a clear message, compiled to Q."""

import pytest
from django.db.models import Q
from django.utils import translation

from bansou.evaluation.engine.kinds import KINDS
from bansou.evaluation.engine.rules import RuleError, compile_where, parse_rule

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The fragments below are the English msgids."""
    with translation.override("en"):
        yield


MOTIVATION = {
    "count": "distinct_businesses",
    "of": "motivation_check",
    "where": {"channel": "visit"},
    "exclude": [{"name": "鳩ヶ谷地区", "where": {"district": "鳩ヶ谷"}}],
}


def test_a_rule_round_trips_through_plan_data():
    rule = parse_rule(MOTIVATION)
    assert rule.kind is KINDS["motivation_check"]
    assert rule.exclusions[0].name == "鳩ヶ谷地区"
    assert rule.to_data() == MOTIVATION


def test_any_is_an_or():
    rule = parse_rule(
        {
            "count": "records",
            "of": "analysis",
            "exclude": [
                {"name": "x", "where": {"any": [{"in_territory": False}, {"is_small__ne": True}]}}
            ],
        }
    )
    q = compile_where(rule.exclusions[0].where, rule.kind)
    assert q == Q() & (Q(in_territory__exact=False) | ~Q(is_small__exact=True))


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"count": "records", "of": "visits"}, "Unknown record kind 'visits'"),
        ({"count": "records", "of": "support_record", "where": {"colour": "red"}},
         "Unknown field 'colour'"),
        ({"count": "everything", "of": "support_record"}, "count must be"),
        ({"count": "sum:channel", "of": "support_record"}, "cannot be summed"),
        ({"count": "records", "of": "support_record", "where": {"channel__like": "v"}},
         "Unknown comparison"),
        ({"count": "records", "of": "analysis", "where": {"in_territory": "yes"}},
         "not a valid value"),
        ({"count": "records", "of": "support_record", "where": {"channel": "telepathy"}},
         "telepathy"),
        ({"count": "records", "of": "business_plan", "where": {"kind__in": []}},
         "non-empty list"),
        ({"count": "records", "of": "analysis", "exclude": [{"name": "x"}]}, "no condition"),
        ({"count": "records", "of": "analysis", "colour": 1}, "Unknown key"),
        ({"count": "records", "of": "analysis", "where": {"is_small__gte": True}},
         "cannot be compared"),
    ],
)  # fmt: skip
def test_bad_rules_are_refused(data, fragment):
    with pytest.raises(RuleError, match=fragment):
        parse_rule(data)
