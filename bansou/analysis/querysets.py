"""Visibility of analyses: the rules every record about a business follows."""

from bansou.businesses.records import BusinessRecordQuerySet


class BusinessAnalysisQuerySet(BusinessRecordQuerySet):
    """Adds nothing yet: analyses are visible exactly like their business."""
