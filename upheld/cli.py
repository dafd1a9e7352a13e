"""The `upheld` command: Django's manage.py under the product's name.

Command names may be written with hyphens (`upheld verify-trail`, `upheld issue-token`):
Django's command modules can't hold a hyphen, so `verify-trail` runs `verify_trail`.
Both spellings work.
"""

import os
import sys


def _command_name(name: str) -> str:
    """`verify-trail` → `verify_trail`; options and names without hyphens pass unchanged."""
    if name.startswith("-") or "-" not in name:
        return name
    return name.replace("-", "_")


def normalise_argv(argv: list[str]) -> list[str]:
    argv = list(argv)
    if len(argv) > 1:
        argv[1] = _command_name(argv[1])
        if argv[1] == "help" and len(argv) > 2:
            argv[2] = _command_name(argv[2])
    return argv


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upheld.project.settings")
    from django.core.management import execute_from_command_line

    argv = normalise_argv(sys.argv)
    argv[0] = "upheld"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
