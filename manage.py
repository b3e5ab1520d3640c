#!/usr/bin/env python
"""Django's manage.py for developers; operators use the `bansou` command installed in .venv."""

from bansou.cli import main

if __name__ == "__main__":
    main()
