"""The disclosure gate: decides what client data may leave and records every disclosure.

Rules applied to every path in :data:`talkingcure.disclosure.paths.EXPORT_PATHS`:
- process notes, transcripts and session analyses (kept as psychotherapy notes) never leave;
- records of a substance-use programme (US 42 CFR Part 2) leave only under the client's
  written consent holding every required element, naming this recipient, in force today,
  and carry the notice against redisclosure;
- research extracts leave only de-identified and only for clients who consented to research.
Allowed disclosures are stored as :class:`Disclosure` rows and audited; refusals are audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from talkingcure.audit.log import record
from talkingcure.clients.models import Client
from talkingcure.consents.models import Consent, ConsentKind
from talkingcure.consents.require import consent_in_force
from talkingcure.disclosure.models import Disclosure
from talkingcure.disclosure.paths import EXPORT_PATHS

REDISCLOSURE_NOTICE = "42 CFR part 2 prohibits unauthorized use or disclosure of these records."


class Category(models.TextChoices):
    DEMOGRAPHICS = "demographics"
    CONTACT = "contact"
    PROGRAMMES = "programmes"
    APPOINTMENTS = "appointments"
    PROGRESS_NOTES = "progress_notes"
    PROCESS_NOTES = "process_notes"
    TRANSCRIPTS = "transcripts"
    ANALYSES = "analyses"
    MEASURES = "measures"
    TREATMENT_PLAN = "treatment_plan"
    # Therapists' corrections of session analyses, de-identified and without a word of the
    # session; only `talkingcure export corrections` (research consent) releases them.
    ANALYSIS_CORRECTIONS = "analysis_corrections"


NEVER_DISCLOSED = frozenset({Category.PROCESS_NOTES, Category.TRANSCRIPTS, Category.ANALYSES})


class UnknownExportPath(LookupError):
    """A caller used the gate with a path that is not on the export list."""


@dataclass
class Decision:
    allowed: bool
    reason: str
    categories: list[str] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)
    notice: str = ""
    consent: Consent | None = None
    disclosure: Disclosure | None = None


def disclose(
    *,
    path: str,
    user: Any,
    client: Client,
    categories: list[str],
    recipient: str,
    purpose: str,
    request: HttpRequest | None = None,
    research: bool = False,
    to_client: bool = False,
) -> Decision:
    """Decide whether ``categories`` of ``client``'s data may go to ``recipient``."""
    if path not in EXPORT_PATHS:
        raise UnknownExportPath(f"{path!r} is not on the export-path list (disclosure/paths.py)")
    released = [c for c in categories if c not in NEVER_DISCLOSED]
    withheld = [c for c in categories if c in NEVER_DISCLOSED]
    decision = _decide(client, released, recipient.strip(), purpose.strip(), research, to_client)
    decision.withheld = withheld + decision.withheld
    if decision.allowed:
        decision.disclosure = Disclosure.objects.create(
            client=client,
            path=path,
            categories=",".join(decision.categories),
            recipient=recipient,
            purpose=purpose,
            part2=bool(decision.notice),
            consent=decision.consent,
            by=user if getattr(user, "pk", None) else None,
        )
    record(
        action="disclose" if decision.allowed else "disclosure_refused",
        actor=user,
        request=request,
        object_type="client",
        object_id=client.public_id,
    )
    return decision


def disclose_unidentified(
    *,
    path: str,
    user: Any,
    recipient: str,
    purpose: str,
    request: HttpRequest | None = None,
) -> Decision:
    """A path whose output carries no client identifier at all (e.g. the calendar feed).

    The caller vouches that nothing in the output names or identifies a client (its tests
    prove it); the gate checks the path is on the list and audits each use as an "export"
    of that path. No :class:`Disclosure` row is written: no client's data leaves.
    """
    if path not in EXPORT_PATHS:
        raise UnknownExportPath(f"{path!r} is not on the export-path list (disclosure/paths.py)")
    record(action="export", actor=user, request=request, object_type="export_path", object_id=path)
    return Decision(True, f"no client identifier: {purpose} for {recipient}")


def _decide(
    client: Client,
    released: list[str],
    recipient: str,
    purpose: str,
    research: bool,
    to_client: bool = False,
) -> Decision:
    if not released:
        return Decision(
            False,
            "nothing left to disclose: process notes, transcripts and "
            "analyses never leave the product",
        )
    if not recipient or not purpose:
        return Decision(False, "a disclosure needs a named recipient and a purpose")
    today = timezone.localdate()
    if to_client:
        # A client's access to their own record needs no disclosure consent, Part 2 included
        # (42 CFR 2.23); it is still recorded as a disclosure.
        return Decision(True, "the client's access to their own record", released)
    if research:
        if consent_in_force(client, ConsentKind.RESEARCH, today) is None:
            return Decision(False, "the client has not consented to research use")
        return Decision(True, "de-identified research extract", released)
    if client.in_part2_programme:
        return _part2_decision(client, released, recipient, today)
    return Decision(True, "disclosure recorded", released)


def _part2_decision(client: Client, released: list[str], recipient: str, today: Any) -> Decision:
    kind = ConsentKind.PART2_DISCLOSURE
    consents = [c for c in client.consents.filter(kind=kind) if c.in_force(today)]
    if not consents:
        return Decision(
            False,
            "substance-use programme record (42 CFR Part 2): no written "
            "disclosure consent is in force",
        )
    for consent in consents:
        missing = consent.part2_elements_missing()
        if missing:
            continue
        if consent.recipient.strip().casefold() != recipient.casefold():
            continue
        covered = [c for c in released if c in consent.categories]
        if not covered:
            allowed = ", ".join(consent.categories)
            return Decision(False, f"the Part 2 consent for this recipient covers only: {allowed}")
        return Decision(
            True,
            "Part 2 consent in force",
            covered,
            withheld=[c for c in released if c not in covered],
            notice=REDISCLOSURE_NOTICE,
            consent=consent,
        )
    incomplete = [c.part2_elements_missing() for c in consents if c.part2_elements_missing()]
    if incomplete and len(incomplete) == len(consents):
        return Decision(
            False, "the Part 2 consent lacks required elements: " + ", ".join(incomplete[0])
        )
    return Decision(False, "no Part 2 consent in force names this recipient")
