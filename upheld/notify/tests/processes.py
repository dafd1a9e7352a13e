"""Run the real `upheld` command as a separate process against the test database.

A transactional test (`@pytest.mark.django_db(transaction=True)`) commits what it writes,
so a child process pointed at the same database (DATABASE_URL built from the test
connection, which pytest-django already renamed to the test database) sees it."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    if connection.vendor != "postgresql":
        raise NotImplementedError(connection.vendor)
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{quote(db['NAME'], safe='')}"


def upheld_command() -> list[str]:
    script = Path(sys.executable).with_name("upheld")
    return [str(script)] if script.exists() else [sys.executable, "-m", "upheld"]


def upheld_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        {
            "DATABASE_URL": database_url(),
            "UPHELD_DATA_DIR": str(data_dir),
            "SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_SETTINGS_MODULE": "upheld.project.settings",
            "DEBUG": "0",
            **extra,
        }
    )
    return env


def run_upheld(
    *args: str, data_dir: Path, timeout: float = 60, **env: str
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*upheld_command(), *args],
        env=upheld_env(data_dir, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def start_upheld(*args: str, data_dir: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [*upheld_command(), *args],
        env=upheld_env(data_dir, **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
