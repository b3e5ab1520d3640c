"""Support records (支援記録) and the knowledge search."""
