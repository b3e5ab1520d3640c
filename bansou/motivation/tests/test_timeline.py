"""The business page's timeline knows motivation checks."""

import pytest
from django.template.loader import render_to_string

from bansou.businesses.timeline import sources
from bansou.motivation.models import MotivationCheck

pytestmark = pytest.mark.django_db


def test_motivation_checks_are_a_timeline_kind(business_a, advisor_a, make_check):
    source = next(s for s in sources() if s.kind == "motivation_check")
    assert source.model is MotivationCheck and source.date_field == "checked_on"
    check = make_check(business_a, advisor_a, points=3, priority=True, priority_reason="理由あり")
    entry = MotivationCheck.objects.select_related(*source.select_related).get(pk=check.pk)
    html = render_to_string(source.template, {"entry": entry, "source": source})
    assert f"/motivation/{check.pk}/" in html
    assert "75.0%" in html and "ランクA" in html and "第1版" in html
