"""The task queue's broker URL and per-broker Celery options (docs/design/task-queue.md).

Embedded default: kombu's SQLAlchemy transport on a SQLite file under the data directory, or
on the same PostgreSQL database when ``DATABASE_URL`` is PostgreSQL. Redis and RabbitMQ are
used when ``TALKINGCURE_BROKER_URL`` names them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

_POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql", "postgresql+psycopg", "postgis"}


def default_broker_url(database_url: str, data_dir: Path) -> str:
    """``sqla+postgresql+psycopg://...`` beside a PostgreSQL database, else a SQLite file."""
    parts = urlsplit(database_url)
    if parts.scheme in _POSTGRES_SCHEMES:
        return "sqla+" + urlunsplit(parts._replace(scheme="postgresql+psycopg"))
    return f"sqla+sqlite:///{data_dir / 'queue.sqlite3'}"


def is_sqlalchemy(broker_url: str) -> bool:
    return broker_url.startswith("sqla+")


def is_redis(broker_url: str) -> bool:
    return broker_url.split("://", 1)[0] in {"redis", "rediss"}


def transport_options(broker_url: str, visibility_timeout: int) -> dict[str, Any]:
    """Redis needs a visibility timeout and a quick restore of unacked tasks; the SQLAlchemy
    transport rejects these options (they are passed to ``create_engine``)."""
    if not is_redis(broker_url):
        return {}
    return {
        "visibility_timeout": visibility_timeout,
        "unacked_restore_interval": 5,
        "unacked_restore_throttle": 1,
    }


def prune_sqlalchemy_messages(broker_url: str, older_than_seconds: int) -> int:
    """Delete delivered rows of kombu's SQLAlchemy transport, which never deletes them.

    A delivered message is ``visible = false``; one older than ``older_than_seconds`` (more
    than the task time limit) is acknowledged or was lost with its worker. Returns rows deleted.
    """
    import datetime

    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(broker_url.removeprefix("sqla+"))
    try:
        if not inspect(engine).has_table("kombu_message"):
            return 0
        # kombu stamps delivery with the machine's naive local time (datetime.now).
        now = datetime.datetime.now()
        cutoff = now - datetime.timedelta(seconds=older_than_seconds)
        with engine.begin() as conn:
            result = conn.execute(
                text("DELETE FROM kombu_message WHERE visible = :no AND timestamp < :cutoff"),
                {"no": False, "cutoff": cutoff},
            )
            return int(result.rowcount or 0)
    finally:
        engine.dispose()
