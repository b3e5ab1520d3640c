"""Access to the audit log: derived from the table (AUDIT_READ: the chamber's administrator)."""
