"""Team KawaBiz in the demo: 川口's real roster (plan §11), experts, and about thirty requests of
FY2024 and FY2025 with their dispatch cases in every state, plus a few current ones so that the
coordinator's screen has open requests, booked visits and a case without a next step.

Deterministic for a seed and a day. No shipped plan rule counts `referral` or `expert_visit`,
so the FY2024 evaluation is unchanged.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from bansou.accounts.models import Role, User
from bansou.businesses.models import Business

from . import services
from .models import (
    CaseStatus,
    DispatchCase,
    DispatchVisit,
    Expert,
    Partner,
    PartnerContact,
    Referral,
    ReferralStatus,
    VisitStatus,
)

# Plan §11 (seed lines 3318–3343, 3420–3440): (name, kind, agreement day).
ROSTER = [
    ("埼玉りそな銀行", "financial", date(2017, 9, 1)),
    ("武蔵野銀行", "financial", date(2017, 9, 1)),
    ("川口信用金庫", "financial", date(2017, 9, 1)),
    ("青木信用金庫", "financial", date(2017, 9, 1)),
    ("日本政策金融公庫浦和支店", "financial", date(2017, 9, 1)),
    ("埼玉縣信用金庫", "financial", date(2017, 9, 1)),
    ("城北信用金庫", "financial", date(2017, 9, 1)),
    ("巣鴨信用金庫", "financial", date(2017, 9, 1)),
    ("関東信越税理士会川口支部", "professional", date(2017, 9, 1)),
    ("関東信越税理士会西川口支部", "professional", date(2017, 9, 1)),
    ("埼玉県社会保険労務士会川口支部", "professional", date(2017, 9, 1)),
    ("埼玉県行政書士会川口支部", "professional", date(2017, 9, 1)),
    ("川口の弁護士の会", "professional", date(2017, 9, 1)),
    ("埼玉司法書士会川口支部", "professional", date(2017, 9, 1)),
    ("埼玉県中小企業診断協会", "diagnosis", date(2022, 3, 7)),
    ("川口市経済部", "municipality", None),
    ("（公財）川口産業振興公社", "support_agency", None),
    ("さいたま商工会議所", "neighbour", None),
    ("蕨商工会議所", "neighbour", None),
    ("鳩ヶ谷商工会", "neighbour", None),
    ("戸田市商工会", "neighbour", None),
]
CONTACT_SURNAMES = ["佐々木", "石井", "大野", "斎藤", "森", "松本", "井上", "木村", "林", "清水"]
# (name, kind, specialty, detail, partner name or None, signs in as)
EXPERTS = [
    (
        "高倉 徹",
        "person",
        "sme_consultant",
        "事業計画・経営革新計画",
        "埼玉県中小企業診断協会",
        "kawaguchi-expert",
    ),
    (
        "松田 由紀",
        "person",
        "sme_consultant",
        "販路開拓・マーケティング",
        "埼玉県中小企業診断協会",
        None,
    ),
    ("岡本 聡", "person", "tax", "資金繰り・事業承継税制", "関東信越税理士会川口支部", None),
    (
        "河合 真理子",
        "person",
        "labour",
        "人材確保・就業規則",
        "埼玉県社会保険労務士会川口支部",
        None,
    ),
    ("IT経営サポート川口", "firm", "it", "IT導入・ECサイト構築", None, None),
    ("小川 浩", "person", "pr", "元新聞記者・プレスリリース", None, None),
    ("川口の弁護士の会", "partner_body", "lawyer", "契約書・債権回収", "川口の弁護士の会", None),
    ("田辺 デザイン事務所", "firm", "design", "パッケージ・ロゴ", None, None),
]
NEEDS = [
    "借入の返済負担が重く、資金繰りの見直しを相談したい",
    "新商品の販路開拓（ECサイト・展示会）を進めたい",
    "事業承継の進め方と後継者の育成について助言がほしい",
    "設備導入に補助金を活用したい（ものづくり補助金）",
    "人手不足のため採用と就業規則を見直したい",
    "原材料高騰に伴う価格転嫁の進め方を相談したい",
    "経営革新計画の承認を目指したい",
    "ホームページを充実させて新規顧客を増やしたい",
]
REPORTS = [
    "決算書3期分を確認し、粗利率の低下要因を整理した。主要取引先3社への価格改定案を作成。",
    "SWOT分析を実施。強みは短納期対応、弱みは営業人材の不足。ECサイトの試行を提案。",
    "資金繰り表を作成し、金融機関への条件変更の相談資料を準備した。",
    "補助金の公募要領を説明し、事業計画書の骨子を作成。次回までに見積書を取得。",
    "行動計画（アクションプラン）を策定。月次で進捗を確認する。",
]
# (partner index in ROSTER, days after FY start, state): the requests of one fiscal year.
# States: closed (visits done, outcome), long (moved to 超・元気アシスト), declined, open.
YEAR_PLAN = [
    (2, 20, "closed"), (0, 35, "closed"), (8, 50, "long"), (3, 70, "closed"),
    (14, 90, "closed"), (5, 110, "declined"), (1, 130, "closed"), (2, 150, "long"),
    (9, 170, "closed"), (6, 200, "closed"), (4, 230, "closed"), (15, 250, "declined"),
    (7, 280, "closed"), (10, 300, "closed"), (2, 330, "open"),
]  # fmt: skip
OUTCOMES = ["resolved", "plan", "financing", "resolved", "other_menu"]


def load_partners_demo(organization, *, today: date, seed: int = 20170901) -> None:
    rng = random.Random(seed)
    programmes = {p.code: p for p in services.ensure_programmes(organization)}
    partners = Partner.objects.bulk_create(
        Partner(organization=organization, name=name, kind=kind, joined_on=joined, sort_order=i)
        for i, (name, kind, joined) in enumerate(ROSTER)
    )
    by_name = {p.name: p for p in partners}
    PartnerContact.objects.bulk_create(
        PartnerContact(
            organization=organization,
            partner=p,
            name=f"{CONTACT_SURNAMES[i % len(CONTACT_SURNAMES)]} 担当",
            title="川口支店 融資課" if p.kind == "financial" else "事務局",
            phone=f"048-2{i:02d}-{1000 + i * 37:04d}",
        )
        for i, p in enumerate(partners)
    )
    users = {u.username: u for u in User.objects.filter(organization=organization)}
    coordinator = users["kawaguchi-coordinator"]
    staff = [u for u in users.values() if u.role == Role.ADVISOR][:6] or [coordinator]
    experts = []
    for name, kind, specialty, detail, partner, login in EXPERTS:
        experts.append(
            Expert.objects.create(
                organization=organization,
                name=name,
                kind=kind,
                specialty=specialty,
                specialty_detail=detail,
                partner=by_name.get(partner),
                user=users.get(login) if login else None,
            )
        )
    candidates = list(
        Business.objects.filter(organization=organization, district__in_territory=True)
        .select_related("district")
        .order_by("pk")[:3000]
    )
    businesses = rng.sample(candidates, 40)
    n = 0

    def make(partner, referred_on, state):
        nonlocal n
        business = businesses[n % len(businesses)]
        n += 1
        person = staff[n % len(staff)]
        referral = Referral(
            business=business,
            staff=person,
            partner=partner,
            partner_contact=f"{partner.name} {CONTACT_SURNAMES[n % 10]}",
            need=NEEDS[n % len(NEEDS)],
            referred_on=referred_on,
        )
        if state == "declined":
            referral.status = ReferralStatus.DECLINED
            referral.decided_on = referred_on + timedelta(days=3)
            referral.decline_reason = "融資の相談のみで、専門家派遣の対象外（金融機関で対応）"
        elif state != "received":
            referral.status = ReferralStatus.ACCEPTED
            referral.decided_on = referred_on + timedelta(days=3)
        referral.capture_business_facts()
        referral.save()
        if state in ("declined", "received"):
            return None
        expert = experts[n % len(experts)]
        opened = referral.decided_on
        case = DispatchCase.objects.create(
            organization=organization,
            referral=referral,
            business=business,
            need=referral.need,
            opened_on=opened,
            coordinator=coordinator,
            staff=person,
            expert=expert,
            programme=programmes["cho_genki" if state == "long" else "genki"],
        )
        visits = 7 if state == "long" else 2 + n % 4
        day = opened + timedelta(days=5)
        rows = []
        for number in range(visits + 1):
            booked = day > today
            rows.append(
                DispatchVisit(
                    case=case,
                    business=business,
                    staff=coordinator if number == 0 else person,
                    number=number,
                    programme=None
                    if number == 0
                    else programmes["genki" if number <= 5 or state != "long" else "cho_genki"],
                    visited_on=day,
                    expert=None if number == 0 else expert,
                    status=VisitStatus.BOOKED if booked else VisitStatus.DONE,
                    work_done=""
                    if booked
                    else (
                        "事前ヒアリング：現状と決算状況を整理"
                        if number == 0
                        else "専門家による個別相談"
                    ),
                    report="" if booked or number == 0 else REPORTS[(n + number) % len(REPORTS)],
                )
            )
            day += timedelta(days=14 + rng.randrange(10))
        for row in rows:
            row.capture_business_facts()
            row.refresh_derived()
        DispatchVisit.objects.bulk_create(rows)
        if state == "closed" and day <= today:
            case.status = CaseStatus.CLOSED
            case.outcome = OUTCOMES[n % len(OUTCOMES)]
            case.closed_on = day
            case.outcome_note = "事業者と成果を確認し、案件を終了した。"
        else:
            case.next_step = "次回訪問の日程調整"
            case.next_step_on = today + timedelta(days=10)
        case.save()
        return case

    for fy in (2024, 2025):
        start = date(fy, 4, 1)
        for index, offset, state in YEAR_PLAN:
            day = start + timedelta(days=offset)
            if day <= today:
                make(partners[index], day, state)
    # Current work, relative to the day the demo is loaded.
    for index, back in ((0, 2), (9, 5), (17, 8)):
        make(partners[index], today - timedelta(days=back), "received")
    current = make(partners[2], today - timedelta(days=30), "open")
    if current is not None:
        last = DispatchVisit.objects.filter(case=current).order_by("-number").first()
        if last.visited_on <= today:
            DispatchVisit.objects.create(
                organization=organization,
                case=current,
                business=current.business,
                staff=current.staff,
                number=last.number + 1,
                programme=current.programme,
                visited_on=today + timedelta(days=7),
                expert=current.expert,
                district_id=current.business.district_id,
                is_small=current.business.is_small,
            )
    stalled = make(partners[4], today - timedelta(days=60), "open")
    if stalled is not None:
        stalled.next_step, stalled.next_step_on = "", None
        stalled.save()
