"""Access decisions for the dashboard app.

The advisor's day is served by core:home (bansou/core/tests/access.py), so this app has no URL
of its own; its settings live in the admin site (one row per chamber). Nothing to declare.
"""
