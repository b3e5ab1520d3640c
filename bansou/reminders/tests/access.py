"""Access decisions for reminders: one's own setting; letters for those who write records."""
