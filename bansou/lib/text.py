"""Japanese text normalisation for search keys, kana readings, numbers, phones and names."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

__all__ = [
    "HYPHENS",
    "LEGAL_FORMS",
    "MAGNITUDE_WORDS",
    "MESSAGES",
    "MINUS_SIGNS",
    "NEGATIVE_MARKS",
    "UNIT_SUFFIXES",
    "NumberFormatError",
    "PhoneFormatError",
    "PostalCodeError",
    "TextFormatError",
    "is_kana_reading",
    "nfkc",
    "normalise_kana",
    "normalise_name",
    "normalise_phone",
    "normalise_postal_code",
    "parse_decimal",
    "parse_integer",
    "phone_digits",
    "search_key",
    "to_katakana",
]

# Characters people type for a minus sign: hyphen-minus, hyphen, non-breaking hyphen,
# figure dash, en dash, em dash, minus sign, small and full-width hyphen-minus.
MINUS_SIGNS = "-\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d"
# Phone numbers and postal codes also see the horizontal bar and the long-vowel mark ー,
# which Japanese IMEs produce when "-" is typed in kana mode.
HYPHENS = MINUS_SIGNS + "\u2015\u30fc\uff70"
# 決算書 notation writes negative amounts with a leading ▲ or △.
NEGATIVE_MARKS = "▲△"
# Counting suffixes that do not change the magnitude of the number before them.
UNIT_SUFFIXES: tuple[str, ...] = ("円", "人", "件", "回", "者", "社", "名")
# Magnitude words change the value (1,000千円 is one million yen), so they are refused
# rather than silently dropped.
MAGNITUDE_WORDS: tuple[str, ...] = ("百万", "千", "万", "億", "兆")
# Legal-form words ignored when comparing organisation names (after NFKC, so that
# （株） and ㈱ both arrive as "(株)").
LEGAL_FORMS: tuple[str, ...] = (
    "株式会社",
    "有限会社",
    "合同会社",
    "合資会社",
    "合名会社",
    "一般社団法人",
    "一般財団法人",
    "公益社団法人",
    "公益財団法人",
    "特定非営利活動法人",
    "npo法人",
    "社会福祉法人",
    "(株)",
    "(有)",
    "(同)",
    "(一社)",
    "(一財)",
    "(公社)",
    "(公財)",
    "(特非)",
)

MESSAGES: dict[str, str] = {
    "empty": "値が入力されていません。",
    "not_integer": "整数で入力してください: {text}",
    "invalid_number": "数値として読み取れません: {text}",
    "invalid_grouping": "桁区切りのカンマの位置が正しくありません（3桁ごと）: {text}",
    "negative_not_allowed": "負の数は入力できません: {text}",
    "unit_magnitude": (
        "「{unit}」のような桁の単位は使えません。単位を省かず、数字だけで入力してください"
        "（例: 1,500千円 → 1500000）: {text}"
    ),
    "invalid_phone": "電話番号は10桁または11桁の数字で入力してください: {text}",
    "invalid_postal_code": "郵便番号は7桁の数字で入力してください（例: 332-0012）: {text}",
}

_WHITESPACE_RE = re.compile(r"\s+")
_SEARCH_DROP_RE = re.compile(r"[\s・·]+")
_HIRAGANA_TO_KATAKANA = {cp: cp + 0x60 for cp in range(0x3041, 0x3097)} | {
    # The hiragana iteration marks ゝゞ have katakana counterparts ヽヾ.
    0x309D: 0x30FD,
    0x309E: 0x30FE,
}
_MINUS_TABLE = str.maketrans({c: "-" for c in MINUS_SIGNS})
_HYPHEN_TABLE = str.maketrans({c: "-" for c in HYPHENS})
_INTEGER_RE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+")
_DECIMAL_RE = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+")
# What most cells of a number column are: plain ASCII digits, parsed without the detour.
_PLAIN_INTEGER_RE = re.compile(r"-?[0-9]{1,18}")
_PLAIN_DECIMAL_RE = re.compile(r"[0-9]{1,18}(?:\.[0-9]{1,18})?")
_KANA_READING_RE = re.compile(r"[\u30a0-\u30ffA-Za-z0-9 .,&'()\-]*")
_PHONE_SEPARATORS_RE = re.compile(r"[\s()\-]+")
_PHONE_DROP_RE = re.compile(r"[^0-9\-]")
_LEGAL_FORMS_RE = re.compile(
    "|".join(re.escape(f) for f in sorted(LEGAL_FORMS, key=len, reverse=True))
)


class TextFormatError(ValueError):
    """Base for input that cannot be normalised; `message` is Japanese, `code` is stable."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        self.message = MESSAGES[code].format(**params)
        super().__init__(self.message)


