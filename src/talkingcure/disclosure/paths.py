"""Every path by which client data can leave the product. Each one must call the gate.

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
            name="research_extract",
            kind="cli",
            target="export research",
            description="De-identified appointment counts per client for consenting clients.",
        ),
    ]
}
