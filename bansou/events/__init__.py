"""Events the chamber runs (exhibitions, seminars, matchmaking) and the businesses taking part."""
