"""Development secrets kept in local files, so a fresh clone runs with nothing to configure.

In production every secret must come from the environment (or a ``*_FILE`` path); these
files are never used there.
"""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path


def new_encryption_key() -> str:
    """A new key for the encryption keyring, as ``<id>:<base64 of 32 random bytes>``."""
    key_id = secrets.token_hex(4)
    material = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    return f"{key_id}:{material}"


def local_secret(data_dir: Path, name: str, make: str) -> str:
    """Read ``data_dir/name``, creating it (mode 0600) with ``make`` if missing."""
    path = data_dir / name
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(make)
    return path.read_text(encoding="utf-8").strip()


def dev_secret_key() -> str:
    return secrets.token_urlsafe(50)


def dev_audit_key() -> str:
    return secrets.token_urlsafe(32)
