"""The development plan (経営発達支援計画), its targets, the evaluation and the committee's report."""
