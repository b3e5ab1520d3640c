"""The JSON API (django-ninja): the chamber's records for other programs, by per-user token."""
