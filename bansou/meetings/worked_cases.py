"""The chamber's own support records of a theme, shown under its guide page as worked cases."""

from bansou.support.models import SupportRecord

CASES_SHOWN = 10


def worked_cases(user, theme: str):
    """Records of the theme with a 支援対応方法 (approach) written, newest first, that the
    reader may read (an expert sees only their businesses' records)."""
    return list(
        SupportRecord.objects.for_user(user)
        .filter(themes__theme=theme)
        .exclude(approach="")
        .select_related("business", "staff")
        .defer("search_text", "condition", "analysis")
        .order_by("-occurred_at", "-pk")[:CASES_SHOWN]
    )
