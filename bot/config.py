"""Settings from the environment and from a `.env` file beside the working directory.

The environment wins over `.env`, so a deployment can override a checked-in
default without editing files.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


class ConfigError(ValueError):
    """A setting that is missing or malformed; the message says which and why."""


def read_dotenv(path: Path) -> dict[str, str]:
    """The KEY=VALUE pairs of a .env file (comments, blank lines and `export ` allowed)."""
    values: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return values
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.removeprefix("export ").strip()
        key, equals, value = line.partition("=")
        key = key.strip()
        if not equals or not key.isidentifier():
            raise ConfigError(f"{path}:{number}: expected KEY=VALUE")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    return values


def settings(environ: Mapping[str, str] | None = None, dotenv: Path = Path(".env")) -> dict[str, str]:
    """The effective settings: `.env` overlaid with the environment."""
    merged = read_dotenv(dotenv)
    merged.update(os.environ if environ is None else environ)
    return merged


def knowledge_folder(values: Mapping[str, str]) -> Path:
    """The knowledge folder: KNOWLEDGE_DIR, else `knowledge/` in the working directory."""
    return Path(values.get("KNOWLEDGE_DIR") or "knowledge")
