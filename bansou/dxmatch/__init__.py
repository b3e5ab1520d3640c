"""DX vendor matching (plan §12①): needs of businesses, proposals from member IT vendors."""
