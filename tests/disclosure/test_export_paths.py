"""Every export path of the product is on the list, and each one passes the gate."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from typer.testing import CliRunner

from talkingcure.audit.models import AuditEntry
from talkingcure.cli import app
from talkingcure.consents.models import Consent, ConsentKind
from talkingcure.disclosure.models import Disclosure
from talkingcure.disclosure.paths import EXPORT_PATHS

EXPORT_WORDS = re.compile(r"export|download|print|feed|ics|csv|fhir|extract|share|send", re.I)


def _url_names(resolver: URLResolver, prefix: str = "") -> list[str]:
    names = []
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            names += _url_names(item, f"{prefix}{item.namespace}:" if item.namespace else prefix)
        elif isinstance(item, URLPattern) and item.name:
            names.append(prefix + item.name)
    return names


def _cli_commands() -> list[str]:
    import typer.main

    click_app = typer.main.get_command(app)
    found = []
    for name, command in click_app.commands.items():  # type: ignore[attr-defined]
        subs = getattr(command, "commands", None)
        found += [f"{name} {sub}" for sub in subs] if subs else [name]
    return found


def test_every_export_like_url_and_command_is_on_the_list() -> None:
    listed = {p.target for p in EXPORT_PATHS.values()}
    urls = [n for n in _url_names(get_resolver()) if EXPORT_WORDS.search(n)]
    commands = [c for c in _cli_commands() if EXPORT_WORDS.search(c)]
    assert urls and commands  # the scan itself finds something
    assert [n for n in urls + commands if n not in listed] == []


def test_listed_paths_exist() -> None:
    commands = _cli_commands()
    for path in EXPORT_PATHS.values():
        if path.kind in ("url", "api"):
            assert _url_names(get_resolver()).count(path.target) == 1, path.name
        else:
            assert path.target in commands, path.name


def test_client_record_export_passes_the_gate(personas: Any, signed_in: Any) -> None:
    browser = signed_in(personas["owner"], sudo=True)
    url = reverse("clients:export", args=[personas["client"].public_id])
    response = browser.post(url, {"recipient": "Dr Example", "purpose": "referral"})
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["name"] == "Quinn Synthetic-Test"
    assert Disclosure.objects.get().path == "client_record_export"
    assert AuditEntry.objects.filter(action="disclose").exists()


def test_research_extract_passes_the_gate(personas: Any, tmp_path: Path) -> None:
    from talkingcure.clients.models import Client

    consenting = Client.objects.create(
        given_name="Ola", family_name="Synthetic-Two", clinician=personas["owner"], synthetic=True
    )
    Consent.objects.create(client=consenting, kind=ConsentKind.RESEARCH, given_on="2026-01-01")
    out = tmp_path / "extract.csv"
    result = CliRunner().invoke(
        app,
        ["export", "research", "--as", "researcher", "--purpose", "alliance study", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert "1 de-identified rows" in result.output and "1 clients withheld" in result.output
    text = out.read_text()
    assert "Ola" not in text and str(consenting.public_id) not in text
    assert Disclosure.objects.filter(path="research_extract").count() == 1
    assert AuditEntry.objects.filter(action="disclosure_refused").count() == 1


def test_research_extract_refuses_a_clinician(personas: Any, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["export", "research", "--as", "owner", "--purpose", "x", "-o", str(tmp_path / "x.csv")],
    )
    assert result.exit_code == 2
    assert not (tmp_path / "x.csv").exists()


def test_security_doc_lists_every_export_path() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "security.md").read_text(encoding="utf-8")
    assert [name for name in EXPORT_PATHS if f"| {name} |" not in doc] == []
