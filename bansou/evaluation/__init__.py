"""The development plan (経営発達支援計画), its targets, evaluation and the committee report."""
