"""The evaluation committee."""
