"""Every path by which client data can leave the product. Each one must call the gate,
except the JSON API (kind "api"): it answers only its own authenticated user, under the same
access rules as the pages, so it is not a disclosure to anyone else (docs/security.md).

A test walks the URL patterns and the command line and fails if an export path is
missing here or does not pass the gate. Later features add their paths to this list.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExportPath:
    name: str
    kind: str  # "url", "api" or "cli"
    target: str  # URL name or CLI command
    description: str


EXPORT_PATHS: dict[str, ExportPath] = {
    p.name: p
    for p in [
        ExportPath(
            name="client_record_export",
            kind="url",
            target="clients:export",
            description="A client's record (demographics, contact, programmes, appointments) "
            "as JSON, for the client or another provider.",
        ),
        ExportPath(
            name="measures_fhir_export",
            kind="url",
            target="outcomes:fhir_export",
            description="A client's questionnaire answers and scores as a FHIR R4B bundle.",
        ),
        ExportPath(
            name="research_extract",
            kind="cli",
            target="export research",
            description="De-identified appointment counts per client for consenting clients.",
        ),
        ExportPath(
            name="progress_note_text_export",
            kind="url",
            target="notes:export_text",
            description="One signed progress note with its addenda, as plain text for the record.",
        ),
        ExportPath(
            name="progress_note_pdf_export",
            kind="url",
            target="notes:export_pdf",
            description="One signed progress note with its addenda, as a PDF for the record.",
        ),
        ExportPath(
            name="therapist_calendar_feed",
            kind="url",
            target="scheduling:feed",
            description="A therapist's sessions as an iCalendar feed behind a secret, revocable "
            "address: 'Session', the time and the room only, no client identifier.",
        ),
        ExportPath(
            name="measures_research_extract",
            kind="cli",
            target="export measures",
            description="De-identified questionnaire scores of clients who consented to research.",
        ),
        ExportPath(
            name="corrections_export",
            kind="cli",
            target="export corrections",
            description="Therapists' corrections of session analyses, de-identified and "
            "without a word of the session, of clients who consented to research.",
        ),
        ExportPath(
            name="coping_plan_pdf_export",
            kind="url",
            target="coping:export_pdf",
            description="One version of a client's coping (relapse-prevention) plan as a PDF, "
            "after re-authentication, to a named recipient (by default the client).",
        ),
        ExportPath(
            name="coping_plan_share",
            kind="url",
            target="coping:share",
            description="A signed coping plan shared with the client through an expiring, "
            "revocable link to a read-only page; a disclosure to the client.",
        ),
        ExportPath(
            name="json_api",
            kind="api",
            target="api:sessions",
            description="The JSON API under /api/v1/ (sessions, transcripts, analyses, findings, "
            "corrections), to the token's own user under the pages' rules; not a disclosure "
            "to anyone else, so it records audited reads and no Disclosure; transcripts and "
            "analyses only to the treating therapist.",
        ),
    ]
}
