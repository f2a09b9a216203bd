"""A real Chromium against a real `talkingcure serve`: transcript, analysis, evidence, note.

The server is a separate process (web server + embedded background worker) on a temporary
synthetic demo clinic (see tests/web/server_process.py); nothing here touches its database
directly: everything a test checks, it checks on the page, as a clinician would.
Skipped with a reason where Debian's chromium is missing (failed in CI, where
TALKINGCURE_REQUIRE_SERVICES=1).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pyotp
import pytest
from playwright.sync_api import expect

from talkingcure.demo import DEMO_PASSWORD
from tests.conftest import require_service
from tests.web.server_process import Server, demo_server, report_on_failure
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "session_morgan.txt"  # synthetic
ANALYSIS_SECONDS = 90  # upload to finished analysis on this small, shared machine
UNFINISHED = ("Queued since", "Running:")


@dataclass
class Visit:
    """A browser page for one test, and every host it sent a request to."""

    page: Any
    hosts: set[str] = field(default_factory=set)

    def only_local(self, server: Server) -> None:
        assert self.hosts == {urlparse(server.url).netloc}, self.hosts


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    require_service("Chromium", Path(CHROMIUM).exists(), "install Debian's chromium package")
    with demo_server(tmp_path_factory.mktemp("insights-server")) as running:
        failed_before = request.session.testsfailed
        yield running
        report_on_failure(request, running, failed_before)


@pytest.fixture(scope="module")
def browser(server: Server) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_visit(browser: Any, server: Server, state: dict[str, Any] | None = None) -> Visit:
    context = browser.new_context(base_url=server.url, storage_state=state)
    context.set_default_timeout(20_000)
    visit = Visit(page=context.new_page())
    visit.page.on("request", lambda r: visit.hosts.add(urlparse(r.url).netloc))
    return visit


def one_time_code(page: Any) -> str:
    """What an authenticator app shows for the secret on the enrolment page."""
    return str(pyotp.TOTP(page.locator("#otp-secret").inner_text().strip()).now())


@pytest.fixture(scope="module")
def signed_in(browser: Any, server: Server) -> dict[str, Any]:
    """Step 1: dr.ada signs in with her password and a second factor; her session is kept."""
    visit = open_visit(browser, server)
    page = visit.page
    page.goto("/")
    page.fill("#id_username", "dr.ada")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    assert page.locator("h1").inner_text() == "Set up two-factor sign-in"
    page.fill("#id_token", one_time_code(page))
    page.click("main button[type=submit]")
    assert page.locator("h1").inner_text() == "Your recovery codes"
    page.click("text=Continue")
    assert page.locator("h1").inner_text() == "Your week"
    visit.only_local(server)
    state: dict[str, Any] = page.context.storage_state()
    page.context.close()
    return state


@pytest.fixture
def visit(browser: Any, server: Server, signed_in: dict[str, Any]) -> Iterator[Visit]:
    """A fresh page of the signed-in clinician; no request may leave 127.0.0.1."""
    visit = open_visit(browser, server, signed_in)
    yield visit
    visit.page.context.close()


def attach_transcript(visit: Visit, server: Server) -> None:
    """Step 2: from the client's page to the session's transcripts, upload the example."""
    page = visit.page
    page.goto("/")
    page.click("nav >> text=Clients")
    page.click("tbody >> text=Synthetic-Reyes")
    row = page.locator("tr", has=page.locator(f"a[href*='{server.appointment_id}']"))
    assert "Write note" in row.inner_text()  # the held session has no note yet
    row.get_by_role("link", name="Transcripts").click()
    assert page.locator("h1").inner_text().startswith("Transcripts")
    page.set_input_files("input[type=file]", str(EXAMPLE))
    page.get_by_role("button", name="Store and analyse").click()
    assert "The analysis is queued" in page.locator("main").inner_text()


def wait_for_analysis(visit: Visit, server: Server) -> str:
    """Step 3: reload the transcript page until the analysis is no longer queued or running."""
    page = visit.page
    deadline = time.monotonic() + ANALYSIS_SECONDS
    while any(word in (text := page.locator("main").inner_text()) for word in UNFINISHED):
        if time.monotonic() > deadline:
            pytest.fail(f"unfinished after {ANALYSIS_SECONDS} s:\n{text}\n{server.log_tail()}")
        time.sleep(1)
        page.reload()
    assert "could not analyse" not in text, f"{text}\n{server.log_tail()}"
    return text


@pytest.fixture(scope="module")
def analysed(browser: Any, server: Server, signed_in: dict[str, Any]) -> str:
    """Steps 2 and 3 once for the module: the URL of the finished analysis' page."""
    visit = open_visit(browser, server, signed_in)
    attach_transcript(visit, server)
    wait_for_analysis(visit, server)
    visit.only_local(server)
    url: str = visit.page.url
    visit.page.context.close()
    return url


def test_uploaded_transcript_is_analysed_in_the_background(
    visit: Visit, server: Server, analysed: str
) -> None:
    page = visit.page
    page.goto(analysed)
    text = page.locator("main").inner_text()
    assert "from session_morgan.txt" in text
    done = re.search(r"Done .*?: (\d+) findings? in (\d+) turns", text)
    assert done is not None, text
    assert int(done[1]) > 0
    assert page.locator("li.finding[id^='finding-']").count() == int(done[1])
    assert page.locator("ol.transcript > li.turn").count() == int(done[2])
    # Back on the session's transcripts list, the upload is listed as done.
    page.get_by_role("link", name="All transcripts of this session").click()
    row = page.locator("tbody tr", has_text="session_morgan.txt")
    assert row.count() == 1
    assert "Done" in row.inner_text()
    visit.only_local(server)


