"""Every field of every model is encrypted or on the reviewed list of non-client fields."""

from __future__ import annotations

from django.apps import apps

from talkingcure.crypto.fields import EncryptedField
from talkingcure.crypto.inventory import PLAIN_FIELDS, PLAIN_MODELS, is_reviewed_plain


def _all_fields() -> list[tuple[str, str, object]]:
    fields = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            fields.append((model._meta.label_lower, field.name, field))
    return fields


def test_no_field_is_forgotten() -> None:
    unreviewed = [
        f"{label}.{name}"
        for label, name, field in _all_fields()
        if not isinstance(field, EncryptedField) and not is_reviewed_plain(label, name)
    ]
    assert unreviewed == [], (
        "these fields are neither encrypted nor reviewed in crypto/inventory.py: "
        + ", ".join(unreviewed)
    )


def test_reviewed_list_names_only_real_fields() -> None:
    labels = {label for label, _, _ in _all_fields()}
    known = {f"{label}.{name}" for label, name, _ in _all_fields()}
    assert set(PLAIN_MODELS) <= labels
    stale = [k for k in PLAIN_FIELDS if not k.startswith("*.") and k not in known]
    assert stale == []


def test_client_text_fields_are_encrypted() -> None:
    from talkingcure.clients.models import Client

    for name in ("given_name", "family_name", "date_of_birth", "email", "phone"):
        assert isinstance(Client._meta.get_field(name), EncryptedField)
