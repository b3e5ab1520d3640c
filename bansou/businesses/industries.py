"""Japan Standard Industrial Classification (日本標準産業分類, Rev. 14) divisions A–T."""

import re
import unicodedata

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Industry(models.TextChoices):
    A = "A", _("Agriculture and forestry")
    B = "B", _("Fisheries")
    C = "C", _("Mining and quarrying of stone and gravel")
    D = "D", _("Construction")
    E = "E", _("Manufacturing")
    F = "F", _("Electricity, gas, heat supply and water")
    G = "G", _("Information and communications")
    H = "H", _("Transport and postal activities")
    I = "I", _("Wholesale and retail trade")  # noqa: E741 - JSIC's own letter
    J = "J", _("Finance and insurance")
    K = "K", _("Real estate and goods rental and leasing")
    L = "L", _("Scientific research, professional and technical services")
    M = "M", _("Accommodations, eating and drinking services")
    N = "N", _("Living-related and personal services and amusement services")
    O = "O", _("Education, learning support")  # noqa: E741 - JSIC's own letter
    P = "P", _("Medical, health care and welfare")
    Q = "Q", _("Compound services")
    R = "R", _("Services, n.e.c.")
    S = "S", _("Government, except elsewhere classified")
    T = "T", _("Industries unable to classify")


# The two-digit major groups (中分類) each division spans, JSIC Rev. 14.
MAJOR_GROUP_RANGES: dict[str, tuple[int, int]] = {
    "A": (1, 2),
    "B": (3, 4),
    "C": (5, 5),
    "D": (6, 8),
    "E": (9, 32),
    "F": (33, 36),
    "G": (37, 41),
    "H": (42, 49),
    "I": (50, 61),
    "J": (62, 67),
    "K": (68, 70),
    "L": (71, 74),
    "M": (75, 77),
    "N": (78, 80),
    "O": (81, 82),
    "P": (83, 85),
    "Q": (86, 87),
    "R": (88, 96),
    "S": (97, 98),
    "T": (99, 99),
}


def major_group_belongs_to(division: str, major_group: str) -> bool:
    low, high = MAJOR_GROUP_RANGES[division]
    return major_group.isdigit() and low <= int(major_group) <= high


# Official Japanese names of the divisions (総務省, JSIC Rev. 14), as written with 「，」.
DIVISION_NAMES: dict[str, str] = {
    "A": "農業，林業",
    "B": "漁業",
    "C": "鉱業，採石業，砂利採取業",
    "D": "建設業",
    "E": "製造業",
    "F": "電気・ガス・熱供給・水道業",
    "G": "情報通信業",
    "H": "運輸業，郵便業",
    "I": "卸売業，小売業",
    "J": "金融業，保険業",
    "K": "不動産業，物品賃貸業",
    "L": "学術研究，専門・技術サービス業",
    "M": "宿泊業，飲食サービス業",
    "N": "生活関連サービス業，娯楽業",
    "O": "教育，学習支援業",
    "P": "医療，福祉",
    "Q": "複合サービス事業",
    "R": "サービス業（他に分類されないもの）",
    "S": "公務（他に分類されるものを除く）",
    "T": "分類不能の産業",
}

# Everyday names chambers' registers use for a division.
SHORT_NAMES: dict[str, str] = {
    "農業": "A",
    "林業": "A",
    "農林業": "A",
    "漁業": "B",
    "水産業": "B",
    "鉱業": "C",
    "採石業": "C",
    "建設業": "D",
    "建設": "D",
    "製造業": "E",
    "製造": "E",
    "電気業": "F",
    "ガス業": "F",
    "水道業": "F",
    "電気・ガス業": "F",
    "情報通信業": "G",
    "情報通信": "G",
    "IT": "G",
    "運輸業": "H",
    "運送業": "H",
    "郵便業": "H",
    "卸売業": "I",
    "小売業": "I",
    "卸売": "I",
    "小売": "I",
    "卸売・小売業": "I",
    "卸・小売業": "I",
    "商業": "I",
    "金融業": "J",
    "保険業": "J",
    "金融・保険業": "J",
    "不動産業": "K",
    "物品賃貸業": "K",
    "不動産": "K",
    "学術研究": "L",
    "専門サービス業": "L",
    "技術サービス業": "L",
    "専門・技術サービス業": "L",
    "宿泊業": "M",
    "飲食店": "M",
    "飲食業": "M",
    "飲食サービス業": "M",
    "宿泊・飲食サービス業": "M",
    "生活関連サービス業": "N",
    "娯楽業": "N",
    "教育": "O",
    "学習支援業": "O",
    "教育・学習支援業": "O",
    "医療": "P",
    "福祉": "P",
    "医療・福祉": "P",
    "複合サービス": "Q",
    "サービス業": "R",
    "その他のサービス業": "R",
    "公務": "S",
    "分類不能": "T",
}

# Separators that differ between the official tables (「，」), other listings (「、」「・」)
# and what people type (「,」 「･」); none of them distinguishes two divisions.
_SEPARATORS_RE = re.compile(r"[，、,・･\s　]")
# A leading division letter: "L", "L ", "L:", "L．", "(L)" …
_LETTER_PREFIX_RE = re.compile(
    r"^[(\[（【]?([A-T])[)\]）】:：.．\-－]?(?=[^A-Za-z]|$)", re.IGNORECASE | re.ASCII
)


def _comparable(text: str) -> str:
    return _SEPARATORS_RE.sub("", unicodedata.normalize("NFKC", text)).casefold()


def _index() -> dict[str, str]:
    index = {_comparable(name): letter for name, letter in SHORT_NAMES.items()}
    index |= {_comparable(name): letter for letter, name in DIVISION_NAMES.items()}
    return index


_NAME_INDEX = _index()


def division_from_text(text: str) -> str | None:
    """The division letter `text` names: a letter, the official name with or without its
    letter, a common short name or an English label; None when it names none."""
    normalised = unicodedata.normalize("NFKC", text).strip()
    match = _LETTER_PREFIX_RE.match(normalised)
    letter = match[1].upper() if match else None
    rest = normalised[match.end() :] if match else normalised
    if letter and not _comparable(rest):
        return letter
    found = _NAME_INDEX.get(_comparable(rest))
    if found and (not letter or letter == found):
        return found
    with translation.override("en"):
        english = {_comparable(str(label)): value for value, label in Industry.choices}
    return english.get(_comparable(normalised))
