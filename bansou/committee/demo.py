"""The demo's FY2024 committee meeting, as the source document records it, closed and published."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from bansou.accounts.models import Role, User
from bansou.evaluation.models import DevelopmentPlan

from . import services
from .models import CommitteeMeeting, CommitteeMember, Opinion

# 評価委員会 of 令和7年7月15日 (seed: 開催日, 出席者, 主な意見), listed with positions and names
# as the published report lists them. One chair: the plan's committee is chaired by the
# 経営支援委員会（中小企業支援委員会）委員長 (別表1 §9, 評価委員会の構成), i.e. 小原.
MEMBERS = [
    ("田中", "中小企業支援委員会担当副会頭", False),
    ("小原", "中小企業支援委員会 委員長", True),
    ("隅内", "中小企業支援委員会 副委員長", False),
    ("小松", "中小企業支援委員会 副委員長", False),
    ("高倉", "連携士業団体代表", False),
    ("藤本", "金融・保険・士業部会長（金融機関支店長）", False),
    ("江原", "川口市 経済部長", False),
    ("伊藤", "川口商工会議所 専務理事", False),
    ("小野寺", "企業支援コーディネーター", False),
    ("大沢", "企業支援コーディネーター", False),
]
OPINIONS = [
    "実施していない事業については（現実と照らし）目標件数を除外した評価とする。",
    "今後は、本会議での評価を参考に、省力化やAI・DXをテーマとしたセミナー等、"
    "具体的な支援につながる項目の追加を検討すると良い。",
    "創業後に十分な収益が得られていない事業者の声を把握することが、今後の重要な課題である。",
]


def load_committee_demo(organization) -> CommitteeMeeting:
    lead = User.objects.get(organization=organization, role=Role.LEAD_ADVISOR)
    plan = DevelopmentPlan.objects.get(organization=organization)
    tokyo = ZoneInfo("Asia/Tokyo")
    meeting = services.create_meeting(
        CommitteeMeeting(
            organization=organization,
            plan=plan,
            fiscal_year=2024,
            held_at=datetime(2025, 7, 15, 11, 0, tzinfo=tokyo),
            ends_at=time(12, 15),
            venue="川口商工会議所会議室",
            secretariat="事務局6人（内、川口市経済部産業労働政策課1人）",
        ),
        actor=lead,
    )
    for order, (name, title, is_chair) in enumerate(MEMBERS):
        services.add_member(
            CommitteeMember(
                organization=organization,
                meeting=meeting,
                name=name,
                title=title,
                is_chair=is_chair,
                order=order,
            ),
            actor=lead,
        )
    for text in OPINIONS:
        services.add_opinion(
            Opinion(organization=organization, meeting=meeting, section_number=None, text=text),
            actor=lead,
        )
    services.close_meeting(meeting, actor=lead)
    return meeting
