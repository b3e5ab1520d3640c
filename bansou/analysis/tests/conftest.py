"""Fixtures of the analysis tests: an analysis of chamber A's business with two periods."""

import pytest

from .factories import make_analysis


@pytest.fixture
def analysis_a(business_a, advisor_a):
    return make_analysis(
        business_a,
        advisor_a,
        strengths="鋳造の技術力",
        weaknesses="営業人員の不足",
        opportunities="EV部品の需要",
        threats="原材料価格の上昇",
        strategy_so="技術力を活かしEV部品に参入",
        advisor_comment="固定費の見直しで損益分岐点比率の改善を図りましょう。",
    )
