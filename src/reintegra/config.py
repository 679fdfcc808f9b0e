"""Read deployment settings from the environment, failing with a clear message in production.

Kept apart from settings.py so the CLI can report a missing secret before Django starts.
"""

from __future__ import annotations

import base64
import os
import secrets
from dataclasses import dataclass
from pathlib import Path


class ConfigurationError(Exception):
    """A required setting is missing or malformed; the message tells the operator what to do."""


TRUE_VALUES = {"1", "true", "yes", "on"}


def env_flag(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in TRUE_VALUES


def reintegra_home() -> Path:
    return Path(os.environ.get("REINTEGRA_HOME", "var")).resolve()


@dataclass(frozen=True)
class Secrets:
    secret_key: str
    data_keys: str


def _local_secret_file(home: Path, name: str, make) -> str:
    """Development only: keep generated secrets in REINTEGRA_HOME so restarts can decrypt old data."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / name
    if not path.exists():
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


def load_secrets(debug: bool) -> Secrets:
    secret_key = os.environ.get("REINTEGRA_SECRET_KEY", "").strip()
    data_keys = os.environ.get("REINTEGRA_DATA_KEYS", "").strip()
    if debug:
        home = reintegra_home()
        secret_key = secret_key or _local_secret_file(home, "secret_key", lambda: secrets.token_urlsafe(50))
        data_keys = data_keys or _local_secret_file(
            home, "data_keys", lambda: "k1:" + base64.b64encode(secrets.token_bytes(32)).decode()
        )
        return Secrets(secret_key, data_keys)
    missing = [
        name
        for name, value in (("REINTEGRA_SECRET_KEY", secret_key), ("REINTEGRA_DATA_KEYS", data_keys))
        if not value
    ]
    if missing:
        raise ConfigurationError(
            "Missing required setting(s): "
            + ", ".join(missing)
            + ". In production set them in the environment "
            "(REINTEGRA_DATA_KEYS looks like 'k1:<32 bytes in base64>'); "
            "for a local demo set REINTEGRA_DEBUG=true to generate them under REINTEGRA_HOME."
        )
    return Secrets(secret_key, data_keys)
