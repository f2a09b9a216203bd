"""Configuration checks run by ``talkingcure check``; ``--production`` adds the deploy ones.

Registered with Django's check framework so ``check --deploy`` runs Django's own security
checks beside ours, and any finding makes the command fail.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning, register

from talkingcure.config.env import raw
from talkingcure.crypto.keyring import KeyringError, parse_keyring
from talkingcure.notifications.senders import current_sender


@register()
def keyring_is_valid(app_configs: Any, **kwargs: Any) -> list[Error]:
    try:
        parse_keyring(settings.TALKINGCURE_ENCRYPTION_KEYS)
    except KeyringError as exc:
        return [Error(str(exc), id="talkingcure.E001")]
    return []


# Components that need the `embeddings` extra (the MiniLM weights, safetensors and tokenizers).
EMBEDDING_COMPONENTS = ("talkingcure.emotions_embed.v1", "talkingcure.risk_embed.v1")


@register()
def analysis_config_is_usable(app_configs: Any, **kwargs: Any) -> list[Error]:
    """TALKINGCURE_ANALYSIS_CONFIG names a readable pipeline whose components can start here
    (checked without loading any model)."""
    from talkingcure.analysis.detectors.minilm_embed import INSTALL_HINT, available
    from talkingcure.analysis.pipeline import config_path, load_config
    from talkingcure.analysis.registry import ConfigError, build

    choice = settings.ANALYSIS_CONFIG
    try:
        config = load_config(config_path(choice))
        build(config)
    except (OSError, ValueError, ConfigError) as exc:
        return [Error(f"TALKINGCURE_ANALYSIS_CONFIG={choice}: {exc}", id="talkingcure.E002")]
    needs = [name for name in config["pipeline"] if name in EMBEDDING_COMPONENTS]
    if needs and not available():
        return [
            Error(
                f"TALKINGCURE_ANALYSIS_CONFIG={choice} runs {', '.join(needs)}, which need the "
                "'embeddings' extra",
                hint=INSTALL_HINT,
                id="talkingcure.E003",
            )
        ]
    return []


@register(deploy=True)
def production_settings(app_configs: Any, **kwargs: Any) -> list[Error | Warning]:
    problems: list[Error | Warning] = []

    def fail(message: str, code: int, hint: str = "") -> None:
        problems.append(Error(message, hint=hint or None, id=f"talkingcure.E1{code:02d}"))

    if settings.DEBUG:
        fail("DEBUG is on", 1, "set DEBUG=false")
    for name in ("SECRET_KEY", "TALKINGCURE_ENCRYPTION_KEYS", "TALKINGCURE_AUDIT_KEY"):
        if not raw(name):
            fail(
                f"{name} is not set in the environment (a development file is in use)",
                2,
                f"set {name} or {name}_FILE",
            )
    if len(settings.SECRET_KEY) < 50:
        fail("SECRET_KEY is shorter than 50 characters", 3)
    if "*" in settings.ALLOWED_HOSTS:
        fail("ALLOWED_HOSTS allows any host", 4)
    if not (settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE):
        fail("cookies are not marked secure", 5, "set TALKINGCURE_SECURE_COOKIES=true")
    if settings.SECURE_HSTS_SECONDS < 31536000:
        fail("HSTS is off or shorter than a year", 6, "set TALKINGCURE_HSTS_SECONDS=31536000")
    if not getattr(current_sender(), "production_ready", False):
        fail(
            f"notifications go to {settings.NOTIFICATION_SENDER}, which delivers nothing",
            7,
            "set TALKINGCURE_NOTIFICATION_SENDER=talkingcure.notifications.senders.EmailSender",
        )
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        problems.append(
            Warning("SQLite in production: use PostgreSQL (DATABASE_URL)", id="talkingcure.W101")
        )
    return problems
