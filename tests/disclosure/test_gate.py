"""The disclosure gate: Part 2 consent, psychotherapy notes withheld, research consent."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from talkingcure.audit.models import AuditEntry
from talkingcure.consents.models import Consent, ConsentKind
from talkingcure.disclosure.gate import REDISCLOSURE_NOTICE, Category, UnknownExportPath, disclose
from talkingcure.disclosure.models import Disclosure
from talkingcure.programmes.models import Enrolment, Programme


def _enrol_in_substance_programme(client: Any) -> None:
    programme = Programme.objects.create(name="Residential", kind=Programme.Kind.SUBSTANCE_USE)
    Enrolment.objects.create(
        client=client, programme=programme, started_on=datetime.date(2026, 1, 5)
    )


def _part2_consent(client: Any, **overrides: Any) -> Consent:
    today = timezone.localdate()
    values = {
        "recipient": "Dr Example, Hillside GP",
        "purpose": "continuity of care",
        "information": "attendance and programme",
        "signed_by": "client",
        "categories": ["demographics", "appointments"],
        "given_on": today - datetime.timedelta(days=1),
        "expires_on": today + datetime.timedelta(days=90),
    }
    values.update(overrides)
    return Consent.objects.create(client=client, kind=ConsentKind.PART2_DISCLOSURE, **values)


def _ask(personas: Any, **kwargs: Any) -> Any:
    args = {
        "path": "client_record_export",
        "user": personas["owner"],
        "client": personas["client"],
        "categories": [Category.DEMOGRAPHICS],
        "recipient": "Dr Example, Hillside GP",
        "purpose": "continuity of care",
    }
    args.update(kwargs)
    return disclose(**args)


def test_ordinary_disclosure_is_recorded_and_audited(personas: Any) -> None:
    decision = _ask(personas)
    assert decision.allowed and decision.notice == ""
    row = Disclosure.objects.get()
    assert row.recipient == "Dr Example, Hillside GP" and not row.part2
    assert AuditEntry.objects.filter(action="disclose").count() == 1


def test_psychotherapy_notes_never_leave(personas: Any) -> None:
    decision = _ask(
        personas,
        categories=[
            Category.DEMOGRAPHICS,
            Category.PROCESS_NOTES,
            Category.TRANSCRIPTS,
            Category.ANALYSES,
        ],
    )
    assert decision.categories == [Category.DEMOGRAPHICS]
    assert set(decision.withheld) == {"process_notes", "transcripts", "analyses"}
    only_notes = _ask(personas, categories=[Category.PROCESS_NOTES])
    assert not only_notes.allowed


def test_part2_record_needs_written_consent(personas: Any) -> None:
    _enrol_in_substance_programme(personas["client"])
    refused = _ask(personas)
    assert not refused.allowed and "Part 2" in refused.reason
    assert AuditEntry.objects.filter(action="disclosure_refused").count() == 1
    assert not Disclosure.objects.exists()


def test_part2_consent_must_name_the_recipient_and_be_complete(personas: Any) -> None:
    _enrol_in_substance_programme(personas["client"])
    _part2_consent(personas["client"], signed_by="")
    incomplete = _ask(personas)
    assert not incomplete.allowed and "signature" in incomplete.reason
    _part2_consent(personas["client"])
    assert not _ask(personas, recipient="Acme Insurance").allowed
    allowed = _ask(personas)
    assert allowed.allowed and allowed.notice == REDISCLOSURE_NOTICE
    assert Disclosure.objects.get().part2


def test_revoked_or_expired_part2_consent_refuses(personas: Any) -> None:
    _enrol_in_substance_programme(personas["client"])
    today = timezone.localdate()
    _part2_consent(personas["client"], revoked_on=today)
    _part2_consent(personas["client"], expires_on=today - datetime.timedelta(days=1))
    assert not _ask(personas).allowed


def test_research_needs_research_consent(personas: Any) -> None:
    assert not _ask(personas, path="research_extract", research=True).allowed
    Consent.objects.create(
        client=personas["client"], kind=ConsentKind.RESEARCH, given_on=timezone.localdate()
    )
    assert _ask(personas, path="research_extract", research=True).allowed


def test_unknown_path_is_refused_outright(personas: Any) -> None:
    with pytest.raises(UnknownExportPath):
        _ask(personas, path="side_door")


def test_part2_consent_releases_only_the_categories_it_covers(personas: Any) -> None:
    _enrol_in_substance_programme(personas["client"])
    _part2_consent(personas["client"], categories=["appointments"])
    notes_only = _ask(personas, categories=[Category.PROGRESS_NOTES])
    assert not notes_only.allowed and "covers only: appointments" in notes_only.reason
    mixed = _ask(personas, categories=[Category.APPOINTMENTS, Category.PROGRESS_NOTES])
    assert mixed.allowed and mixed.categories == ["appointments"]
    assert "progress_notes" in mixed.withheld
    assert Disclosure.objects.get().categories == "appointments"
