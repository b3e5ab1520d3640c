"""Japan Standard Industrial Classification (日本標準産業分類, Rev. 14) divisions A–T."""

from django.db import models
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
