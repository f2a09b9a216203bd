"""A real Chromium signs in to the demo clinic, sets up two-factor sign-in and sees clients.

Uses Debian's chromium driven by Playwright; skipped with a reason where it is missing
(and failed in CI, where TALKINGCURE_REQUIRE_SERVICES=1).
"""

from __future__ import annotations

import base64
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from django_otp.oath import TOTP

from talkingcure.demo import DEMO_PASSWORD, load_demo
from tests.conftest import require_service

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def demo_clinic(transactional_db: Any) -> None:
    """Loaded before the browser starts: Playwright's event loop forbids ORM calls after."""
    load_demo()


@pytest.fixture
def page(demo_clinic: None) -> Any:
    require_service("Chromium", Path(CHROMIUM).exists(), "install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        yield context.new_page()
        browser.close()


def _totp(secret: str) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{TOTP(key).token():06d}"


def test_demo_clinician_signs_in_with_second_factor(
    page: Any, live_server: Any, tmp_path: Path
) -> None:
    origins: set[str] = set()
    page.on("request", lambda r: origins.add(urlparse(r.url).netloc))

    page.goto(f"{live_server.url}/")
    page.fill("#id_username", "dr.ada")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    assert page.locator("h1").inner_text() == "Set up two-factor sign-in"
    assert page.locator(".qr svg").count() == 1

    page.fill("#id_token", _totp(page.locator("#otp-secret").inner_text()))
    page.click("main button[type=submit]")
    assert page.locator("h1").inner_text() == "Your recovery codes"
    assert page.locator(".codes li").count() == 10

    page.click("text=Continue")
    assert page.locator("h1").inner_text() == "Your week"
    page.click("nav >> text=Clients")
    rows = page.locator("tbody tr")
    assert rows.count() == 3  # dr.ada's synthetic caseload, nobody else's
    assert "synthetic" in page.locator(".demo-banner").inner_text()
    page.screenshot(path=str(tmp_path / "clients.png"), full_page=True)

    assert origins == {urlparse(live_server.url).netloc}


def test_wrong_password_shows_a_clear_message(page: Any, live_server: Any) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "dr.ada")
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")
    assert "did not match" in page.locator("[role=alert]").inner_text()
