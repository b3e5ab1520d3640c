"""A small development plan shaped like Kawaguchi's FY2024 report, built through the models."""

from datetime import date
from decimal import Decimal

from bansou.evaluation.models import (
    DevelopmentPlan,
    GradeBasis,
    ItemRole,
    ItemSource,
    ItemYear,
    ManualActual,
    PlanItem,
    PlanItemTarget,
    PlanSection,
    TargetKind,
)
from bansou.organizations.models import Department

FY = 2024


class PlanBuilder:
    def __init__(self, organization, user, code="kawaguchi-3"):
        self.organization = organization
        self.user = user
        self.plan = DevelopmentPlan.objects.create(
            organization=organization,
            code=code,
            title="第3期経営発達支援計画",
            starts_on=date(2023, 4, 1),
            ends_on=date(2025, 3, 31),
        )
        self.order = 0

    def department(self, name):
        return Department.objects.get_or_create(organization=self.organization, name=name)[0]

    def section(self, number, title, basis=GradeBasis.RATE, parent=None):
        return PlanSection.objects.create(
            organization=self.organization,
            plan=self.plan,
            parent=parent,
            key=f"s{parent.number if parent else ''}-{number}",
            number=number,
            title=title,
            grade_basis=basis,
        )

    def row(
        self,
        section,
        title,
        *,
        actual=None,
        target=None,
        unit="件",
        dept="経営支援課",
        kind=TargetKind.NUMBER,
        status="",
        reason="",
        remarks="",
        parent=None,
        survey="",
        **fields,
    ):
        self.order += 1
        item = PlanItem.objects.create(
            organization=self.organization,
            plan=self.plan,
            section=section,
            parent=parent,
            key=f"r{self.order}",
            order=self.order,
            title=title,
            unit=unit,
            department=self.department(dept),
            role=ItemRole.OUTCOME if parent else fields.pop("role", ItemRole.ACTIVITY),
            source=fields.pop("source", ItemSource.MANUAL),
            survey_item=survey,
            **fields,
        )
        PlanItemTarget.objects.create(
            organization=self.organization,
            item=item,
            fiscal_year=FY,
            kind=kind,
            value=Decimal(target) if kind == TargetKind.NUMBER else None,
        )
        if actual is not None:
            self.actual(item, actual)
        if status or remarks:
            ItemYear.objects.create(
                organization=self.organization,
                item=item,
                fiscal_year=FY,
                status=status,
                reason=reason,
                remarks=remarks,
            )
        return item

    def actual(self, item, value, on=date(2024, 9, 30)):
        return ManualActual.objects.create(
            organization=self.organization,
            item=item,
            fiscal_year=FY,
            recorded_on=on,
            value=Decimal(value),
            evidence="集計表",
            entered_by=self.user,
        )


def build_seed_plan(organization, user, code="kawaguchi-3") -> DevelopmentPlan:
    """Sections 1, 2, 3, 6 (three subsections) and 8 (qualitative) of the FY2024 report."""
    b = PlanBuilder(organization, user, code)
    s1 = b.section(1, "地域の経済動向調査に関すること")
    b.row(s1, "中小企業景況調査", actual=4, target=4, unit="回", dept="総合政策課", survey="A1")
    b.row(s1, "LOBO調査", actual=12, target=4, unit="回", dept="総合政策課", survey="A1")
    b.row(s1, "緊急アンケート調査", actual=10, unit="回", kind=TargetKind.AS_NEEDED, survey="A1")
    b.row(s1, "市内主要産業団体との情報交換会", actual=0, target=2, unit="回")
    s2 = b.section(2, "需要動向調査に関すること")
    b.row(
        s2,
        "クラウドファンディングでの調査対象事業者",
        target=5,
        dept="地域振興課",
        status=ItemYear.Status.NOT_CARRIED_OUT,
        reason="R6実施なし",
    )
    b.row(s2, "「MieNa」「RESAS」の各項目分析活用・掲載", actual=4, target=5, dept="総合政策課")
    s3 = b.section(3, "経営状況の分析に関すること")
    b.row(
        s3,
        "経営意欲確認件数",
        actual=1068,
        target=1000,
        survey="A2",
        remarks="巡回事業所数から鳩ヶ谷地区巡回845件を除く",
    )
    b.row(s3, "経営分析件数", actual=189, target=305, survey="A3")
    b.row(s3, "フォローコール及び巡回による調査の公表", actual=4, target=1, unit="回")
    s6 = b.section(6, "新たな需要の開拓に寄与する事業に関すること", GradeBasis.SUBSECTIONS)
    maker = b.section(1, "製造業者を対象とした販路開拓支援", parent=s6)
    fair = b.row(maker, "展示会出展事業者数", actual=15, target=12, dept="地域振興課")
    b.row(maker, "成約件数", actual=3, target=4, dept="地域振興課", parent=fair)
    b.row(maker, "ブランド認定制度年間認定者数", actual=15, target=5, dept="地域振興課")
    b.row(
        maker,
        "受発注商談会参加者延数",
        target=5,
        dept="地域振興課",
        status=ItemYear.Status.NOT_REPORTED,
    )
    shop = b.section(2, "商業者を対象とした販路開拓支援", parent=s6)
    b.row(shop, "元気かわぐち商品券加盟店舗数", actual=47, target=100, dept="総合政策課")
    b.row(shop, "専門家による店舗診断", actual=25, target=40, dept="総合政策課")
    every = b.section(3, "全業種を対象とした販路開拓支援", parent=s6)
    b.row(every, "動画配信支援事業者数", actual=51, target=4, dept="総務広報課")
    b.row(every, "SNSの活用支援数", actual=27, target=5, dept="総合政策課")
    s8 = b.section(8, "経営指導員等の支援能力の向上等に関すること", GradeBasis.QUALITATIVE)
    for title in ("小規模支援カンファレンスの実施", "経営支援の手引きの作成及びデータの共有化"):
        b.row(
            s8,
            title,
            kind=TargetKind.NONE,
            source=ItemSource.CARRIED_OUT,
            role=ItemRole.QUALITATIVE,
            qualitative_label="実施",
            status=ItemYear.Status.CARRIED_OUT,
        )
    return b.plan
