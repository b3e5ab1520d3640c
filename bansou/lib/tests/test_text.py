"""Tests for bansou.lib.text: search keys, kana, numbers, phones, postal codes and names."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bansou.lib.text import (
    MESSAGES,
    NumberFormatError,
    PhoneFormatError,
    PostalCodeError,
    TextFormatError,
    is_kana_reading,
    nfkc,
    normalise_kana,
    normalise_name,
    normalise_phone,
    normalise_postal_code,
    parse_decimal,
    parse_integer,
    phone_digits,
    search_key,
    to_katakana,
)

# --- kana and search ----------------------------------------------------------------------


# Japanese text with the characters whose NFKC differs: width forms (Ａ１（ｶﾞ　), combining
# marks after them, compatibility characters (㈱ ①), and plain kana and kanji.
NFKC_ALPHABET = st.sampled_from(
    list("ＡＺａｚ０９（）！？－＿　ｶｷﾞﾟｰｱﾞ㈱①㍻ﾞﾟ\u3099\u309a\u0301\u0308AaZ09 -()あア漢字、。\n")
) | st.characters(codec="utf-8")


@given(st.text(NFKC_ALPHABET, max_size=60))
def test_nfkc_is_exactly_unicode_nfkc(text: str) -> None:
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_nfkc() -> None:
    assert nfkc("ＡＢＣ１２３") == "ABC123"
    assert nfkc("㈱") == "(株)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("かわぐち", "カワグチ"),
        ("ｶﾜｸﾞﾁ", "カワグチ"),
        ("カワグチ", "カワグチ"),
        ("ぁゔゕゖ", "ァヴヵヶ"),
        ("いすゞ", "イスヾ"),
        ("abcかな漢字", "abcカナ漢字"),
    ],
)
def test_to_katakana(text: str, expected: str) -> None:
    assert to_katakana(text) == expected


def test_search_key_matches_across_scripts() -> None:
    target = search_key("カワグチ")
    assert search_key("かわぐち") in target
    assert search_key("ｶﾜｸﾞﾁ") in target
    assert search_key("ぐち") in target
    assert search_key("ＡＢＣ") == search_key("abc") == search_key("ABC")


def test_search_key_drops_spaces_and_middle_dots() -> None:
    assert search_key("ジョン・スミス") == "ジョンスミス"
    assert search_key("川口　太郎") == search_key("川口 太郎") == "川口太郎"
    assert search_key("ｼﾞｮﾝ･ｽﾐｽ") == "ジョンスミス"


def test_search_key_joins_parts() -> None:
    assert search_key("川口 太郎", None, "かわぐち") == "川口太郎\n\nカワグチ"
    assert search_key() == ""


def test_search_key_composes_spacing_voiced_mark() -> None:
    # NFKC turns ゛ into a space and a combining mark; dropping the space composes it.
    assert search_key("か゛") == "ガ"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_search_key_idempotent(text: str) -> None:
    key = search_key(text)
    assert search_key(key) == key


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="あいうかがぱアイウカガパｱｶﾞﾊﾟ ・　ABCabcＡＢＣ", max_size=12))
def test_search_key_substring_is_preserved(text: str) -> None:
    # Any slice of a normalised key, normalised again, still matches the key.
    key = search_key(text)
    for i in range(len(key) + 1):
        assert search_key(key[:i]) in key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("かわぐち　 しょうじ ", "カワグチ ショウジ"),
        ("ｶﾜｸﾞﾁ ｼｮｳｼﾞ", "カワグチ ショウジ"),
        ("  エヌピーオー  ", "エヌピーオー"),
    ],
)
def test_normalise_kana(text: str, expected: str) -> None:
    assert normalise_kana(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("カワグチ ショウジ", True),
        ("エヌ・ピー・オー", True),
        ("ABC カブシキガイシャ (カ)", True),
        ("ジェイ&ケイ.Co,'-", True),
        ("", True),
        ("かわぐち", False),
        ("川口", False),
        ("カワグチ!", False),
    ],
)
def test_is_kana_reading(text: str, expected: bool) -> None:
    assert is_kana_reading(text) is expected


# --- numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1068", 1068),
        ("1,068", 1068),
        ("１，０６８", 1068),
        ("1,234,567", 1234567),
        (" 42 ", 42),
        ("0", 0),
        ("-5", -5),
        ("+5", 5),
        ("−5", -5),
        ("‐5", -5),
        ("–5", -5),
        ("—5", -5),
        ("－５", -5),
        ("▲1,234", -1234),
        ("△５", -5),
        ("▲ 1,234", -1234),
        ("(1,234)", -1234),
        ("（１，２３４）", -1234),
        ("1,000円", 1000),
        ("▲1,000円", -1000),
        ("(1,000)円", -1000),
        ("(1,000円)", -1000),
        ("12人", 12),
        ("3件", 3),
        ("4回", 4),
        ("5者", 5),
        ("6社", 6),
        ("7名", 7),
    ],
)
def test_parse_integer(text: str, expected: int) -> None:
    assert parse_integer(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("1.0", "not_integer"),
        ("1.5", "not_integer"),
        ("千円", "unit_magnitude"),
        ("1,500千円", "unit_magnitude"),
        ("5万", "unit_magnitude"),
        ("3百万円", "unit_magnitude"),
        ("1,5", "invalid_grouping"),
        ("1,23,456", "invalid_grouping"),
        ("12,34", "invalid_grouping"),
        ("▲-5", "invalid_number"),
        ("--5", "invalid_number"),
        ("abc", "invalid_number"),
        ("1e5", "invalid_number"),
        ("5%", "invalid_number"),
        ("円", "invalid_number"),
        ("()", "invalid_number"),
        ("9" * 5000, "invalid_number"),
    ],
)
def test_parse_integer_errors(text: str, code: str) -> None:
    with pytest.raises(NumberFormatError) as info:
        parse_integer(text)
    assert info.value.code == code
    assert str(info.value) == info.value.message


def test_parse_integer_message_names_the_input() -> None:
    with pytest.raises(NumberFormatError, match="整数で入力してください: 1.5"):
        parse_integer("1.5")


def test_parse_integer_disallow_negative() -> None:
    assert parse_integer("5", allow_negative=False) == 5
    for text in ("-5", "▲5", "(5)"):
        with pytest.raises(NumberFormatError) as info:
            parse_integer(text, allow_negative=False)
        assert info.value.code == "negative_not_allowed"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.5", Decimal("1.5")),
        ("1,234.56", Decimal("1234.56")),
        ("１２．５", Decimal("12.5")),
        ("12.5%", Decimal("12.5")),
        ("１２．５％", Decimal("12.5")),
        ("▲0.5", Decimal("-0.5")),
        ("(1.25)", Decimal("-1.25")),
        (".5", Decimal("0.5")),
        ("7", Decimal("7")),
        ("1,000円", Decimal("1000")),
        ("-0", Decimal("0")),
    ],
)
def test_parse_decimal(text: str, expected: Decimal) -> None:
    assert parse_decimal(text) == expected


def test_parse_decimal_minus_zero_has_no_sign() -> None:
    assert not parse_decimal("-0.0").is_signed()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("1.2.3", "invalid_number"),
        ("1,5", "invalid_grouping"),
        ("%", "invalid_number"),
        ("12千円", "unit_magnitude"),
    ],
)
def test_parse_decimal_errors(text: str, code: str) -> None:
    with pytest.raises(NumberFormatError) as info:
        parse_decimal(text)
    assert info.value.code == code


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20))
def test_parse_numbers_raise_only_number_format_error(text: str) -> None:
    for parse in (parse_integer, parse_decimal):
        try:
            parse(text)
        except NumberFormatError:
            pass


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_parse_integer_round_trips_formatted_numbers(n: int) -> None:
    assert parse_integer(f"{n:,}") == n
    assert parse_integer(str(n)) == n
    grouped = f"{abs(n):,}"
    assert parse_integer(f"▲{grouped}" if n < 0 else grouped) == n


# --- phones, postal codes, names ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "digits"),
    [
        ("048-228-2220", "048-228-2220", "0482282220"),
        ("０４８－２２８－２２２０", "048-228-2220", "0482282220"),
        ("048ー228ー2220", "048-228-2220", "0482282220"),
        ("048(228)2220", "048-228-2220", "0482282220"),
        ("(048)228-2220", "048-228-2220", "0482282220"),
        ("0482282220", "0482282220", "0482282220"),
        ("090 1234 5678", "090-1234-5678", "09012345678"),
        ("+81-48-228-2220", "048-228-2220", "0482282220"),
        ("TEL: 048-228-2220", "048-228-2220", "0482282220"),
        ("", "", ""),
        ("  ", "", ""),
    ],
)
def test_normalise_phone(text: str, expected: str, digits: str) -> None:
    assert normalise_phone(text) == expected
    assert phone_digits(text) == digits


@pytest.mark.parametrize("text", ["110", "048-228-222", "090-1234-56789", "なし"])
def test_normalise_phone_errors(text: str) -> None:
    with pytest.raises(PhoneFormatError) as info:
        normalise_phone(text)
    assert info.value.code == "invalid_phone"
    assert isinstance(info.value, ValueError)


def test_phone_digits_does_not_validate() -> None:
    assert phone_digits("110") == "110"


@pytest.mark.parametrize(
    "text", ["3320012", "332-0012", "〒332-0012", "〒 332-0012", "３３２－００１２", "332ー0012"]
)
def test_normalise_postal_code(text: str) -> None:
    assert normalise_postal_code(text) == "332-0012"


def test_normalise_postal_code_empty() -> None:
    assert normalise_postal_code("") == ""


@pytest.mark.parametrize("text", ["332001", "33200123", "〒abc-defg", "332-001２3"])
def test_normalise_postal_code_errors(text: str) -> None:
    with pytest.raises(PostalCodeError) as info:
        normalise_postal_code(text)
    assert info.value.code == "invalid_postal_code"


@pytest.mark.parametrize(
    "text",
    [
        "株式会社川口商事",
        "川口商事株式会社",
        "㈱川口商事",
        "（株）川口商事",
        "(株) 川口 商事",
        "川口商事　有限会社",
        "合同会社 川口商事",
        "一般社団法人川口商事",
    ],
)
def test_normalise_name_ignores_legal_forms(text: str) -> None:
    assert normalise_name(text) == "川口商事"


def test_normalise_name_casefolds_and_ignores_width() -> None:
    assert (
        normalise_name("ＡＢＣ Trading 合資会社") == normalise_name("abc trading") == "abctrading"
    )
    assert normalise_name("NPO法人 Kawaguchi") == "kawaguchi"


def test_every_message_formats_with_its_parameters() -> None:
    for code in MESSAGES:
        assert TextFormatError(code, text="x", unit="千").message


@pytest.mark.parametrize("text", ["0", "007", "-0", "-12", "123456789012345678", "1" * 19])
def test_parse_plain_numbers_as_the_general_path(text: str) -> None:
    """Plain ASCII digits take a short cut; it gives what the full parse gives."""
    full = int(text)  # what sign, digits and int() make of it
    assert parse_integer(text) == full
    assert parse_decimal(text.lstrip("-")) == Decimal(text.lstrip("-"))
    if text.startswith("-"):
        with pytest.raises(NumberFormatError):
            parse_integer(text, allow_negative=False)
    else:
        assert parse_integer(text, allow_negative=False) == full
