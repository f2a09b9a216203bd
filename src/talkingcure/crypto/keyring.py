"""The encryption keyring: AES-256-GCM keys named by short identifiers.

``TALKINGCURE_ENCRYPTION_KEYS`` holds ``id:base64key`` pairs separated by commas. The
first key encrypts; every key decrypts. Rotation: put a new key first, run
``talkingcure keys rotate`` to re-encrypt every value with it, then drop the old key.

Ciphertext format: ``tc1:<key id>:<base64 of 12-byte nonce + ciphertext + tag>``. The
model and field name are bound in as associated data, so a value copied into another
column fails to decrypt.
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "tc1"


class KeyringError(ValueError):
    """The configured keyring is malformed."""


class DecryptionError(ValueError):
    """A stored value could not be authenticated or its key is not in the keyring."""


@dataclass(frozen=True)
class Keyring:
    primary_id: str
    keys: dict[str, bytes]

    def encrypt(self, plaintext: bytes, context: str) -> str:
        nonce = os.urandom(12)
        sealed = AESGCM(self.keys[self.primary_id]).encrypt(nonce, plaintext, context.encode())
        token = base64.urlsafe_b64encode(nonce + sealed).decode()
        return f"{PREFIX}:{self.primary_id}:{token}"

    def decrypt(self, stored: str, context: str) -> bytes:
        key_id, blob = _split(stored)
        if key_id not in self.keys:
            raise DecryptionError(
                f"value was encrypted with key {key_id!r}, which is not in the keyring"
            )
        try:
            raw = base64.urlsafe_b64decode(blob)
            return AESGCM(self.keys[key_id]).decrypt(raw[:12], raw[12:], context.encode())
        except (InvalidTag, binascii.Error, ValueError) as exc:
            raise DecryptionError(f"value for {context} failed authentication") from exc

    def key_id_of(self, stored: str) -> str:
        return _split(stored)[0]


def _split(stored: str) -> tuple[str, str]:
    parts = stored.split(":", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        raise DecryptionError("value is not in talkingcure's encrypted format")
    return parts[1], parts[2]


def parse_keyring(spec: str) -> Keyring:
    keys: dict[str, bytes] = {}
    order: list[str] = []
    for number, item in enumerate(filter(None, (p.strip() for p in spec.split(","))), 1):
        key_id, sep, material = item.partition(":")
        if not sep or not key_id:
            raise KeyringError(
                f"TALKINGCURE_ENCRYPTION_KEYS entry {number} must look like id:base64key"
            )
        try:
            key = base64.urlsafe_b64decode(material)
        except binascii.Error:
            raise KeyringError(
                f"TALKINGCURE_ENCRYPTION_KEYS key {key_id!r} is not base64"
            ) from None
        if len(key) != 32:
            raise KeyringError(
                f"TALKINGCURE_ENCRYPTION_KEYS key {key_id!r} must be 32 bytes, got {len(key)}"
            )
        if key_id in keys:
            raise KeyringError(f"TALKINGCURE_ENCRYPTION_KEYS names key {key_id!r} twice")
        keys[key_id] = key
        order.append(key_id)
    if not order:
        raise KeyringError("TALKINGCURE_ENCRYPTION_KEYS holds no key")
    return Keyring(primary_id=order[0], keys=keys)


@lru_cache(maxsize=4)
def _cached(spec: str) -> Keyring:
    return parse_keyring(spec)


def current_keyring() -> Keyring:
    from django.conf import settings

    return _cached(settings.TALKINGCURE_ENCRYPTION_KEYS)
