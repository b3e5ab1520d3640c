"""Visibility of support records: the rules every record about a business follows."""

from bansou.businesses.records import BusinessRecordQuerySet


class SupportRecordQuerySet(BusinessRecordQuerySet):
    """Adds nothing yet: support records are visible exactly like their business."""
