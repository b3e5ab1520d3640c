"""Pure helpers (no Django dependency): eras, fiscal years, text normalisation, tabular output."""