class NumberFormatError(TextFormatError):
    """Text that is not an acceptable integer or decimal."""


class PhoneFormatError(TextFormatError):
    """Text that is not a Japanese phone number."""


class PostalCodeError(TextFormatError):
    """Text that is not a seven-digit Japanese postal code."""


# --- kana and search ----------------------------------------------------------------------


# The halfwidth and fullwidth forms (Ａ, １, （, ｶ, ﾞ …) and the ideographic space, each to
# its compatibility decomposition where that is one character. NFKC is decomposition, then
# composition, so NFKC of the text with these replaced equals NFKC of the text itself.
_WIDTH_FORMS = {
    code: decomposed
    for code in (0x3000, *range(0xFF01, 0xFFEF))
    if len(decomposed := unicodedata.normalize("NFKD", chr(code))) == 1 and decomposed != chr(code)
}


_WIDTH_FORMS_RE = re.compile(f"[{re.escape(''.join(map(chr, _WIDTH_FORMS)))}]+")


def _narrow(match: re.Match) -> str:
    return match.group().translate(_WIDTH_FORMS)


def nfkc(s: str) -> str:
    """Unicode NFKC: full-width ASCII to ASCII, half-width katakana to full-width, ㈱ to (株).

    Japanese text is full of full-width brackets and digits, and CPython's NFKC of a string
    that needs any change costs ~150 ns a character (10 µs for a line of a カルテ); replacing
    the runs of width forms first leaves most strings normalised, which the quick check
    confirms cheaply. The result is exactly unicodedata.normalize("NFKC", s) (tested).
    """
    if unicodedata.is_normalized("NFKC", s):
        return s
    s = _WIDTH_FORMS_RE.sub(_narrow, s)
    if unicodedata.is_normalized("NFKC", s):
        return s
    return unicodedata.normalize("NFKC", s)


def search_words(s: str, limit: int = 100) -> str:
    """A search box's text as a query may use it: NFKC, no NUL (PostgreSQL refuses it in a
    text parameter, so a pasted or forged NUL would be a server error), trimmed and bounded."""
    return nfkc(s.replace("\x00", "")).strip()[:limit]


def to_katakana(s: str) -> str:
    """NFKC, then hiragana to katakana (ｶﾜｸﾞﾁ and かわぐち both become カワグチ)."""
    return nfkc(s).translate(_HIRAGANA_TO_KATAKANA)


def _search_pass(s: str) -> str:
    # Casefolding can produce text that NFKC changes again (and vice versa), so
    # normalise on both sides of it.
    s = nfkc(nfkc(s).casefold())
    return _SEARCH_DROP_RE.sub("", s).translate(_HIRAGANA_TO_KATAKANA)


def _search_key_part(s: str) -> str:
    # Dropping spaces can put a combining mark next to a new base letter (NFKC turns ゛
    # into a space plus U+3099), which a further NFKC composes; repeat until stable so
    # that normalising a query twice gives the same key.
    for _ in range(8):
        again = _search_pass(s)
        if again == s:
            break
        s = again
    return s


def search_key(*parts: str | None) -> str:
    """Normalised text for substring search: NFKC, casefold, katakana, no spaces or ・."""
    return "\n".join(_search_key_part(p or "") for p in parts)


def normalise_kana(s: str) -> str:
    """A kana reading for storage: NFKC, katakana, single ASCII spaces, stripped."""
    return _WHITESPACE_RE.sub(" ", to_katakana(s)).strip()


def is_kana_reading(s: str) -> bool:
    """True when `s` holds only katakana, ASCII letters/digits, spaces and .,&-'・().

    Pass text through normalise_kana first; an empty string is True (whether a value is
    required is the form's concern).
    """
    return _KANA_READING_RE.fullmatch(s) is not None


# --- numbers ------------------------------------------------------------------------------


def _strip_suffix(s: str, suffixes: tuple[str, ...]) -> tuple[str, str]:
    for suffix in suffixes:
        if s.endswith(suffix):
            return s[: -len(suffix)], suffix
    return s, ""


def _refuse_magnitude(s: str, original: str) -> None:
    _, magnitude = _strip_suffix(s, MAGNITUDE_WORDS)
    if magnitude:
        raise NumberFormatError("unit_magnitude", unit=magnitude, text=original)


def _split_sign(s: str) -> tuple[bool, str]:
    if s and s[0] in NEGATIVE_MARKS:
        return True, s[1:]
    if s.startswith("(") and s.endswith(")"):
        # Accounting notation: (1,234) is a negative amount.
        return True, s[1:-1]
    if s and s[0] in "+-":
        return s[0] == "-", s[1:]
    return False, s


