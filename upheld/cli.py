"""The `upheld` command: Django's manage.py under the product's name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upheld.project.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "upheld"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
