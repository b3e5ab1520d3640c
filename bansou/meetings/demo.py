"""FY2024 demo records behind the derived rows of sections 1②③, 3③, 7, 8 and 9.

The committee's FY2024 table printed: 市内金融機関との連絡会議 1 (September), 情報交換会 0,
かわぐち経済レポート 0, フォローコール調査の公表 4 (quarterly), 運営協議会 0, 連携推進会議 13,
評価委員会 1 (July: the FY2023 committee), 地域連携 3; section 8 and 9's qualitative rows carried
out. The records below give exactly those figures, plus records no row counts (a programme
briefing, the banks' joint staff training in May, the professional bodies' exchange in
February, survey results published on the website) and monthly coordinator meetings.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bansou.lib.eras import fiscal_year, fiscal_year_label
from bansou.lib.formatting import wareki_month

from .models import (
    Conference,
    GuidePage,
    GuideVersion,
    Meeting,
    MeetingKind,
    OjtPair,
    Publication,
    ReviewDecision,
    Training,
)

TOKYO = ZoneInfo("Asia/Tokyo")
FY = 2024
BANKS = ["埼玉りそな銀行", "武蔵野銀行", "埼玉縣信用金庫", "川口信用金庫", "青木信用金庫",
         "日本政策金融公庫", "商工組合中央金庫", "埼玉県信用保証協会"]  # fmt: skip
PROFESSIONALS = ["埼玉県中小企業診断協会", "埼玉県税理士会川口支部", "埼玉弁護士会",
                 "埼玉県社会保険労務士会", "埼玉県行政書士会", "埼玉司法書士会",
                 "日本弁理士会関東会"]  # fmt: skip
REGIONAL = ["さいたま商工会議所", "蕨商工会議所", "鳩ヶ谷商工会", "戸田市商工会"]
CITY = ["川口市経済部", "川口産業振興公社"]


def day_in(fiscal_month: int, day: int) -> date:
    """Day `day` of fiscal month 1 (April) … 12 (March) of FY2024."""
    year, month = divmod(2 + fiscal_month, 12)
    return date(FY + year, month + 1, day)


# (kind, title, fiscal month, day, participants, head count)
MEETINGS: list[tuple[str, str, int, int, list[str], int]] = [
    ("bank_liaison", "市内金融機関との連絡会議", 6, 12, BANKS, 14),
    ("evaluation_committee", "令和5年度 経営発達支援事業評価委員会", 4, 16, CITY, 12),
    *[("regional_liaison", "地域連携 定期連絡会議", m, 20, REGIONAL, 8) for m in (2, 6, 10)],
    # 連携推進会議: 13 in FY2024 (7 with the banks, 6 with the professional bodies).
    *[
        (
            "partner_banks" if i % 2 == 0 else "partner_professionals",
            "連携推進会議（金融機関）" if i % 2 == 0 else "連携推進会議（士業専門団体）",
            m,
            10 + i % 2 * 7,
            BANKS if i % 2 == 0 else PROFESSIONALS,
            10 + i % 4,
        )
        for i, m in enumerate((1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12))
    ],  # fmt: skip
    ("team_report", "チーム・かわビズ連携報告会", 11, 26, BANKS[:4] + PROFESSIONALS[:3], 35),
    *[("city_liaison", "川口市・川口産業振興公社 連携会議", m, 8, CITY, 6) for m in (3, 9)],
    # Not counted by any row: the joint staff training (May), the exchange (February), a briefing.
    ("bank_training", "金融機関合同職員研修会", 2, 22, BANKS, 41),
    ("professional_exchange", "士業専門団体交流会", 11, 14, PROFESSIONALS, 27),
    ("briefing", "経営発達支援事業 事業説明会", 3, 3, [], 52),
]
# (kind, title, subject, fiscal month, day)
PUBLICATIONS = [
    *[("followcall_result", f"フォローコール及び巡回による調査結果（{q}）", "フォローコール調査",
       m, 25) for q, m in (("4–6月", 3), ("7–9月", 6), ("10–12月", 9), ("1–3月", 12))],
    # The survey results (調査結果) are recorded by publishing their rounds (bansou/surveys).
    ("committee_report", "令和5年度 経営発達支援事業評価委員会報告", "評価委員会", 5, 1),
]  # fmt: skip
GUIDE = {
    "startup": [
        ("創業支援の手引き", "# 創業支援の手引き\n\n## 最初の面談\n\n- 事業の動機と経験を聴く\n- "
         "資金計画は **自己資金** から確認する\n", "初版"),
        ("創業支援の手引き", "# 創業支援の手引き\n\n## 最初の面談\n\n- 事業の動機と経験を聴く\n- "
         "資金計画は **自己資金** から確認する\n\n## 創業計画書\n\n1. 市場と顧客\n2. 収支計画\n"
         "3. 資金調達（日本政策金融公庫との連携）\n", "創業計画書の節を追加"),
    ],
    "succession": [
        ("事業承継支援の手引き", "# 事業承継支援の手引き\n\n- 後継者の有無を確認する\n- "
         "事業承継・引継ぎ支援センターへつなぐ\n", "初版"),
    ],
    "dx": [
        ("DX支援の手引き", "# DX支援の手引き\n\n- IT導入の目的を一つに絞る\n- "
         "ITコーディネーターの派遣を検討する\n", "初版"),
    ],
}  # fmt: skip


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TOKYO)


def create_meeting_records(organization, people) -> None:
    lead = people.lead
    advisors = list(people.advisors)
    org = organization.pk
    meetings = [
        Meeting(
            organization_id=org, kind=kind, title=title, held_on=day_in(m, d),
            fiscal_year=fiscal_year(day_in(m, d)), participants="\n".join(names),
            head_count=heads, agenda="1. 経営発達支援事業の進捗報告\n2. 意見交換",
            minutes="各機関より支援事例の共有があった。", created_by=lead,
        )
        for kind, title, m, d, names, heads in MEETINGS
    ]  # fmt: skip
    Meeting.objects.bulk_create(meetings)
    Publication.objects.bulk_create(
        Publication(
            organization_id=org, kind=kind, title=title, subject=subject, medium="website",
            published_on=day_in(m, d), fiscal_year=fiscal_year(day_in(m, d)),
        )
        for kind, title, subject, m, d in PUBLICATIONS
    )  # fmt: skip
    conferences = [
        Conference(organization_id=org, title=f"小規模支援カンファレンス（第{n}回）",
                   format="case_study" if n % 2 else "group_discussion",
                   held_on=day_in(m, 15), fiscal_year=fiscal_year(day_in(m, 15)),
                   summary="支援事例をもとに、課題の捉え方と支援対応方法を検討した。")
        for n, m in enumerate((3, 6, 9, 12), start=1)
    ]  # fmt: skip
    Conference.objects.bulk_create(conferences)
    for conference in conferences:
        conference.attendees.set(advisors[:6])
    training = Training.objects.create(
        organization_id=org, kind="dx_it", title="DX推進・IT活用研修（必須）",
        provider="埼玉県商工会議所連合会", held_on=day_in(5, 19), hours="6.0",
    )  # fmt: skip
    training.attendees.set(advisors)
    external = Training.objects.create(
        organization_id=org, kind="external", title="経営指導員研修（中小企業大学校）",
        provider="中小企業大学校", held_on=day_in(8, 5), hours="12.0",
    )  # fmt: skip
    external.attendees.set(advisors[:3])
    if len(advisors) >= 2:
        OjtPair.objects.create(
            organization_id=org, mentor=lead, trainee=advisors[-1], theme="startup",
            started_on=day_in(1, 8),
        )  # fmt: skip
    for position, (theme, versions) in enumerate(GUIDE.items()):
        page = GuidePage.objects.create(organization_id=org, theme=theme)
        for number, (title, body, note) in enumerate(versions, start=1):
            version = GuideVersion.objects.create(
                organization_id=org, page=page, number=number, title=title, body=body,
                note=note, saved_by=lead, saved_at=_at(day_in(2 + position * 3 + number, 12)),
            )  # fmt: skip
        page.current = version
        page.save(update_fields=["current"])
    _coordinator_meetings(organization, lead)


def _coordinator_meetings(organization, lead) -> None:
    """Monthly coordinator meetings of FY2024, each with the progress table of its month."""
    from .services import freeze_progress_pack

    for m in range(1, 13):
        held = day_in(m, 1) + timedelta(days=27)
        meeting = Meeting(
            organization=organization, kind=MeetingKind.COORDINATOR,
            title=f"コーディネーター会議（{held.month}月）", held_on=held,
            participants="経営支援課\n総合政策課\n地域振興課", head_count=9,
            agenda="1. 進捗表の確認\n2. 見直しが必要な項目", created_by=lead,
        )  # fmt: skip
        freeze_progress_pack(meeting)
        meeting.save()
        for row in (meeting.progress_pack or {}).get("rows", [])[:50]:
            if row.get("needs_review") and m in (6, 9):
                ReviewDecision.objects.create(
                    organization=organization, meeting=meeting, row_key=row["key"],
                    row_title=row["title"], change="巡回の重点地区を見直し、月次目標を再設定する",
                    responsible="経営支援課長", due_on=held + timedelta(days=30),
                )  # fmt: skip
                break


def delete_meeting_records(organizations) -> None:
    from .models import MeetingFile

    for model in (MeetingFile, ReviewDecision, Meeting, Publication, Conference, Training,
                  OjtPair):  # fmt: skip
        model.objects.filter(organization__in=organizations).delete()
    GuidePage.objects.filter(organization__in=organizations).update(current=None)
    GuideVersion.objects.filter(organization__in=organizations).delete()
    GuidePage.objects.filter(organization__in=organizations).delete()


# --- the living demo: every other fiscal year from FY2023 up to today ---------------------------

# (kind, title, fiscal months) of a usual year: the plan's rhythm (§9, §11, §3②).
RHYTHM = [
    ("steering", "運営協議会・担当委員会", (2, 4, 6, 8, 10, 12)),
    ("partner_banks", "連携推進会議（金融機関）", (3, 6, 9, 12)),
    ("partner_professionals", "連携推進会議（士業専門団体）", (3, 6, 9, 12)),
    ("bank_training", "金融機関合同職員研修会", (2,)),
    ("professional_exchange", "士業専門団体交流会", (11,)),
    ("briefing", "経営発達支援事業 事業説明会", (2,)),
    ("regional_liaison", "地域連携 定期連絡会議", (1, 3, 5, 7, 9, 11)),
    ("industry_exchange", "市内主要産業団体との情報交換会", (5, 11)),
    ("bank_liaison", "市内金融機関との連絡会議", (6, 12)),
    ("city_liaison", "川口市・川口産業振興公社 連携会議", (4, 10)),
    ("team_report", "チーム・かわビズ連携報告会", (11,)),
    ("evaluation_committee", "経営発達支援事業評価委員会", (4,)),
]
LIVING_PUBLICATIONS = [
    ("followcall_result", "フォローコール及び巡回による調査結果", "フォローコール調査", (12,)),
    ("economic_report", "かわぐち経済レポート", "川口経済研究所", (10,)),
    ("committee_report", "経営発達支援事業評価委員会報告", "評価委員会", (5,)),
]
PACKED_MONTHS = 3  # the latest coordinator meetings carry their frozen progress table


def _fiscal_day(fy: int, fiscal_month: int, day: int) -> date:
    year, month = divmod(2 + fiscal_month, 12)
    return date(fy + year, month + 1, day)


def create_living_records(organization, *, years, today: date, lead, advisors, rng) -> None:
    """Meetings, publications, conferences, trainings and guide revisions of every fiscal year
    of the living demo but FY2024 (reproduced from the report), up to `today`."""
    from bansou.lib.eras import fiscal_year_label

    meetings, publications, conferences, trainings = [], [], [], []
    coordinator_days = []
    for fy in years:
        if fy == FY:
            continue
        label = fiscal_year_label(fy)
        for kind, title, months in RHYTHM:
            for m in months:
                day = _fiscal_day(fy, m, rng.randint(5, 25))
                if day < today:
                    meetings.append(
                        Meeting(
                            organization=organization,
                            kind=kind,
                            title=f"{title}（{label}）",
                            held_on=day,
                            fiscal_year=fy,
                            participants="\n".join(BANKS[:3]),
                            head_count=rng.randint(6, 30),
                            created_by=lead,
                            agenda="1. 事業の進捗報告\n2. 意見交換",
                        )  # fmt: skip
                    )
        for m in range(1, 13):
            day = _fiscal_day(fy, m, 27)
            if day < today:
                coordinator_days.append(day)
        for kind, title, subject, months in LIVING_PUBLICATIONS:
            for m in months:
                day = _fiscal_day(fy, m, 25)
                if day < today:
                    publications.append(
                        Publication(organization=organization, kind=kind,
                                    title=f"{title}（{label}）", subject=subject,
                                    medium="website", published_on=day, fiscal_year=fy)
                    )  # fmt: skip
        for n, m in enumerate((3, 6, 9, 12), start=1):
            day = _fiscal_day(fy, m, 15)
            if day < today:
                conferences.append(
                    Conference(organization=organization,
                               title=f"小規模支援カンファレンス（{label}第{n}回）",
                               format="case_study", held_on=day, fiscal_year=fy,
                               summary="支援事例の検討")
                )  # fmt: skip
        day = _fiscal_day(fy, 5, 19)
        if day < today:
            trainings.append(
                Training(organization=organization, kind="dx_it",
                         title=f"DX推進・IT活用研修（{label}）", provider="埼玉県商工会議所連合会",
                         held_on=day, fiscal_year=fy, hours=6)
            )  # fmt: skip
    Meeting.objects.bulk_create(meetings)
    Publication.objects.bulk_create(publications)
    Conference.objects.bulk_create(conferences)
    Training.objects.bulk_create(trainings)
    for training in trainings:
        training.attendees.set(advisors)
    _living_guide(organization, years, today, lead)
    _living_coordinator_meetings(organization, coordinator_days, lead)


def _living_guide(organization, years, today, lead) -> None:
    """Each year after FY2024 revises one page of the guide (a new version)."""
    pages = {p.theme: p for p in GuidePage.objects.filter(organization=organization)}
    themes = ["startup", "succession", "dx", "sales_channels"]
    for index, fy in enumerate(y for y in years if y != FY):
        saved = _at(_fiscal_day(fy, 4, 10), 15)
        if saved.date() >= today:
            continue
        theme = themes[index % len(themes)]
        page = pages.get(theme) or GuidePage.objects.create(organization=organization, theme=theme)
        pages[theme] = page
        number = (page.versions.order_by("-number").values_list("number", flat=True).first()
                  or 0) + 1  # fmt: skip
        previous = page.current.body if page.current_id else f"# {page.get_theme_display()}\n"
        year = fiscal_year_label(fy)
        version = GuideVersion.objects.create(
            organization=organization, page=page, number=number,
            title=page.current.title if page.current_id else f"{page.get_theme_display()}の手引き",
            body=previous + f"\n## {year}の追記\n\n- 支援事例から得た留意点を追記\n",
            note=f"{year}の見直し", saved_by=lead, saved_at=saved,
        )  # fmt: skip
        page.current = version
        page.save(update_fields=["current"])


def _living_coordinator_meetings(organization, days, lead) -> None:
    from .services import freeze_progress_pack

    days = sorted(days)
    latest = set(days[-PACKED_MONTHS:])
    meetings = []
    for day in days:
        meeting = Meeting(
            organization=organization, kind=MeetingKind.COORDINATOR,
            title=f"コーディネーター会議（{wareki_month(day)}）", held_on=day,
            fiscal_year=fiscal_year(day), participants="経営支援課\n総合政策課\n地域振興課",
            head_count=9, created_by=lead, agenda="1. 進捗表の確認\n2. 見直しが必要な項目",
        )  # fmt: skip
        if day in latest:
            freeze_progress_pack(meeting)
        meetings.append(meeting)
    Meeting.objects.bulk_create(meetings)
