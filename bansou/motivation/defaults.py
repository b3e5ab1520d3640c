"""The default やる気度 questionnaire a chamber starts from (it can edit every item later)."""

from decimal import Decimal

# Stored as data in the chamber's language (like the items), not translated at display time.
DEFAULT_NAME = "経営意欲確認（やる気度）"
DEFAULT_NOTE = "初期設定"

# Thresholds in percent of the weighted maximum; below C is rank D.
DEFAULT_THRESHOLDS = (Decimal("75.0"), Decimal("50.0"), Decimal("25.0"))

# (question, weight 1–5). Every item is answered 0–4: 0 = not at all … 4 = strongly.
# Weights favour what predicts a plan actually being drafted (plan §: analysis → plan).
DEFAULT_ITEMS = (
    ("経営改善への意欲：自社の経営を良くしたいという意欲がある", 5),
    ("将来のビジョン：3〜5年後の事業の姿を具体的に描いている", 4),
    ("後継者：事業を引き継ぐ後継者がいる、または承継の準備を進めている", 2),
    ("新商品・新サービスへの関心：新しい商品やサービスの開発に関心がある", 3),
    ("販路開拓への意欲：新しい顧客や取引先を開拓したい意欲がある", 3),
    ("IT・DX活用への関心：ITツールやデジタル化で業務を効率化したい", 3),
    ("数値管理：売上・利益・資金などの数字を定期的に把握している", 4),
    ("資金計画：設備投資や運転資金の計画を立てている", 3),
    ("人材育成：従業員や自身の能力向上に取り組んでいる", 2),
    ("支援機関の活用：商工会議所などの支援機関を積極的に活用している", 2),
    ("補助金等の活用意向：補助金・融資制度を活用して事業を伸ばしたい", 2),
    ("事業計画策定の意向：支援を受けて事業計画を作りたい", 5),
)
DEFAULT_MAX_POINTS = 4
