"""A small typed reader over decoded JSON that reports the file and field of every problem."""

from __future__ import annotations

from typing import Any, NoReturn

from talkingcure.measures.errors import InstrumentFileError


class Reader:
    """Wraps one JSON object; every getter raises InstrumentFileError naming file and field."""

    def __init__(self, data: Any, *, file: str, path: str = "") -> None:
        self.file = file
        self.path = path
        if not isinstance(data, dict):
            self.fail("", f"expected an object, got {type(data).__name__}")
        self.data: dict[str, Any] = data

    def field(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, message: str) -> NoReturn:
        raise InstrumentFileError(
            self.file, self.field(key) if key else self.path or "<root>", message
        )

    def check_keys(self, allowed: set[str]) -> None:
        unknown = sorted(set(self.data) - allowed)
        if unknown:
            self.fail("", f"unknown field(s) {', '.join(unknown)}")

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def raw(self, key: str) -> Any:
        if key not in self.data:
            self.fail(key, "required field is missing")
        return self.data[key]

    def text(self, key: str, *, default: str | None = None, empty_ok: bool = False) -> str:
        if default is not None and not self.has(key):
            return default
        value = self.raw(key)
        if not isinstance(value, str):
            self.fail(key, f"expected a string, got {type(value).__name__}")
        if not value.strip() and not empty_ok:
            self.fail(key, "must not be empty")
        return str(value)

    def opt_text(self, key: str) -> str | None:
        return self.text(key) if self.has(key) else None

    def flag(self, key: str, *, default: bool | None = None) -> bool:
        if default is not None and not self.has(key):
            return default
        value = self.raw(key)
        if not isinstance(value, bool):
            self.fail(key, f"expected true or false, got {value!r}")
        return bool(value)

    def integer(self, key: str, *, default: int | None = None, minimum: int | None = None) -> int:
        if default is not None and not self.has(key):
            return default
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, f"expected an integer, got {value!r}")
        if minimum is not None and value < minimum:
            self.fail(key, f"must be at least {minimum}, got {value}")
        return int(value)

    def opt_integer(self, key: str, *, minimum: int | None = None) -> int | None:
        return self.integer(key, minimum=minimum) if self.has(key) else None

    def number(self, key: str) -> float:
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(key, f"expected a number, got {value!r}")
        return float(value)

    def opt_number(self, key: str) -> float | None:
        return self.number(key) if self.has(key) else None

    def choice(self, key: str, choices: tuple[str, ...], *, default: str | None = None) -> str:
        value = self.text(key, default=default)
        if value not in choices:
            self.fail(key, f"must be one of {', '.join(choices)}, got {value!r}")
        return value

    def seq(self, key: str, *, default_empty: bool = False, non_empty: bool = False) -> list[Any]:
        if default_empty and not self.has(key):
            return []
        value = self.raw(key)
        if not isinstance(value, list):
            self.fail(key, f"expected a list, got {type(value).__name__}")
        if non_empty and not value:
            self.fail(key, "must not be empty")
        return list(value)

    def texts(self, key: str, *, default_empty: bool = False) -> tuple[str, ...]:
        values = self.seq(key, default_empty=default_empty)
        for index, value in enumerate(values):
            if not isinstance(value, str) or not value:
                self.fail(f"{key}[{index}]", f"expected a non-empty string, got {value!r}")
        return tuple(values)

    def integers(self, key: str) -> tuple[int, ...]:
        values = self.seq(key, non_empty=True)
        for index, value in enumerate(values):
            if isinstance(value, bool) or not isinstance(value, int):
                self.fail(f"{key}[{index}]", f"expected an integer, got {value!r}")
        return tuple(values)

    def child(self, key: str) -> Reader:
        return Reader(self.raw(key), file=self.file, path=self.field(key))

    def opt_child(self, key: str) -> Reader | None:
        return self.child(key) if self.has(key) else None

    def children(self, key: str, *, default_empty: bool = False) -> list[Reader]:
        values = self.seq(key, default_empty=default_empty)
        return [
            Reader(value, file=self.file, path=f"{self.field(key)}[{index}]")
            for index, value in enumerate(values)
        ]
