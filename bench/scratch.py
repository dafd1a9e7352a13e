"""The scratch database a bench runs on: made before, dropped after, never the user's data."""

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


@dataclass
class Scratch:
    """Where the bench runs: a database of its own, made before and dropped after."""

    engine: str  # "sqlite" | "postgresql"
    url: str
    path: Path | None = None  # SQLite file
    admin_url: str = ""  # PostgreSQL: the server's maintenance database
    name: str = "upheld_bench"

    @classmethod
    def beside(cls, configured: str, tmp: Path, name: str) -> "Scratch":
        if configured.startswith(("postgres://", "postgresql://", "pgsql://")):
            parts = urlsplit(configured)
            url = urlunsplit(parts._replace(path="/" + name))
            admin = urlunsplit(parts._replace(path="/postgres"))
            return cls("postgresql", url, admin_url=admin, name=name)
        if configured and not configured.startswith("sqlite:"):
            raise SystemExit(f"the benches know SQLite and PostgreSQL, not {configured}")
        path = tmp / f"{name}.sqlite3"
        return cls("sqlite", f"sqlite:///{path}", path=path, name=name)

    def create(self) -> None:
        if self.engine == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"', f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        if self.engine == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def _admin(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(libpq(self.admin_url), autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)

    def describe(self) -> str:
        if self.engine == "sqlite":
            import sqlite3

            return f"SQLite {sqlite3.sqlite_version} (WAL, synchronous=NORMAL)"
        import psycopg

        with psycopg.connect(libpq(self.url)) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
        return f"PostgreSQL {version}"


def libpq(url: str) -> str:
    return url.replace("pgsql://", "postgresql://", 1)
