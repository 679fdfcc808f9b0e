"""Reference data files shipped inside the package (organisation types, roles)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


def load_yaml(package: str, name: str) -> Any:
    """Load `<package>/data/<name>`; returns the parsed YAML document."""
    text = resources.files(package).joinpath("data", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def organization_types() -> list[dict[str, Any]]:
    return list(load_yaml("reintegra.core", "organization_types.yaml")["types"])


def organization_type_choices() -> list[tuple[str, str]]:
    return [(t["code"], t["label"]) for t in organization_types()]
