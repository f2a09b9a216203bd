"""The page server and the embedded analysis worker share one SQLite file (the default set-up).

A request that reads and then writes inside a transaction (every audited read does) while the
worker holds the write lock must wait for it, not fail at once with "database is locked" (which
the browser tests met once). Two real connections to a file, with the product's SQLite options.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError, connections, transaction
from django.db.utils import ConnectionHandler

from talkingcure.settings import SQLITE_OPTIONS

WORKER_HOLDS_LOCK_FOR = 1.0


def open_connection(alias: str, path: Path, options: dict[str, Any]) -> Any:
    """A Django connection named ``alias`` to the SQLite file ``path``, usable by atomic()."""
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": options}
    connection = ConnectionHandler({"default": database, alias: database})[alias]
    connections[alias] = connection  # per thread, as Django keeps connections
    return connection


def worker_writes(path: Path, options: dict[str, Any], holding: threading.Event) -> None:
    connection = open_connection("worker", path, options)
    with transaction.atomic(using="worker"), connection.cursor() as cursor:
        cursor.execute("INSERT INTO entries (note) VALUES ('analysis')")
        holding.set()
        time.sleep(WORKER_HOLDS_LOCK_FOR)
    connection.close()


def page_reads_then_writes(path: Path, options: dict[str, Any]) -> float:
    connection = open_connection("page", path, options)
    started = time.monotonic()
    with transaction.atomic(using="page"), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM entries")
        cursor.execute("INSERT INTO entries (note) VALUES ('audit')")
    connection.close()
    return time.monotonic() - started


def race(path: Path, options: dict[str, Any]) -> float:
    setup = open_connection("setup", path, options)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS entries (note TEXT)")
    setup.close()
    holding = threading.Event()
    worker = threading.Thread(target=worker_writes, args=(path, options, holding))
    worker.start()
    holding.wait(5)
    try:
        return page_reads_then_writes(path, options)
    finally:
        worker.join()


@pytest.fixture(autouse=True)
def own_connections(django_db_blocker: Any) -> Any:
    """These tests open their own files, not the test database."""
    with django_db_blocker.unblock():
        yield


def test_a_page_waits_for_the_worker_instead_of_failing(tmp_path: Path) -> None:
    waited = race(tmp_path / "talkingcure.sqlite3", dict(SQLITE_OPTIONS))
    assert waited >= WORKER_HOLDS_LOCK_FOR * 0.5  # it waited for the worker's commit


def test_without_the_options_the_same_race_fails(tmp_path: Path) -> None:
    # Shows what the options are for: Django's defaults (deferred transactions, 5 s timeout).
    with pytest.raises(OperationalError, match="database is locked"):
        race(tmp_path / "plain.sqlite3", {})