def _number_body(text: str, *, allow_percent: bool) -> tuple[bool, str]:
    """Return (negative, digits with separators) after removing signs and units."""
    original = text.strip()
    s = _WHITESPACE_RE.sub("", nfkc(text)).translate(_MINUS_TABLE)
    if not s:
        raise NumberFormatError("empty")
    if allow_percent and s.endswith("%"):
        s = s[:-1]
    s, unit = _strip_suffix(s, UNIT_SUFFIXES)
    _refuse_magnitude(s, original)
    negative, s = _split_sign(s)
    if not unit:
        # A unit may also sit inside the sign: (1,234円), ▲1,234円.
        s, unit = _strip_suffix(s, UNIT_SUFFIXES)
        _refuse_magnitude(s, original)
    return negative, s


def _check_sign(negative: bool, allow_negative: bool, original: str) -> None:
    if negative and not allow_negative:
        raise NumberFormatError("negative_not_allowed", text=original)


def parse_integer(text: str, *, allow_negative: bool = True) -> int:
    """Parse "1,068", "１，０６８", "▲1,234", "(1,234)", "5人" into an int."""
    if _PLAIN_INTEGER_RE.fullmatch(text) and (allow_negative or text[0] != "-"):
        return int(text)
    original = text.strip()
    negative, body = _number_body(text, allow_percent=False)
    if not _INTEGER_RE.fullmatch(body):
        if _DECIMAL_RE.fullmatch(body):
            raise NumberFormatError("not_integer", text=original)
        code = "invalid_grouping" if "," in body else "invalid_number"
        raise NumberFormatError(code, text=original)
    _check_sign(negative, allow_negative, original)
    try:
        value = int(body.replace(",", ""))
    except ValueError:
        # Python refuses to convert integers of more than 4300 digits.
        raise NumberFormatError("invalid_number", text=original) from None
    return -value if negative else value


def parse_decimal(text: str, *, allow_negative: bool = True) -> Decimal:
    """Like parse_integer but allows one decimal point and a trailing % (not divided)."""
    if _PLAIN_DECIMAL_RE.fullmatch(text):
        return Decimal(text)
    original = text.strip()
    negative, body = _number_body(text, allow_percent=True)
    if not _DECIMAL_RE.fullmatch(body):
        code = "invalid_grouping" if "," in body else "invalid_number"
        raise NumberFormatError(code, text=original)
    _check_sign(negative, allow_negative, original)
    value = Decimal(body.replace(",", ""))
    return -value if negative and not value.is_zero() else value


# --- phones, postal codes, names ----------------------------------------------------------


def _phone_text(text: str) -> str:
    s = nfkc(text).strip().translate(_HYPHEN_TABLE)
    if s.startswith("+81"):
        # International form: +81-48-228-2220 is 048-228-2220 at home.
        rest = s[3:].lstrip(" -()")
        s = rest if rest.startswith("0") else "0" + rest
    s = _PHONE_SEPARATORS_RE.sub("-", s)
    s = _PHONE_DROP_RE.sub("", s)
    return re.sub("-+", "-", s).strip("-")


def normalise_phone(text: str) -> str:
    """Digits and single hyphens, e.g. "048-228-2220"; empty input gives "".

    Hyphens are kept where the user put them: placing them needs the area-code table.
    """
    if not text.strip():
        return ""
    phone = _phone_text(text)
    if not 10 <= len(phone.replace("-", "")) <= 11:
        # Japanese fixed-line numbers have 10 digits, mobile and IP phones 11.
        raise PhoneFormatError("invalid_phone", text=text.strip())
    return phone


def phone_digits(text: str) -> str:
    """Digits only, for duplicate matching; does not validate so it works on legacy data."""
    return _phone_text(text).replace("-", "")


def normalise_postal_code(text: str) -> str:
    """Return "332-0012" for "3320012", "〒332-0012" or "３３２－００１２"; "" for empty input."""
    s = _WHITESPACE_RE.sub("", nfkc(text)).translate(_HYPHEN_TABLE)
    s = s.removeprefix("〒").replace("-", "")
    if not s:
        return ""
    if not re.fullmatch(r"[0-9]{7}", s):
        raise PostalCodeError("invalid_postal_code", text=text.strip())
    return f"{s[:3]}-{s[3:]}"


def normalise_name(text: str) -> str:
    """Organisation name for duplicate detection: NFKC, casefold, no spaces or legal forms."""
    s = _WHITESPACE_RE.sub("", nfkc(text).casefold())
    # Removing one form can join the halves of another, so repeat until nothing changes.
    while (stripped := _LEGAL_FORMS_RE.sub("", s)) != s:
        s = stripped
    return s
