"""The `bansou` command: Django's management commands without knowing where manage.py lives."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bansou.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["bansou", *sys.argv[1:]])


if __name__ == "__main__":
    main()
