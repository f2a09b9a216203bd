"""On a phone-sized screen, an inquiry carrying risk reaches the top of the coordinator's queue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import require_service
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, _totp

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def coordinator(transactional_db: Any) -> Any:
    from talkingcure.accounts.models import Role, User
    from talkingcure.intake.workflow import save_inquiry

    save_inquiry(
        {
            "safe_now": "yes",
            "message": "Asking about the outpatient programme.",
            "contact_by": ["email"],
            "email": "calm@example.org",
            "consent_to_contact": True,
        },
        source="web",
        complete=True,
    )
    return User.objects.create_user(
        username="coord", password="pw-for-tests-only-1", role=Role.INTAKE
    )


def test_risky_inquiry_tops_the_queue(coordinator: Any, live_server: Any, tmp_path: Path) -> None:
    require_service("Chromium", Path(CHROMIUM).exists(), "install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        phone = browser.new_context(
            viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=False
        ).new_page()
        phone.goto(f"{live_server.url}/inquiry/")
        assert "988" in phone.locator(".crisis").inner_text()
        phone.check("input[name=safe_now][value=yes]")
        phone.check("input[name=asking_for][value=self]")
        phone.check("input[name=age_band][value='18_64']")
        phone.fill(
            "#id_message",
            "Since the divorce I keep thinking everyone would be better off without me.",
        )
        phone.check("input[name=contact_by][value=phone]")
        phone.fill("#id_phone", "+1 555 0100 333")
        phone.check("#id_consent_to_contact")
        phone.click("button[type=submit]")
        assert "We have your message" in phone.locator("h1").inner_text()
        assert phone.locator(".crisis-urgent").count() == 1
        phone.screenshot(path=str(tmp_path / "phone.png"), full_page=True)

        desk = browser.new_context().new_page()
        desk.goto(f"{live_server.url}/accounts/login/")
        desk.fill("#id_username", "coord")
        desk.fill("#id_password", "pw-for-tests-only-1")
        desk.click("button[type=submit]")
        desk.fill("#id_token", _totp(desk.locator("#otp-secret").inner_text()))
        desk.click("main button[type=submit]")
        desk.goto(f"{live_server.url}/intake/queue/")
        first = desk.locator("tbody tr").first
        assert "Urgent" in first.inner_text()
        assert "better off without me" in first.inner_text()
        browser.close()
