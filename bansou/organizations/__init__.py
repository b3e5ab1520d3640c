"""Tenants: the chambers, their departments (担当課) and districts (地区)."""
