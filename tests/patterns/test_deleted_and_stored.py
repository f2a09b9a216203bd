"""A deleted transcript's session still counts, without its words; the stored page data never
outlives a change of the client's transcripts or analyses."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from talkingcure.audit.models import AuditEntry
from talkingcure.insights.service import delete_transcript
from talkingcure.patterns.models import PatternsSnapshot
from talkingcure.patterns.snapshots import fingerprint, held_analyses, patterns_data

from .page_reading import between, circles
from .treatment_fixtures import SESSIONS, analysed_session, page_url

pytestmark = pytest.mark.django_db
QUOTE = "Kev would just boss"  # words of the first synthetic session (2026-09-08)


def episodes_stated(page: str) -> int:
    match = re.search(r"(\d+) relationship episodes? found", page)
    assert match, "the summary states the number of episodes"
    return int(match.group(1))


def test_deleted_transcript_is_counted_without_quotes(
    personas: dict[str, Any], signed_in: Any
) -> None:
    analyses = [analysed_session(personas, path) for path in SESSIONS[:3]]
    browser = signed_in(personas["owner"])
    before = browser.get(page_url(personas["client"])).content.decode()
    assert QUOTE in before

    delete_transcript(analyses[0].transcript, reason="client asked (synthetic test)")
    stored = PatternsSnapshot.objects.filter(client=personas["client"])
    assert all(QUOTE not in json.dumps(s.data) for s in stored)  # gone before any view

    after = browser.get(page_url(personas["client"])).content.decode()
    assert "3 analysed sessions (2026-09-08 to 2026-09-22)" in after
    assert "1 session had its transcript deleted" in after
    assert episodes_stated(after) == episodes_stated(before)  # its labels still count
    assert QUOTE not in after and "Dad was drinking" not in after
    assert "counted, no words kept" in after
    assert len(circles(between(after, 'id="tone-chart"', "</figure>"), 1)) == 3
    # The names of people in the deleted session are words of it too: its episodes still
    # count (above) but are no longer attributed to Kev by name.
    kev_before = between(before, '<th scope="row">Kev</th>', "</tr>").count("episode")
    kev_after = between(after, '<th scope="row">Kev</th>', "</tr>").count("episode")
    assert kev_after < kev_before


def test_second_view_reads_the_stored_data_and_still_audits_each_analysis(
    personas: dict[str, Any], signed_in: Any
) -> None:
    analyses = [analysed_session(personas, path) for path in SESSIONS[:2]]
    browser = signed_in(personas["owner"])
    first = browser.get(page_url(personas["client"])).content.decode()
    stored = PatternsSnapshot.objects.get(client=personas["client"])
    second = browser.get(page_url(personas["client"])).content.decode()
    assert PatternsSnapshot.objects.get().computed_at == stored.computed_at
    assert between(first, 'id="summary"', "</main>") == between(second, 'id="summary"', "</main>")
    reads = AuditEntry.objects.filter(object_type="analysis", action="read")
    assert sorted(e.object_id for e in reads) == sorted([str(a.public_id) for a in analyses] * 2)


def test_a_new_analysis_replaces_the_stored_data(personas: dict[str, Any], signed_in: Any) -> None:
    analysed_session(personas, SESSIONS[0])
    browser = signed_in(personas["owner"])
    assert "1 analysed session" in browser.get(page_url(personas["client"])).content.decode()
    analysed_session(personas, SESSIONS[1])
    assert not PatternsSnapshot.objects.exists()  # forgotten as soon as the analysis changed
    page = browser.get(page_url(personas["client"])).content.decode()
    assert "2 analysed sessions (2026-09-08 to 2026-09-15)" in page


def test_a_finished_analysis_prepares_its_therapists_page(
    personas: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        analysed_session(personas, SESSIONS[0])
    stored = PatternsSnapshot.objects.get()
    owner, client = personas["owner"], personas["client"]
    assert stored.clinician == owner
    assert stored.fingerprint == fingerprint(held_analyses(client, owner.pk))
    assert QUOTE in json.dumps(stored.data)


def test_page_data_built_while_a_transcript_was_deleted_is_not_kept(
    personas: dict[str, Any],
) -> None:
    analysis = analysed_session(personas, SESSIONS[0])
    owner, client = personas["owner"], personas["client"]
    held = held_analyses(client, owner.pk)  # the view read the list of analyses ...
    delete_transcript(analysis.transcript, reason="synthetic test")  # ... then this happened
    data = patterns_data(client, owner.pk, held)
    assert data["sessions"]  # this one view is served ...
    assert not PatternsSnapshot.objects.exists()  # ... but nothing of the old words is kept
