"""Demo data of the DX matching: 川口's network of vendors and needs in every state.

load_fy2024(organization, people) writes FY2024 (called by evaluation/demo.py): 25 needs sent
to vendors — what the committee's report printed for 労働生産性向上支援 — plus one withdrawn,
which the plan's rule does not count. load_living(organization, today=…, seed=…) writes the
other years up to `today` (never a need sent in FY2024): finished needs of earlier years,
and the current year's still under way (open, chosen, awaiting the quality check, drafts).
Names are invented. Deterministic for a seed and a day.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from bansou.accounts.models import Role, User
from bansou.analysis.models import BusinessAnalysis
from bansou.businesses.models import Business
from bansou.lib.eras import fiscal_year

from .models import DxNeed, DxProposal, NeedRecipient, Vendor, VendorAccount, VendorKind
from .states import NeedStatus

FY2024 = 2024
SEED = 20240412

IT, EXPERT = VendorKind.IT_VENDOR, VendorKind.EXPERT
# (name, kind, contact, specialties, member, account username)
VENDORS = [
    (
        "株式会社川口システム開発",
        IT,
        "田村 浩二",
        "販売・在庫管理、受発注システム",
        True,
        "kawaguchi-vendor",
    ),
    (
        "有限会社鋳物町ITサポート",
        IT,
        "石井 典子",
        "PC・ネットワーク、セキュリティ、クラウド移行",
        True,
        "kawaguchi-vendor-2",
    ),
    (
        "株式会社芝クラウドワークス",
        IT,
        "大野 翔",
        "会計・給与クラウド、電子帳簿保存、インボイス",
        True,
        "",
    ),
    ("株式会社青木デジタル工房", IT, "森 彩花", "ECサイト、ホームページ、SNS運用", True, ""),
    ("株式会社安行ソリューションズ", IT, "坂本 健一", "生産管理、IoT、設備の稼働監視", True, ""),
    (
        "合同会社戸塚ウェブデザイン",
        IT,
        "藤田 真央",
        "予約システム、POSレジ、キャッシュレス",
        True,
        "",
    ),
    ("株式会社新郷データサービス", IT, "松本 亮", "勤怠管理、ワークフロー、kintone", True, ""),
    ("川口ネットワークス株式会社", IT, "中川 誠", "業務アプリ開発、見積・原価計算", False, ""),
    (
        "森田ITコンサルティング事務所",
        EXPERT,
        "森田 修（ITコーディネータ）",
        "IT戦略、ベンダー選定、導入後の品質確認",
        True,
        "",
    ),
    (
        "南平経営デジタル研究所",
        EXPERT,
        "佐々木 恵（中小企業診断士）",
        "業務改善、IT導入補助金、導入効果の検証",
        True,
        "",
    ),
]
EXPERTS = ["森田 修（ITコーディネータ）", "佐々木 恵（中小企業診断士）"]


@dataclass(frozen=True)
class NeedIdea:
    title: str
    description: str
    vendors: tuple[int, ...]  # indexes into VENDORS of those it suits
    quote: tuple[int, int]  # range of quotes, yen
    summary: str


IDEAS = [
    NeedIdea("紙の受注台帳をやめ、受発注を一元管理したい",
             "受注は電話とFAXで受け、紙の台帳に手書きしている。納期の確認に時間がかかり、二重入力による記入漏れもある。従業員5名で使える受発注の仕組みを求めている。",
             (0, 7, 6), (800_000, 2_400_000), "受発注管理システムの導入と台帳データの移行"),
    NeedIdea("在庫の数え違いと欠品を減らしたい",
             "部品在庫を月末に手作業で棚卸ししており、数え違いと欠品が続いている。バーコードで入出庫を記録し、発注点を知らせる仕組みを検討したい。",
             (0, 4, 7), (600_000, 1_800_000), "バーコードによる在庫管理と発注点の通知"),
    NeedIdea("手書きの作業日報を電子化し、工程の進み具合を見える化したい",
             "鋳造・仕上げの作業日報を紙で集めて事務員が集計している。工程ごとの遅れが翌週まで分からない。タブレットで入力し、進み具合を一覧できるようにしたい。",
             (4, 7, 6), (900_000, 3_000_000), "タブレット日報と工程進捗の見える化"),
    NeedIdea("会計ソフトへの二重入力をなくしたい",
             "請求書を販売ソフトで作成した後、同じ内容を会計ソフトへ手入力している。月末の締めに2日かかる。クラウド会計と連携させて手入力を減らしたい。",
             (2, 6), (300_000, 900_000), "クラウド会計の導入と販売データの自動連携"),
    NeedIdea("インボイス制度と電子帳簿保存法に対応したい",
             "取引先から届く電子の請求書を印刷して保管している。インボイス制度と電子帳簿保存法に沿った保存方法と、経理担当1名で回る運用を相談したい。",
             (2, 8), (200_000, 700_000), "電子取引データの保存システムと運用ルールの整備"),
    NeedIdea("ネット予約を受け付け、電話対応の時間を減らしたい",
             "美容室の予約をすべて電話で受けており、施術中に手が止まる。ネット予約と顧客台帳を連携させ、再来店の案内も送りたい。",
             (5, 3), (150_000, 600_000), "ウェブ予約システムと顧客台帳の導入"),
    NeedIdea("自社ECサイトを立ち上げ、県外へ販路を広げたい",
             "川口の鋳物製品を直販したい。現在は問屋経由のみ。商品写真の撮影、決済、発送まで含めて小さく始められる方法を探している。",
             (3, 5), (400_000, 1_500_000), "ECサイト構築と商品ページ制作、運用研修"),
    NeedIdea("社内のPCとネットワークが古く、情報漏えいが心配",
             "Windowsのサポートが切れたPCが残っており、共有フォルダの権限もばらばら。セキュリティの点検と、無理のない更新計画を立てたい。",
             (1, 8), (250_000, 1_200_000), "PC更新・ネットワーク再構築とセキュリティ点検"),
    NeedIdea("紙のタイムカードをやめ、勤怠をクラウドで管理したい",
             "パート従業員12名の勤怠を紙のタイムカードで集計しており、給与計算に毎月半日かかる。打刻から給与ソフトへの連携までを整えたい。",
             (6, 2), (150_000, 500_000), "クラウド勤怠管理と給与ソフト連携"),
    NeedIdea("見積書の作成に時間がかかる",
             "板金加工の見積を社長が1件ずつ手計算している。材料費と加工時間から原価を出し、見積書を早く出せる仕組みにしたい。",
             (7, 0), (500_000, 1_600_000), "見積・原価計算アプリの開発"),
    NeedIdea("設備の稼働状況をセンサーで把握したい",
             "プレス機6台の稼働率が分からず、設備投資の判断ができない。後付けのセンサーで稼働と停止を記録したい。",
             (4, 1), (700_000, 2_200_000), "後付けIoTセンサーによる稼働監視"),
    NeedIdea("POSレジとキャッシュレス決済を導入したい",
             "飲食店のレジが古く、現金のみの対応で客を逃している。売上分析もできるPOSレジとキャッシュレス決済を入れたい。",
             (5, 3), (200_000, 800_000), "POSレジ・キャッシュレス決済の導入と売上分析"),
]  # fmt: skip
DECLINED = [
    "見積額が予算を超えたため、今年度は見送り",
    "IT導入補助金の採択を待って再検討する",
    "社内の担当者が決まらず、導入を延期",
    "既存ソフトの設定変更で当面対応することにした",
]
QUALITY = [
    "導入後の稼働を確認。入力の二重化が解消され、操作研修も完了していた",
    "設定と運用ルールを確認。バックアップの設定漏れを指摘し、是正を確認",
    "見積どおりの範囲で納品。利用状況は良好で、追加費用の発生なし",
]
FOLLOW_UPS = [
    "月末の締め作業が2日から半日に短縮したとの報告",
    "受注処理の時間が月20時間程度減り、残業が減ったとの報告",
    "欠品が半減。次は発注の自動化を検討したいとの相談あり",
    "ネット予約の比率が6割を超え、電話対応が大きく減ったとの報告",
    "新規の県外顧客から月10件程度の注文があるとの報告",
]
CHOSEN_NOTES = [
    "費用と導入後の支援体制を比べて選定",
    "同業での導入実績を評価",
    "見積額が最も低く、内容も十分",
]


def ensure_vendors(organization) -> list[Vendor]:
    """The network of vendors (created once) with the demo's vendor accounts linked."""
    existing = {v.name: v for v in Vendor.objects.filter(organization=organization)}
    vendors = []
    for name, kind, contact, specialties, member, _username in VENDORS:
        vendor = existing.get(name)
        if vendor is None:
            vendor = Vendor.objects.create(
                organization=organization,
                name=name,
                kind=kind,
                contact_name=contact,
                specialties=specialties,
                is_member=member,
                phone="048-000-9" + f"{len(vendors):03d}",
                email=f"dx{len(vendors) + 1}@example.jp",
            )
        vendors.append(vendor)
    linked = set(
        VendorAccount.objects.filter(organization=organization).values_list("user_id", flat=True)
    )
    for vendor, row in zip(vendors, VENDORS, strict=True):
        user = User.objects.filter(
            organization=organization, username=row[5], role=Role.VENDOR
        ).first()
        if row[5] and user is not None and user.pk not in linked:
            VendorAccount.objects.create(organization=organization, vendor=vendor, user=user)
    return vendors


