"""Typed readers for settings that come from the environment.

Each helper fails loudly with a message naming the variable, so a wrong or missing
setting stops start-up instead of being silently replaced. ``NAME_FILE`` is read
instead of ``NAME`` when set (for secrets mounted as files).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


class SettingError(RuntimeError):
    """A setting from the environment is missing or has a bad value."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def raw(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The value of ``name``, or the contents of the file named by ``name_FILE``."""
    env = os.environ if environ is None else environ
    file_var = f"{name}_FILE"
    if env.get(file_var):
        path = Path(env[file_var])
        try:
            return path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SettingError(f"{file_var}: cannot read {path}: {exc.strerror}") from exc
    return env.get(name)


def string(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = raw(name)
    if value is None or value == "":
        if required:
            raise SettingError(f"{name} is required but not set (or set {name}_FILE)")
        return default
    return value


def boolean(name: str, default: bool) -> bool:
    value = raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise SettingError(f"{name} must be true or false (1/0, yes/no, on/off), got {value!r}")


def integer(name: str, default: int, *, minimum: int | None = None) -> int:
    value = raw(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise SettingError(f"{name} must be a whole number, got {value!r}") from None
    if minimum is not None and number < minimum:
        raise SettingError(f"{name} must be at least {minimum}, got {number}")
    return number


def csv_list(name: str, default: list[str]) -> list[str]:
    value = raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = raw(name) or default
    if value not in choices:
        raise SettingError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value
