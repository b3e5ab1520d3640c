"""The advisor's day."""
