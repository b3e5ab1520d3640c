"""Business analysis (経営状況の分析)."""
