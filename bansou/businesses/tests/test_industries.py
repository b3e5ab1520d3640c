"""Reading a JSIC division from what a register writes: letter, official name, short name."""

import pytest

from bansou.businesses.industries import DIVISION_NAMES, Industry, division_from_text
from bansou.dataio.cleaners import CellError
from bansou.dataio.kinds.businesses import _industry

# The official names of JSIC Rev. 14 written out here, not read from the module under test.
OFFICIAL = [
    ("A", "農業，林業", "農業"),
    ("B", "漁業", "水産業"),
    ("C", "鉱業，採石業，砂利採取業", "鉱業"),
    ("D", "建設業", "建設"),
    ("E", "製造業", "製造"),
    ("F", "電気・ガス・熱供給・水道業", "水道業"),
    ("G", "情報通信業", "IT"),
    ("H", "運輸業，郵便業", "運輸業"),
    ("I", "卸売業，小売業", "小売業"),
    ("J", "金融業，保険業", "保険業"),
    ("K", "不動産業，物品賃貸業", "不動産業"),
    ("L", "学術研究，専門・技術サービス業", "専門・技術サービス業"),
    ("M", "宿泊業，飲食サービス業", "飲食店"),
    ("N", "生活関連サービス業，娯楽業", "生活関連サービス業"),
    ("O", "教育，学習支援業", "教育"),
    ("P", "医療，福祉", "医療・福祉"),
    ("Q", "複合サービス事業", "複合サービス"),
    ("R", "サービス業（他に分類されないもの）", "サービス業"),
    ("S", "公務（他に分類されるものを除く）", "公務"),
    ("T", "分類不能の産業", "分類不能"),
]


def test_all_twenty_divisions_are_listed() -> None:
    assert [letter for letter, _name, _short in OFFICIAL] == list(Industry.values)
    assert DIVISION_NAMES == {letter: name for letter, name, _short in OFFICIAL}


def _spellings(letter: str, name: str, short: str) -> list[str]:
    return [
        letter,
        letter.lower(),
        name,
        name.replace("，", ","),
        name.replace("，", "、"),
        name.replace("，", "・"),
        f"{letter} {name}",
        f"{letter}{name}",
        f"{letter}：{name.replace('，', ', ')}",
        f"（{letter}）{name}",
        short,
    ]


@pytest.mark.parametrize(("letter", "name", "short"), OFFICIAL)
def test_every_spelling_of_a_division_is_read(letter: str, name: str, short: str) -> None:
    for spelling in _spellings(letter, name, short):
        assert division_from_text(spelling) == letter, spelling
        assert _industry(spelling) == letter, spelling


@pytest.mark.parametrize(("letter", "name", "short"), OFFICIAL)
def test_the_displayed_label_imports_back(letter: str, name: str, short: str) -> None:
    from django.utils import translation

    with translation.override("ja"):
        label = str(Industry(letter).label)
    assert _industry(label) == letter


@pytest.mark.parametrize("text", ["A 製造業", "宇宙業", "Z", "AB"])
def test_a_name_that_is_no_division_is_refused(text: str) -> None:
    assert division_from_text(text) is None
    with pytest.raises(CellError):
        _industry(text)


def test_industry_label_is_the_display_name_in_japanese():
    from django.utils import translation

    from bansou.businesses.models import Business

    with translation.override("ja"):
        for code, official, _short in OFFICIAL:
            business = Business(industry=code)
            assert (
                business.industry_label == business.get_industry_display() == f"{code} {official}"
            )
        assert Business(industry="Z").industry_label == "Z"  # not a division: shown as stored
