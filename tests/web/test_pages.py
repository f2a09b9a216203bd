"""The page shell: a home page per role, strict security headers, no third-party assets."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

import talkingcure

HOME_HEADINGS = {
    "owner": "Your week",
    "supervisor": "Your week",
    "admin": "Administration",
    "intake": "Intake",
    "researcher": "Research",
}


@pytest.mark.parametrize(("persona", "heading"), HOME_HEADINGS.items())
def test_each_role_has_its_home_page(
    personas: Any, signed_in: Any, persona: str, heading: str
) -> None:
    body = signed_in(personas[persona]).get(reverse("home")).content.decode()
    assert f"<h1>{heading}</h1>" in body


def test_home_lists_only_own_caseload_and_marks_demo_data(personas: Any, signed_in: Any) -> None:
    body = signed_in(personas["owner"]).get(reverse("home")).content.decode()
    assert "1 client in your" in body
    assert "every person and record here is synthetic" in body


def test_security_headers(client: Any, db: Any) -> None:
    response = client.get(reverse("accounts:login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "http" not in csp  # no third-party origin anywhere in the policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_templates_and_styles_load_nothing_from_elsewhere() -> None:
    root = Path(talkingcure.__file__).parent
    offenders = []
    for path in [*root.rglob("*.html"), *root.rglob("*.css"), *root.rglob("*.js")]:
        text = path.read_text(encoding="utf-8")
        if re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text) or "@import" in text:
            offenders.append(str(path))
    assert offenders == []


def test_expired_session_asks_to_sign_in_again(personas: Any, signed_in: Any) -> None:
    browser = signed_in(personas["owner"])
    browser.cookies.clear()
    response = browser.get(reverse("clients:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_health_endpoint_needs_no_login(client: Any, db: Any) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
