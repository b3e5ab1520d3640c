"""Legal size classes of a business: 小規模事業者 and 中小企業者 (pure functions).

小規模事業者 follows 小規模事業者支援法 §2 and its 施行令 §1, the law behind the plan:
regular employees at most 5 in commerce or services, at most 20 in manufacturing and
others, and at most 20 in the two 政令 industries, lodging (宿泊業) and amusement (娯楽業).
中小企業者 follows 中小企業基本法 §2: capital OR regular employees within the limit.
When only the JSIC division is known, a division that mixes classes takes the class of
most of its businesses (M: eating and drinking, N: personal services); the major group
(中分類) decides exactly, and a manual override with a reason covers the rest.
"""

from enum import StrEnum

# JSIC major groups that 小規模事業者支援法 treats as commerce or services (≤ 5 employees).
_SERVICE_MAJOR_GROUPS = (
    set(range(37, 42))  # G: communications, broadcasting, information, internet, media
    | set(range(50, 62))  # I: wholesale and retail
    | {69, 70}  # K: real estate lessors and managers, goods rental (68 dealing is "other")
    | set(range(71, 75))  # L
    | {76, 77}  # M: eating and drinking
    | {78, 79}  # N: laundry, beauty, bath and other personal services
    | set(range(81, 97))  # O, P, Q, R
)
_LODGING_ENTERTAINMENT_MAJOR_GROUPS = {75, 80}  # 施行令 §1: 宿泊業, 娯楽業
_SERVICE_DIVISIONS = {"G", "I", "K", "L", "M", "N", "O", "P", "Q", "R"}


class SizeClass(StrEnum):
    COMMERCE_SERVICE = "commerce_service"
    MANUFACTURING_OTHER = "manufacturing_other"
    LODGING_ENTERTAINMENT = "lodging_entertainment"


SMALL_EMPLOYEE_LIMIT = {
    SizeClass.COMMERCE_SERVICE: 5,
    SizeClass.MANUFACTURING_OTHER: 20,
    SizeClass.LODGING_ENTERTAINMENT: 20,
}


def size_class(division: str, major_group: str = "") -> SizeClass:
    if major_group:
        group = int(major_group)
        if group in _LODGING_ENTERTAINMENT_MAJOR_GROUPS:
            return SizeClass.LODGING_ENTERTAINMENT
        if group in _SERVICE_MAJOR_GROUPS:
            return SizeClass.COMMERCE_SERVICE
        return SizeClass.MANUFACTURING_OTHER
    if division in _SERVICE_DIVISIONS:
        return SizeClass.COMMERCE_SERVICE
    return SizeClass.MANUFACTURING_OTHER


def is_small_business(division: str, major_group: str, employees: int | None) -> bool | None:
    """None when the number of regular employees is not known."""
    if employees is None:
        return None
    # 支援法 §2: 「…以下」, the limit itself is still small.
    return employees <= SMALL_EMPLOYEE_LIMIT[size_class(division, major_group)]


class SmeClass(StrEnum):
    MANUFACTURING_OTHER = "manufacturing_other"
    WHOLESALE = "wholesale"
    RETAIL = "retail"
    SERVICE = "service"


# 中小企業基本法 §2: (capital in yen, regular employees), either one within the limit.
SME_LIMITS = {
    SmeClass.MANUFACTURING_OTHER: (300_000_000, 300),
    SmeClass.WHOLESALE: (100_000_000, 100),
    SmeClass.RETAIL: (50_000_000, 50),
    SmeClass.SERVICE: (50_000_000, 100),
}


def sme_class(division: str, major_group: str = "") -> SmeClass:
    if major_group:
        group = int(major_group)
        if 50 <= group <= 55:
            return SmeClass.WHOLESALE
        if 56 <= group <= 61 or group in {76, 77}:
            return SmeClass.RETAIL  # eating and drinking count as retail under the 基本法
        if group in _SERVICE_MAJOR_GROUPS or group in _LODGING_ENTERTAINMENT_MAJOR_GROUPS:
            return SmeClass.SERVICE
        return SmeClass.MANUFACTURING_OTHER
    if division == "I":
        return SmeClass.RETAIL  # the stricter of wholesale and retail until the group is known
    if division == "M":
        return SmeClass.RETAIL
    if division in _SERVICE_DIVISIONS:
        return SmeClass.SERVICE
    return SmeClass.MANUFACTURING_OTHER


def is_sme(division: str, major_group: str, capital: int | None, employees: int | None):
    """True if either known figure is within the limit, False if both exceed it, else None."""
    capital_limit, employee_limit = SME_LIMITS[sme_class(division, major_group)]
    checks = []
    if capital is not None:
        checks.append(capital <= capital_limit)
    if employees is not None:
        checks.append(employees <= employee_limit)
    if any(checks):
        return True
    if len(checks) == 2:
        return False
    return None
