"""The plan definition as a file: YAML for version control, an Excel sheet for people."""
