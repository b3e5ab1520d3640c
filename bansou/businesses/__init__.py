"""The business register (事業者台帳) and each business's page (カルテ)."""
