"""Tests for bansou.lib.corporate_number: 法人番号 normalisation, check digit and generation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bansou.lib.corporate_number import (
    MESSAGES,
    CorporateNumberError,
    make_corporate_number,
    normalise_corporate_number,
    validate_corporate_number,
)

# 国税庁's own 法人番号, as published on its 法人番号公表サイト.
NTA = "7000012050002"
# The example in python-stdnum's stdnum.jp.cn documentation.
STDNUM_EXAMPLE = "5835678256246"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (NTA, NTA),
        ("7-0000-1205-0002", NTA),
        ("７０００ ０１２０ ５０００２", NTA),
        ("７０００－０１２０－５０００２", NTA),
        (" 7000012050002 ", NTA),
        ("7000012050002.0", NTA),
        (STDNUM_EXAMPLE, STDNUM_EXAMPLE),
        ("5-8356-7825-6246", STDNUM_EXAMPLE),
    ],
)
def test_validate_accepts_real_numbers(text: str, expected: str) -> None:
    assert validate_corporate_number(text) == expected


def test_normalise_does_not_validate() -> None:
    assert normalise_corporate_number("１２３-４５") == "12345"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        (" - ", "empty"),
        ("700001205000", "invalid_length"),
        ("70000120500021", "invalid_length"),
        ("700001205000X", "invalid_length"),
        ("8000012050002", "invalid_checksum"),
        ("0000012050002", "invalid_checksum"),
        ("2-8356-7825-6246", "invalid_checksum"),
        ("7.00001E+12", "excel_exponent"),
        ("1.23457E+12", "excel_exponent"),
        ("7E12", "excel_exponent"),
    ],
)
def test_validate_errors(text: str, code: str) -> None:
    with pytest.raises(CorporateNumberError) as info:
        validate_corporate_number(text)
    error = info.value
    assert error.code == code
    assert str(error) == error.message
    assert isinstance(error, ValueError)


def test_error_messages() -> None:
    with pytest.raises(CorporateNumberError, match="法人番号は13桁の数字です"):
        validate_corporate_number("123")
    with pytest.raises(CorporateNumberError, match="法人番号のチェックデジットが正しくありません"):
        validate_corporate_number("8000012050002")
    with pytest.raises(CorporateNumberError, match="Excelの指数表示で桁が失われています"):
        normalise_corporate_number("1.23457E+12")


def test_make_corporate_number() -> None:
    assert make_corporate_number(NTA[1:]) == NTA
    assert make_corporate_number(STDNUM_EXAMPLE[1:]) == STDNUM_EXAMPLE


@pytest.mark.parametrize(
    "base", ["", "12345678901", "1234567890123", "12345678901x", "１２３４５６７８９０１２"]
)
def test_make_corporate_number_rejects_bad_base(base: str) -> None:
    with pytest.raises(CorporateNumberError) as info:
        make_corporate_number(base)
    assert info.value.code == "invalid_base"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_made_numbers_validate_and_other_check_digits_do_not(base: str) -> None:
    number = make_corporate_number(base)
    assert number[0] != "0"
    assert validate_corporate_number(number) == number
    for digit in "0123456789":
        if digit != number[0]:
            assert not _is_valid(digit + base)


def _is_valid(number: str) -> bool:
    try:
        validate_corporate_number(number)
    except CorporateNumberError:
        return False
    return True


def test_every_message_formats_with_its_parameters() -> None:
    for code in MESSAGES:
        assert CorporateNumberError(code, text="x").message
