"""`keys rotate` re-encrypts everything with the new key and loses nothing."""

from __future__ import annotations

from typing import Any

from talkingcure.clients.models import Client
from talkingcure.config.secrets import new_encryption_key
from talkingcure.crypto.keyring import current_keyring
from talkingcure.crypto.rotation import key_usage, rotate


def test_rotation_round_trip(personas: Any, settings: Any) -> None:
    old_spec = settings.TALKINGCURE_ENCRYPTION_KEYS
    old_id = current_keyring().primary_id
    new = new_encryption_key()
    settings.TALKINGCURE_ENCRYPTION_KEYS = f"{new},{old_spec}"
    new_id = current_keyring().primary_id
    assert key_usage()[old_id] > 0

    rewritten = rotate()

    assert rewritten == key_usage()[new_id] > 0
    assert key_usage()[old_id] == 0
    settings.TALKINGCURE_ENCRYPTION_KEYS = new  # the old key can now be dropped
    client = Client.objects.get(pk=personas["client"].pk)
    assert (client.given_name, client.email) == ("Quinn", "quinn@example.org")
    assert rotate() == 0  # running it again has nothing to do