def _accounts(organization) -> dict[int, User]:
    return {
        a.vendor_id: a.user
        for a in VendorAccount.objects.filter(organization=organization).select_related("user")
    }


def _staff(organization) -> list[User]:
    users = list(
        User.objects.filter(
            organization=organization, role__in=[Role.ADVISOR, Role.LEAD_ADVISOR, Role.COORDINATOR]
        ).order_by("username")
    )
    if not users:
        raise ValueError("the demo organization has no advisors")
    return users


def _candidates(organization, fy: int, rng: random.Random, plan: list, used: set) -> list:
    """(business, analysis or None) per planned need: a business analysed in the year before
    the need was registered where there is one (the need came from it), any other otherwise."""
    analyses = list(
        BusinessAnalysis.objects.filter(
            organization=organization, fiscal_year__in=(fy - 1, fy), status="completed"
        )
        .order_by("pk")
        .values_list("pk", "business_id", "analysed_on")
    )
    rng.shuffle(analyses)
    others = list(
        Business.objects.filter(organization=organization)
        .order_by("pk")
        .values_list("pk", flat=True)[: len(plan) * 40]
    )
    rng.shuffle(others)
    chosen = []
    for _status, opened_on, _sent_on in plan:
        found = next(
            (
                (business_id, pk)
                for pk, business_id, analysed_on in analyses
                if business_id not in used
                and timedelta(0) <= opened_on - analysed_on
                and (opened_on - analysed_on).days <= 365
            ),
            None,
        )
        if found is None:
            found = (next(pk for pk in others if pk not in used), None)
        used.add(found[0])
        chosen.append(found)
    return chosen


