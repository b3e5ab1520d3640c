"""法人番号 (Japanese Corporate Number): normalisation, validation and generation."""

from __future__ import annotations

import re
import unicodedata

from stdnum.jp import cn

__all__ = [
    "MESSAGES",
    "CorporateNumberError",
    "make_corporate_number",
    "normalise_corporate_number",
    "validate_corporate_number",
]

MESSAGES: dict[str, str] = {
    "empty": "法人番号が入力されていません。",
    "invalid_length": "法人番号は13桁の数字です: {text}",
    "invalid_checksum": "法人番号のチェックデジットが正しくありません: {text}",
    "excel_exponent": (
        "Excelの指数表示で桁が失われています。セルの書式を文字列にして入力し直してください: {text}"
    ),
    "invalid_base": "チェックデジットを付ける元の番号は12桁の数字です: {text}",
}

# Separators people put between digit groups (e.g. 7-0000-1205-0002).
_SEPARATORS_RE = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014\u2212\u30fc\uff70]+")
# Excel shows long numbers as "1.23457E+12" and keeps only ~6 significant digits in the
# text, so the original number cannot be recovered from it.
_EXPONENT_RE = re.compile(r"[0-9](?:\.[0-9]*)?E\+?[0-9]+", re.IGNORECASE | re.ASCII)
# A 13-digit number read from a spreadsheet as a float prints as "7000012050002.0";
# floats hold such integers exactly, so the trailing ".0" is safe to drop.
_FLOAT_SUFFIX_RE = re.compile(r"([0-9]{13})\.0+")
_DIGITS_RE = re.compile(r"[0-9]+")


class CorporateNumberError(ValueError):
    """An unusable 法人番号; `message` is Japanese, `code` is stable."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        self.message = MESSAGES[code].format(**params)
        super().__init__(self.message)


def normalise_corporate_number(text: str) -> str:
    """NFKC and strip spaces and hyphens; does not check length or check digit."""
    s = _SEPARATORS_RE.sub("", unicodedata.normalize("NFKC", text))
    if _EXPONENT_RE.fullmatch(s):
        raise CorporateNumberError("excel_exponent", text=text.strip())
    if match := _FLOAT_SUFFIX_RE.fullmatch(s):
        s = match[1]
    return s


def validate_corporate_number(text: str) -> str:
    """Return the 13-digit number or raise CorporateNumberError.

    The first digit is a check digit over the other twelve, defined by 法人番号の指定等に
    関する省令; stdnum.jp.cn implements that formula.
    """
    number = normalise_corporate_number(text)
    if not number:
        raise CorporateNumberError("empty")
    if len(number) != 13 or not _DIGITS_RE.fullmatch(number):
        raise CorporateNumberError("invalid_length", text=text.strip())
    if cn.calc_check_digit(number[1:]) != number[0]:
        raise CorporateNumberError("invalid_checksum", text=text.strip())
    return number


def make_corporate_number(base12: str) -> str:
    """Prefix the check digit to a 12-digit base number (used by demo data generators)."""
    if len(base12) != 12 or not _DIGITS_RE.fullmatch(base12):
        raise CorporateNumberError("invalid_base", text=base12)
    return cn.calc_check_digit(base12) + base12
