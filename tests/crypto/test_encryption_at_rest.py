"""Client data is unreadable in the raw database and bound to its column."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection

from talkingcure.clients.models import Client
from talkingcure.crypto.keyring import DecryptionError


def _raw(column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM clients_client WHERE id = %s", [pk])
        value: str = cursor.fetchone()[0]
        return value


def test_columns_hold_ciphertext_not_names(personas: Any) -> None:
    client = personas["client"]
    client.date_of_birth = datetime.date(1990, 5, 17)
    client.save()
    for column, plain in (
        ("given_name", "Quinn"),
        ("family_name", "Synthetic-Test"),
        ("email", "quinn@example.org"),
        ("date_of_birth", "1990-05-17"),
    ):
        stored = _raw(column, client.pk)
        assert stored.startswith("tc1:")
        assert plain not in stored
    fresh = Client.objects.get(pk=client.pk)
    assert fresh.given_name == "Quinn"
    assert fresh.date_of_birth == datetime.date(1990, 5, 17)


def test_same_value_encrypts_differently_each_time(personas: Any) -> None:
    client = personas["client"]
    first = _raw("given_name", client.pk)
    client.save()
    assert _raw("given_name", client.pk) != first


def test_ciphertext_moved_to_another_column_fails_authentication(personas: Any) -> None:
    client = personas["client"]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE clients_client SET family_name = given_name WHERE id = %s", [client.pk]
        )
    with pytest.raises(DecryptionError, match="failed authentication"):
        Client.objects.get(pk=client.pk)
