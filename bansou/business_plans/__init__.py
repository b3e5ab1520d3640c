"""Business plans (事業計画) drafted with a business."""
