"""Visibility of motivation checks: the rules every record about a business follows."""

from bansou.businesses.records import BusinessRecordQuerySet


class MotivationCheckQuerySet(BusinessRecordQuerySet):
    """Adds nothing yet: motivation checks are visible exactly like their business."""
