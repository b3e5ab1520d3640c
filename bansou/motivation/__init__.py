"""Motivation checks (経営意欲確認) and the ranked queue of businesses to analyse."""
