"""Model fields whose values are encrypted before they reach the database.

Encrypted fields cannot be filtered or ordered on in SQL; look records up by their
opaque identifiers and filter decrypted values in Python where needed.
"""

from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models.expressions import Combinable

from talkingcure.crypto.keyring import current_keyring

if TYPE_CHECKING:
    _FieldBase = models.Field[Any, Any]
else:
    _FieldBase = models.Field


class EncryptedField(_FieldBase):
    """Base class: subclasses turn a Python value into text and back."""

    encrypted = True

    def context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def to_text(self, value: Any) -> str:
        return str(value)

    def from_text(self, text: str) -> Any:
        return text

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        text = self.to_text(value)
        return current_keyring().encrypt(text.encode("utf-8"), self.context())

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return self.from_text(current_keyring().decrypt(value, self.context()).decode("utf-8"))

    def to_python(self, value: Any) -> Any:
        return value

    def get_internal_type(self) -> str:
        return "TextField"


class EncryptedTextField(EncryptedField):
    _pyi_private_set_type: str | Combinable
    _pyi_private_get_type: str

    def to_python(self, value: Any) -> Any:
        return None if value is None else str(value)


class EncryptedDateField(EncryptedField):
    _pyi_private_set_type: datetime.date | str | Combinable
    _pyi_private_get_type: datetime.date

    def to_text(self, value: Any) -> str:
        if isinstance(value, datetime.date):
            return value.isoformat()
        return datetime.date.fromisoformat(str(value)).isoformat()

    def from_text(self, text: str) -> datetime.date:
        return datetime.date.fromisoformat(text)

    def to_python(self, value: Any) -> Any:
        if value is None or isinstance(value, datetime.date):
            return value
        return datetime.date.fromisoformat(str(value))


class EncryptedJSONField(EncryptedField):
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def to_text(self, value: Any) -> str:
        return json.dumps(value, sort_keys=True)

    def from_text(self, text: str) -> Any:
        return json.loads(text)


def encrypted_fields() -> list[tuple[type[models.Model], EncryptedField]]:
    """Every encrypted field of every installed model."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedField):
                found.append((model, field))
    return found
