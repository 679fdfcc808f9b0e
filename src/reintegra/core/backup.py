"""Backups: SQLite through its online backup API, PostgreSQL through pg_dump / pg_restore."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection, connections


class BackupError(Exception):
    pass


def _pg_env() -> tuple[list[str], dict[str, str]]:
    s = connection.settings_dict
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    args = ["-h", str(s.get("HOST") or "localhost"), "-p", str(s.get("PORT") or 5432),
            "-U", str(s.get("USER") or "postgres")]
    return args, env


def backup(path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_env()
        result = subprocess.run(
            ["pg_dump", *args, "-Fc", "--no-owner", "-f", str(path), connection.settings_dict["NAME"]],
            env=env, capture_output=True, text=True,
        )
        if result.returncode:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    else:
        raise BackupError(f"Backups are not supported on {connection.vendor}.")
    return path


def restore(path: Path) -> None:
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    if connection.vendor == "sqlite":
        try:
            source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            source.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{path} is not a SQLite database: {exc}") from exc
        connection.ensure_connection()
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_env()
        connections.close_all()
        result = subprocess.run(
            ["pg_restore", *args, "--clean", "--if-exists", "--no-owner", "--single-transaction",
             "-d", connection.settings_dict["NAME"], str(path)],
            env=env, capture_output=True, text=True,
        )
        if result.returncode:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    else:
        raise BackupError(f"Restore is not supported on {connection.vendor}.")
