"""Re-encrypt stored values with the keyring's primary key."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from django.db import connection, models, transaction
from django.db.models import Value
from django.db.models.fields import TextField

from talkingcure.crypto.fields import EncryptedField, encrypted_fields
from talkingcure.crypto.keyring import Keyring, current_keyring


def key_usage() -> Counter[str]:
    """How many stored values each key id encrypts, over every encrypted column."""
    keyring = current_keyring()
    usage: Counter[str] = Counter()
    for model, fields in _by_model().items():
        for row in _raw_rows(model, fields):
            usage.update(keyring.key_id_of(v) for v in row[1:] if isinstance(v, str))
    return usage


def rotate(progress: Callable[[str, int], None] | None = None) -> int:
    """Re-encrypt every value not under the primary key; returns how many were rewritten.

    Each value is decrypted with its own key and encrypted again with the primary key,
    in one transaction per model, so an interrupted rotation loses nothing and can simply
    be run again.
    """
    keyring = current_keyring()
    total = 0
    for model, fields in _by_model().items():
        with transaction.atomic():
            count = sum(
                _rotate_row(model, fields, row, keyring) for row in _raw_rows(model, fields)
            )
        total += count
        if progress:
            progress(model._meta.label, count)
    return total


def _rotate_row(
    model: type[models.Model],
    fields: list[EncryptedField],
    row: tuple[object, ...],
    keyring: Keyring,
) -> int:
    fresh: dict[str, Value] = {}
    for field, stored in zip(fields, row[1:], strict=True):
        if isinstance(stored, str) and keyring.key_id_of(stored) != keyring.primary_id:
            plain = keyring.decrypt(stored, field.context())
            # Value() passes the new ciphertext through without encrypting it again.
            fresh[field.attname] = Value(
                keyring.encrypt(plain, field.context()), output_field=TextField()
            )
    if fresh:
        model._default_manager.filter(pk=row[0]).update(**fresh)
    return len(fresh)


def _by_model() -> dict[type[models.Model], list[EncryptedField]]:
    grouped: dict[type[models.Model], list[EncryptedField]] = {}
    for model, field in encrypted_fields():
        grouped.setdefault(model, []).append(field)
    return grouped


def _raw_rows(model: type[models.Model], fields: list[EncryptedField]) -> list[tuple[object, ...]]:
    """Primary key and stored (still encrypted) values, read past the fields' decryption."""
    qn = connection.ops.quote_name
    pk = model._meta.pk
    assert pk is not None
    columns = ", ".join(qn(str(c)) for c in [pk.column, *(f.column for f in fields)])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {qn(model._meta.db_table)}")  # noqa: S608
        return [tuple(row) for row in cursor.fetchall()]
