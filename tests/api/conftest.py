"""Fixtures for the API tests: personal tokens and a client that sends them.

The sessions, consents and transcripts come from tests/insights/transcript_fixtures.py
(synthetic data only).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from talkingcure.api.tokens import create_token
from tests.insights.transcript_fixtures import consented, held  # noqa: F401

API = "/api/v1"


class Api:
    """Django's test client speaking JSON with one bearer token, and no session cookie."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(API + path, params, headers=self.headers)

    def post(self, path: str, body: Any) -> Any:
        return self._send("post", path, body)

    def delete(self, path: str, body: Any) -> Any:
        return self._send("delete", path, body)

    def _send(self, method: str, path: str, body: Any) -> Any:
        data = body if isinstance(body, (bytes, str)) else json.dumps(body)
        send = getattr(self.client, method)
        return send(API + path, data, content_type="application/json", headers=self.headers)


@pytest.fixture
def api_as(personas: dict[str, Any]) -> Callable[[str], Api]:
    """``api_as("owner")``: an API client with a fresh 30-day token of that persona."""

    def make(name: str) -> Api:
        _token, secret = create_token(personas[name], name=f"{name} test token", days=30)
        return Api(secret)

    return make
