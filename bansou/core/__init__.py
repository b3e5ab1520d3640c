"""Cross-cutting parts: access control, the admin site, base templates, the home page."""
