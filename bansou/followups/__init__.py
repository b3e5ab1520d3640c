"""Follow-up after a plan (実施支援)."""
