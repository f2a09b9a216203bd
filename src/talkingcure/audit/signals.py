"""Audit every creation, change and deletion of a model that holds client data.

A model holds client data when it has an encrypted field. The actor and address come from
the request being served (none for the command line, where the command is audited itself).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save

from talkingcure.audit.context import current_request
from talkingcure.audit.log import record
from talkingcure.crypto.fields import EncryptedField


def holds_client_data(model: type[models.Model]) -> bool:
    return any(isinstance(f, EncryptedField) for f in model._meta.concrete_fields)


def _object_id(instance: models.Model) -> str:
    return str(getattr(instance, "public_id", "") or instance.pk)


def _record(action: str, instance: models.Model) -> None:
    request = current_request.get()
    actor = getattr(request, "user", None) if request is not None else None
    record(
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        request=request,
        object_type=instance._meta.model_name or "",
        object_id=_object_id(instance),
    )


def _saved(
    sender: type[models.Model],
    instance: models.Model,
    created: bool,
    raw: bool = False,
    **kwargs: Any,
) -> None:
    if not raw:
        _record("create" if created else "update", instance)


def _deleted(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    _record("delete", instance)


def connect() -> None:
    from django.apps import apps

    for model in apps.get_models():
        if holds_client_data(model):
            post_save.connect(_saved, sender=model, dispatch_uid=f"audit-save-{model._meta.label}")
            post_delete.connect(
                _deleted, sender=model, dispatch_uid=f"audit-delete-{model._meta.label}"
            )
