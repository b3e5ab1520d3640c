"""The standard question sets a new questionnaire starts from (plan §4's 調査項目).

Exhibition (川口市市産品フェア): 価格・デザイン・触った印象・他社製品との比較・パッケージ・重さ・
大きさ・色・現在使っている製品. Crowdfunding: the same product items asked before the supporter
receives the return and again after, plus 認知のきっかけ and 購買意欲. E-voucher users: 価格・
デザイン・他社製品との比較. Every set ends with a free comment.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Phase, QuestionKind


@dataclass(frozen=True)
class Spec:
    text: str
    kind: str
    low: str = ""
    high: str = ""
    options: tuple[str, ...] = ()
    required: bool = False
    phase: str = Phase.ALWAYS


S, C, M, T = QuestionKind.SCALE, QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TEXT

PRICE = Spec("価格はいかがですか", S, "高い", "安い", required=True)
DESIGN = Spec("デザインはいかがですか", S, "よくない", "とてもよい", required=True)
FEEL = Spec("手に取った（触った）印象はいかがですか", S, "よくない", "とてもよい")
COMPARE = Spec("他社の同じような製品と比べていかがですか", S, "劣る", "優れている")
PACKAGE = Spec("パッケージはいかがですか", S, "よくない", "とてもよい")
WEIGHT = Spec("重さはいかがですか", S, "重すぎる", "ちょうどよい")
SIZE = Spec("大きさはいかがですか", S, "合わない", "ちょうどよい")
COLOUR = Spec("色はいかがですか", S, "よくない", "とてもよい")
CURRENT = Spec(
    "現在お使いの同じような製品はどれですか",
    C,
    options=("国内メーカー品", "海外メーカー品", "手作り・工芸品", "使っていない"),
)
WANT = Spec("この製品を買いたいと思いますか", S, "思わない", "ぜひ買いたい")
COMMENT = Spec("ご意見・ご感想をご自由にお書きください", T)
AGE = Spec(
    "年代を教えてください",
    C,
    options=("10代", "20代", "30代", "40代", "50代", "60代", "70代以上"),
)
HOW_KNOWN = Spec(
    "この製品を知ったきっかけは何ですか（いくつでも）",
    M,
    options=("クラウドファンディングのサイト", "SNS", "知人の紹介", "展示会・イベント", "その他"),
)


def _phased(spec: Spec, phase: str, prefix: str) -> Spec:
    return Spec(
        f"【{prefix}】{spec.text}", spec.kind, spec.low, spec.high, spec.options, spec.required,
        phase,
    )  # fmt: skip


EXHIBITION = (PRICE, DESIGN, FEEL, COMPARE, PACKAGE, WEIGHT, SIZE, COLOUR, CURRENT, WANT, AGE,
              COMMENT)  # fmt: skip
VOUCHER = (PRICE, DESIGN, COMPARE, WANT, AGE, COMMENT)
_CF_ITEMS = (PRICE, DESIGN, COMPARE, PACKAGE, SIZE, WEIGHT, COLOUR)
CROWDFUNDING = (
    HOW_KNOWN,
    *(_phased(s, Phase.BEFORE, "リターン前") for s in (*_CF_ITEMS, WANT)),
    *(_phased(s, Phase.AFTER, "リターン後") for s in (*_CF_ITEMS, WANT)),
    AGE,
    COMMENT,
)

STANDARD_SETS = {
    "exhibition": EXHIBITION,
    "crowdfunding": CROWDFUNDING,
    "voucher": VOUCHER,
    "other": EXHIBITION,
}