def _write_need(organization, *, business_id, analysis_id, staff, opened_on, sent_on, status,
                rng, vendors, accounts, idea: NeedIdea, today: date) -> DxNeed:  # fmt: skip
    need = DxNeed(
        organization=organization, business_id=business_id, analysis_id=analysis_id, staff=staff,
        title=idea.title, description=idea.description, opened_on=opened_on, status=status,
        budget=rng.choice([None, idea.quote[1], (idea.quote[0] + idea.quote[1]) // 2]),
    )  # fmt: skip
    need.capture_business_facts()
    if status == NeedStatus.DRAFT:
        need.save()
        return need
    need.sent_on = sent_on
    need.proposals_due = sent_on + timedelta(days=21)
    need.save()
    suited = [vendors[i] for i in idea.vendors]
    extra = [v for v in vendors if v.kind == IT and v not in suited]
    recipients = suited + rng.sample(extra, rng.randint(0, 1))
    NeedRecipient.objects.bulk_create(
        NeedRecipient(
            organization=organization, need=need, vendor=v, sent_on=sent_on, sent_by=staff
        )
        for v in recipients
    )
    if status == NeedStatus.WITHDRAWN:
        need.withdrawn_reason = "事業者の資金繰りが厳しくなり、当面見送ることになった"
        need.save()
        return need
    answering = recipients if len(recipients) < 3 else recipients[: rng.randint(2, len(recipients))]
    if status == NeedStatus.OPEN:
        answering = answering[: rng.randint(0, len(answering))]
    proposals = []
    for vendor in answering:
        submitted = min(today, sent_on + timedelta(days=rng.randint(5, 18)))
        proposals.append(
            DxProposal.objects.create(
                organization=organization, need=need, vendor=vendor,
                summary=idea.summary,
                description=(
                    f"{idea.summary}。現状の業務を1日ヒアリングしたうえで設定し、"
                    f"操作研修{rng.randint(1, 3)}回と導入後3か月の電話サポートを含みます。"
                ),
                amount=rng.randrange(idea.quote[0], idea.quote[1], 10_000),
                monthly_fee=rng.choice([None, 3_300, 5_500, 11_000]),
                submitted_by=accounts.get(vendor.pk, staff), submitted_on=submitted,
            )
        )  # fmt: skip
    if status == NeedStatus.OPEN:
        return need
    decided = sent_on + timedelta(days=rng.randint(25, 40))
    need.decided_on = decided
    if status == NeedStatus.NOT_CHOSEN or not proposals:
        need.status = NeedStatus.NOT_CHOSEN
        need.decision_note = rng.choice(DECLINED)
        need.save()
        return need
    need.chosen_proposal = min(proposals, key=lambda p: (p.amount, p.pk)) if rng.random() < 0.6 \
        else rng.choice(proposals)  # fmt: skip
    need.decision_note = rng.choice(CHOSEN_NOTES)
    if status in (NeedStatus.QUALITY_CHECKED, NeedStatus.FOLLOWED_UP):
        need.quality_checked_on = decided + timedelta(days=rng.randint(60, 100))
        need.quality_checker = rng.choice(EXPERTS)
        need.quality_note = rng.choice(QUALITY)
    if status == NeedStatus.FOLLOWED_UP:
        need.followed_up_on = need.quality_checked_on + timedelta(days=rng.randint(60, 120))
        need.follow_up_note = rng.choice(FOLLOW_UPS)
    need.save()
    return need


def _year(organization, fy: int, plan: list[tuple[NeedStatus, date, date | None]], rng, used,
          today: date) -> list[DxNeed]:  # fmt: skip
    """Write one year's needs: (status, registered on, sent on) each."""
    vendors = ensure_vendors(organization)
    accounts = _accounts(organization)
    staff = _staff(organization)
    written = []
    for (status, opened_on, sent_on), (business_id, analysis_id) in zip(
        plan, _candidates(organization, fy, rng, plan, used), strict=True
    ):
        written.append(
            _write_need(
                organization, business_id=business_id, analysis_id=analysis_id,
                staff=rng.choice(staff), opened_on=opened_on, sent_on=sent_on, status=status,
                rng=rng, vendors=vendors, accounts=accounts, idea=rng.choice(IDEAS), today=today,
            )
        )  # fmt: skip
    return written


# FY2024 (the committee's year): 25 matched needs and one withdrawn, by final status.
FY2024_STATUSES = (
    [NeedStatus.FOLLOWED_UP] * 14
    + [NeedStatus.QUALITY_CHECKED] * 3
    + [NeedStatus.CHOSEN] * 2
    + [NeedStatus.NOT_CHOSEN] * 6
    + [NeedStatus.WITHDRAWN]
)
FY2024_MATCHED = 25


def load_fy2024(organization, used: set | None = None) -> list[DxNeed]:
    rng = random.Random(f"{SEED}:{FY2024}")
    plan = []
    for index, status in enumerate(FY2024_STATUSES):
        # Spread over the year, sent 3–20 days after the need was registered.
        sent_on = date(FY2024, 4, 10) + timedelta(days=index * 13 + rng.randint(0, 6))
        plan.append((status, sent_on - timedelta(days=rng.randint(3, 20)), sent_on))
    return _year(organization, FY2024, plan, rng, set() if used is None else used, date(2026, 1, 1))


def _status_for_age(days: int, rng: random.Random) -> NeedStatus:
    """A need sent `days` ago: how far it has come (older needs are finished)."""
    if days < 35:
        return NeedStatus.OPEN
    if days < 100:
        return NeedStatus.CHOSEN if rng.random() < 0.75 else NeedStatus.NOT_CHOSEN
    if days < 200:
        return rng.choice([NeedStatus.QUALITY_CHECKED, NeedStatus.CHOSEN, NeedStatus.NOT_CHOSEN])
    return NeedStatus.FOLLOWED_UP if rng.random() < 0.75 else NeedStatus.NOT_CHOSEN


def load_living(organization, *, today: date, seed: int) -> list[DxNeed]:
    """Every fiscal year from FY2023 to `today` except FY2024: about a dozen needs a year."""
    written = []
    used = set(
        DxNeed.objects.filter(organization=organization).values_list("business_id", flat=True)
    )
    for fy in range(2023, fiscal_year(today) + 1):
        if fy == FY2024:
            continue
        rng = random.Random(f"{seed}:{today.isoformat()}:dx:{fy}")
        first, last = date(fy, 4, 8), min(date(fy + 1, 3, 25), today - timedelta(days=1))
        if last <= first:
            continue
        span = (last - first).days
        count = max(1, round(13 * span / 351))
        plan = []
        for index in range(count):
            sent_on = first + timedelta(days=round(index * span / count) + rng.randint(0, 5))
            sent_on = min(sent_on, last)
            status = _status_for_age((today - sent_on).days, rng)
            plan.append((status, sent_on - timedelta(days=rng.randint(3, 15)), sent_on))
        if fy == fiscal_year(today):
            # Under way: two needs registered and not sent yet, one withdrawn.
            plan.append((NeedStatus.DRAFT, today - timedelta(days=2), None))
            plan.append((NeedStatus.DRAFT, today - timedelta(days=9), None))
            if count > 2:
                status, opened_on, sent_on = plan[count // 2]
                plan[count // 2] = (NeedStatus.WITHDRAWN, opened_on, sent_on)
        written += _year(organization, fy, plan, rng, used, today)
    return written
