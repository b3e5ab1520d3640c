"""The surveys a chamber runs (plan §3 ①, ⑤), as the demo and a new chamber start them.

Items follow 中小企業景況調査 and LOBO (domain-facts §4): three answers each, DI = plus − minus.
仕入単価 (上昇 − 低下) and 従業員数 (過剰 − 不足, 今期の水準) print as their series do, with
`favourable_when_rising` False: a rising DI there is bad news.
"""

from __future__ import annotations

from .models import Basis, Cadence, ItemKind

# (name, plus, neutral, minus, basis, favourable_when_rising)
CONDITIONS = ("業況", "好転", "不変", "悪化", Basis.YEAR_ON_YEAR, True)
SALES = ("売上高", "増加", "不変", "減少", Basis.YEAR_ON_YEAR, True)
UNIT_PRICE = ("売上単価", "上昇", "不変", "低下", Basis.YEAR_ON_YEAR, True)
PURCHASE_PRICE = ("仕入単価", "上昇", "不変", "低下", Basis.YEAR_ON_YEAR, False)
COST_OF_SALES = ("売上原価", "増加", "不変", "減少", Basis.YEAR_ON_YEAR, False)
PROFIT = ("経常利益", "好転", "不変", "悪化", Basis.YEAR_ON_YEAR, True)
EMPLOYEES = ("従業員数", "過剰", "適正", "不足", Basis.LEVEL, False)
WAGES = ("賃金", "上昇", "不変", "低下", Basis.YEAR_ON_YEAR, True)
CASH_FLOW = ("資金繰り", "好転", "不変", "悪化", Basis.PERIOD_ON_PERIOD, True)
CAPEX = ("設備投資", "増加", "不変", "減少", Basis.YEAR_ON_YEAR, True)
LOBO_CONDITIONS = ("業況", "好転", "不変", "悪化", Basis.YEAR_ON_YEAR, True)
LOBO_SALES = ("売上", "増加", "不変", "減少", Basis.YEAR_ON_YEAR, True)
LOBO_PROFIT = ("採算", "好転", "不変", "悪化", Basis.YEAR_ON_YEAR, True)
LOBO_EMPLOYEES = ("従業員", "過剰", "適正", "不足", Basis.LEVEL, False)
PRICE_PASS = ("価格転嫁", "進んだ", "変わらない", "進まない", Basis.PERIOD_ON_PERIOD, True)
ISSUES = "経営課題"  # free text

# code: (name, cadence, panel size, description, items)
SURVEYS = {
    "sme": (
        "中小企業景況調査",
        Cadence.QUARTERLY,
        45,
        "中小企業庁・中小企業基盤整備機構の調査（日本商工会議所が実施）。暦の四半期（1〜3月期…）ごと。",
        [CONDITIONS, SALES, UNIT_PRICE, PURCHASE_PRICE, PROFIT, EMPLOYEES, WAGES, CASH_FLOW, CAPEX],
    ),
    "lobo": (
        "LOBO調査",
        Cadence.MONTHLY,
        9,
        "日本商工会議所の早期景気観測（毎月、前年同月比）。",
        [LOBO_CONDITIONS, LOBO_SALES, LOBO_PROFIT, PURCHASE_PRICE, LOBO_EMPLOYEES],
    ),
    "closeup": (
        "クローズアップ市内景況調査",
        Cadence.QUARTERLY,
        400,
        "川口商工会議所のリアルタイム景況調査（四半期ごと、約400者）。",
        [CONDITIONS, SALES, PROFIT, CASH_FLOW, EMPLOYEES],
    ),
    "urgent": (
        "緊急アンケート",
        Cadence.AS_NEEDED,
        0,
        "資金繰り、DX化、円安・物価高の影響など、その時々の課題を随時調査する。",
        [CONDITIONS, CASH_FLOW, PURCHASE_PRICE, PRICE_PASS],
    ),
    "follow-call": (
        "フォローコール及び巡回による調査",
        Cadence.CONTINUOUS,
        2000,
        "職員及び外部委託業者のフォローコールと職員巡回によるヒアリング（年間約2,000者）。",
        [CONDITIONS, SALES, COST_OF_SALES, PROFIT, EMPLOYEES, WAGES, CASH_FLOW, CAPEX],
    ),
}


def create_surveys(organization):
    """The five surveys with their items (idempotent: existing codes are left alone)."""
    from .models import Survey, SurveyItem

    made = {}
    for order, (code, (name, cadence, size, description, items)) in enumerate(SURVEYS.items()):
        survey, created = Survey.objects.get_or_create(
            organization=organization,
            code=code,
            defaults={"name": name, "cadence": cadence, "panel_size": size,
                      "description": description, "sort_order": order},
        )  # fmt: skip
        if created:
            rows = [
                SurveyItem(organization=organization, survey=survey, name=n, plus_word=p,
                           neutral_word=z, minus_word=m, basis=b, favourable_when_rising=f,
                           sort_order=i)
                for i, (n, p, z, m, b, f) in enumerate(items)
            ]  # fmt: skip
            issues = SurveyItem(organization=organization, survey=survey, name=ISSUES,
                                kind=ItemKind.TEXT, sort_order=len(items))  # fmt: skip
            SurveyItem.objects.bulk_create([*rows, issues])
        made[code] = survey
    return made