def quote_of(link: Any) -> str:
    """The quoted words of an evidence link: the text between its curly quotes."""
    text: str = link.inner_text().strip()
    assert text.startswith("\u201c") and text.endswith("\u201d"), text
    return text[1:-1]


def test_risk_comes_first_and_evidence_links_land_on_the_highlighted_words(
    visit: Visit, server: Server, analysed: str
) -> None:
    page = visit.page
    page.goto(analysed)
    risk_box = page.locator("section.risk-box")
    assert page.locator("main section").first.evaluate("s => s.classList.contains('risk-box')")
    for later in ("section.summary-panel", "ol.transcript"):
        assert risk_box.bounding_box()["y"] < page.locator(later).bounding_box()["y"]
    # Every evidence link on the page has exactly one target to land on.
    dangling = page.evaluate(
        """() => [...document.querySelectorAll('.evidence-list a[href^="#"]')]
            .map(a => a.getAttribute('href').slice(1))
            .filter(id => document.querySelectorAll(`[id="${id}"]`).length !== 1)"""
    )
    assert dangling == []

    link = risk_box.locator(".evidence-list a[href^='#ev-']").first
    if link.count() == 0:  # no risk in this session: the first finding with evidence
        link = page.locator("li.finding .evidence-list a[href^='#ev-']").first
    quote = quote_of(link)
    anchor = str(link.get_attribute("href"))[1:]
    page.locator("ol.transcript").scroll_into_view_if_needed()  # the target starts off-screen
    link.click()

    mark = page.locator(f"[id='{anchor}']")
    expect(mark).to_be_visible()
    expect(mark).to_be_in_viewport()
    assert mark.evaluate("m => m.tagName") == "MARK"
    assert "evidence" in str(mark.get_attribute("class")).split()
    assert mark.evaluate("m => m.matches(':target')")
    assert page.url.endswith(f"#{anchor}")
    assert mark.inner_text() == quote
    page.screenshot(path=str(server.data_dir / "evidence.png"))
    visit.only_local(server)


def test_clinician_marks_a_finding_wrong_and_adds_one(
    visit: Visit, server: Server, analysed: str
) -> None:
    page = visit.page
    page.goto(analysed)
    findings = page.locator("section[aria-labelledby=findings-heading] li.finding")
    finding = findings.filter(has=page.get_by_role("button", name="Mark wrong")).first
    finding_id = str(finding.get_attribute("id"))
    finding.locator("input[name=note]").fill("Synthetic test: not what the client meant.")
    finding.get_by_role("button", name="Mark wrong").click()

    marked = page.locator(f"li[id='{finding_id}']")
    expect(marked).to_contain_text("Marked wrong by Ada Okafor")
    expect(marked).to_contain_text("Synthetic test: not what the client meant.")
    assert marked.get_by_role("button", name="Mark wrong").count() == 0
    page.reload()  # kept, not just shown once
    expect(page.locator(f"li[id='{finding_id}']")).to_contain_text("Marked wrong by Ada Okafor")

    form = page.locator("form#add-finding")
    form.get_by_label("Kind").select_option(label="Catharsis")
    form.get_by_label("Turn number").fill("9999")
    form.get_by_label("Note (optional)").fill("Synthetic test: relief after tears.")
    form.get_by_role("button", name="Add finding").click()
    expect(page.locator("[role=alert]").first).to_contain_text("There is no turn 9999")
    form = page.locator("form#add-finding")
    assert form.get_by_label("Turn number").input_value() == "9999"
    assert form.get_by_label("Note (optional)").input_value() == (
        "Synthetic test: relief after tears."
    )
    assert form.get_by_label("Kind").evaluate("s => s.selectedOptions[0].text") == "Catharsis"
    assert page.locator("ol.findings.added > li").count() == 0

    form.get_by_label("Turn number").fill("12")
    form.get_by_role("button", name="Add finding").click()
    added = page.locator("ol.findings.added > li")
    expect(added).to_have_count(1)
    expect(added).to_contain_text("Catharsis")
    expect(added).to_contain_text("turn 12")
    expect(added).to_contain_text("Synthetic test: relief after tears.")
    expect(added).to_contain_text("Added by Ada Okafor")
    visit.only_local(server)


def test_note_drafted_from_the_analysis_cites_turns_and_stays_a_draft(
    visit: Visit, server: Server, analysed: str
) -> None:
    page = visit.page
    page.goto(analysed)
    page.get_by_role("link", name="All transcripts of this session").click()
    page.get_by_role("link", name="Progress note", exact=True).click()
    assert page.locator("h1").inner_text().startswith("Progress note")
    page.get_by_role("button", name="Draft from analysis").click()

    assert "Drafted from the analysis" in page.locator("main").inner_text()
    expect(page.locator("dl.facts dd").first).to_have_text("Draft")
    assert page.locator("dt", has_text="Signed").count() == 0
    fields = page.locator("form.note-form textarea")
    texts = [fields.nth(i).input_value().strip() for i in range(fields.count())]
    drafted = [t for t in texts if t]
    assert drafted, "no field was drafted"
    assert all("(turn" in t for t in drafted), drafted
    assert len(drafted) < len(texts), "every field was filled"  # the rest stays not assessed
    assert page.locator("form.note-form input[type=checkbox]:checked").count() == 0
    candidates = page.locator("section.drafting ul.candidates > li")
    assert candidates.count() > 0
    expect(page.get_by_role("button", name="Save and sign")).to_be_visible()
    page.screenshot(path=str(server.data_dir / "note.png"), full_page=True)
    visit.only_local(server)
