"""小規模事業者 and 中小企業者 by the law's thresholds (支援法 §2, 施行令 §1, 基本法 §2)."""

import pytest

from bansou.businesses.rules import SizeClass, is_small_business, is_sme, size_class


@pytest.mark.parametrize(
    ("division", "group", "employees", "expected"),
    [
        ("I", "", 5, True),  # commerce: 5 or fewer
        ("I", "", 6, False),
        ("I", "58", 5, True),
        ("E", "", 20, True),  # manufacturing: 20 or fewer
        ("E", "", 21, False),
        ("D", "", 20, True),  # "others" follow manufacturing
        ("H", "44", 21, False),
        ("M", "75", 20, True),  # lodging: 20 by 施行令 §1
        ("M", "75", 21, False),
        ("M", "76", 6, False),  # eating and drinking: commerce
        ("M", "", 6, False),  # division only: most of M is eating and drinking
        ("N", "80", 20, True),  # amusement: 20 by 施行令 §1
        ("N", "78", 6, False),  # personal services: 5
        ("K", "68", 20, True),  # real-estate dealing is "others"
        ("K", "69", 6, False),  # lessors and managers are services
        ("R", "", 0, True),
        ("E", "", None, None),  # unknown employees: unknown
    ],
)
def test_is_small_business(division, group, employees, expected):
    assert is_small_business(division, group, employees) is expected


def test_size_classes():
    assert size_class("M", "75") == SizeClass.LODGING_ENTERTAINMENT
    assert size_class("G") == SizeClass.COMMERCE_SERVICE
    assert size_class("A") == SizeClass.MANUFACTURING_OTHER


@pytest.mark.parametrize(
    ("division", "group", "capital", "employees", "expected"),
    [
        ("E", "", 300_000_000, 999, True),  # capital alone is enough
        ("E", "", 400_000_000, 300, True),  # employees alone are enough
        ("E", "", 400_000_000, 301, False),
        ("I", "52", 100_000_000, 500, True),  # wholesale: 1億
        ("I", "52", 150_000_000, 101, False),
        ("I", "58", 60_000_000, 51, False),  # retail: 5千万 / 50
        ("R", "", 60_000_000, 100, True),  # services: 100 employees
        ("E", "", None, None, None),
        ("E", "", 400_000_000, None, None),  # over on capital, employees unknown
    ],
)
def test_is_sme(division, group, capital, employees, expected):
    assert is_sme(division, group, capital, employees) is expected
