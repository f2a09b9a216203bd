"""Run the configured components over a transcript and shape the result into the output contract.

>>> engine = Engine()                       # the default pipeline from config/default.toml
>>> analysis = engine.analyze(transcript)   # a SessionAnalysis
>>> analysis.to_dict()["schema"]
'talkingcure.analysis/1'
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import talkingcure
from talkingcure.analysis.findings import Finding
from talkingcure.analysis.registry import Component, build, config_hash
from talkingcure.analysis.state import AnalysisState
from talkingcure.analysis.transcript import Transcript

SCHEMA = "talkingcure.analysis/1"
# Summary entries shown as top-level output keys instead of inside "summary" (the CCRT
# component, talkingcure.ccrt.v1, keeps its results in state.summary under these keys).
LIFTED_SUMMARY_KEYS = ("relationship_episodes", "ccrt")


class ComponentError(RuntimeError):
    """A component raised while analysing a transcript; names the component."""

    def __init__(self, component: str, source: str, cause: BaseException) -> None:
        super().__init__(f"component {component} failed in {source}: {cause!r}")
        self.component = component
        self.source = source


PACKAGED_CONFIGS = ("default", "embeddings")


def config_path(choice: str) -> Path | None:
    """The config file a setting names: a packaged config (:data:`PACKAGED_CONFIGS`; ``default``
    is None, the built-in pipeline) or the path of a TOML file."""
    if choice in ("", "default"):
        return None
    if choice in PACKAGED_CONFIGS:
        return Path(str(resources.files("talkingcure.analysis").joinpath(f"config/{choice}.toml")))
    path = Path(choice)
    if not path.is_file():
        raise ValueError(
            f"{choice!r} is neither a packaged config ({', '.join(PACKAGED_CONFIGS)}) "
            "nor a TOML file"
        )
    return path


def load_config(path: Path | None = None) -> dict[str, Any]:
    """Read a pipeline config (TOML); the packaged ``config/default.toml`` when ``path`` is None."""
    if path is None:
        resource = resources.files("talkingcure.analysis").joinpath("config/default.toml")
        return tomllib.loads(resource.read_text(encoding="utf-8"))
    with Path(path).open("rb") as handle:
        return tomllib.load(handle)


@dataclass(frozen=True)
class NotDetected:
    """A construct a component could assign but did not, with the statement the reports show."""

    construct: str
    type: str  # "label" or "finding"
    detector: str
    version: str

    @property
    def statement(self) -> str:
        return f"not detected by {self.detector} ({self.version})"

    def to_dict(self) -> dict[str, str]:
        return {
            "label": self.construct,
            "type": self.type,
            "detector": self.detector,
            "version": self.version,
            "statement": self.statement,
        }


@dataclass
class SessionAnalysis:
    """The result of one analysis: the final state plus what the engine knows about itself."""

    state: AnalysisState
    config_hash: str
    not_detected: list[NotDetected] = field(default_factory=list)

    @property
    def transcript(self) -> Transcript:
        return self.state.transcript

    @property
    def findings(self) -> list[Finding]:
        return self.state.findings

    @property
    def summary(self) -> dict[str, Any]:
        return self.state.summary

    def is_candidate(self, name: str) -> bool:
        return name in self.state.candidates

    def to_dict(self) -> dict[str, Any]:
        """The JSON output contract ``talkingcure.analysis/1``."""
        transcript = self.state.transcript
        return {
            "schema": SCHEMA,
            "source": transcript.source,
            "engine": {
                "version": talkingcure.__version__,
                "config_hash": self.config_hash,
                "detectors": dict(self.state.ran),
            },
            "meta": dict(transcript.meta),
            "roles": {
                "note": transcript.role_note,
                "speakers": _speaker_roles(transcript),
            },
            "warnings": list(transcript.warnings),
            "candidate_labels": sorted(self.state.candidates),
            "turns": [self._turn_dict(i) for i in range(len(transcript.turns))],
            "findings": [self._finding_dict(f) for f in self.state.findings],
            "not_detected": [item.to_dict() for item in self.not_detected],
            "summary": {
                k: v for k, v in self.state.summary.items() if k not in LIFTED_SUMMARY_KEYS
            },
            **{k: self.state.summary[k] for k in LIFTED_SUMMARY_KEYS if k in self.state.summary},
        }

    def _turn_dict(self, index: int) -> dict[str, Any]:
        turn = self.state.transcript.turns[index]
        turn_state = self.state.turns[index]
        return {
            "index": turn.index,
            "speaker": turn.speaker,
            "role": turn.role,
            "text": turn.text,
            "start": turn.start,
            "end": turn.end,
            "labels": dict(turn_state.labels),
            "emotions": dict(turn_state.emotions),
            "intensity": turn_state.intensity,
            "events": [{"text": e.text, "start": e.start, "end": e.end} for e in turn.events],
        }

    def _finding_dict(self, finding: Finding) -> dict[str, Any]:
        data = finding.to_dict()
        data["candidate"] = bool(finding.candidate or finding.kind in self.state.candidates)
        return data


def _speaker_roles(transcript: Transcript) -> dict[str, str]:
    roles: dict[str, str] = {}
    for turn in transcript.turns:
        roles.setdefault(turn.speaker, turn.role)
    return roles


class Engine:
    """Builds the pipeline once (lazily) and analyses any number of transcripts with it.

    ``config`` is a parsed pipeline config (see :func:`load_config`); ``pipeline`` picks a subset
    (or another order) of component names and keeps the config's options.
    """

    def __init__(
        self,
        *,
        config: Mapping[str, Any] | None = None,
        pipeline: Sequence[str] | None = None,
    ) -> None:
        base = dict(config) if config is not None else load_config()
        if pipeline is not None:
            base["pipeline"] = list(pipeline)
        self.config: dict[str, Any] = base
        self.config_hash = config_hash(base)
        self._components: list[Component] | None = None

    @property
    def components(self) -> list[Component]:
        if self._components is None:
            components = build(self.config)
            for component in components:
                try:
                    component.initialize()
                except Exception as exc:
                    raise ComponentError(component.name, "initialize()", exc) from exc
            self._components = components
        return self._components

    def analyze(self, transcript: Transcript) -> SessionAnalysis:
        state = AnalysisState(transcript=transcript)
        for component in self.components:
            try:
                component(state)
            except Exception as exc:
                raise ComponentError(component.name, transcript.source, exc) from exc
            state.ran[component.name] = component.version
            state.candidates.update(component.candidate_labels)
        return SessionAnalysis(
            state=state,
            config_hash=self.config_hash,
            not_detected=not_detected(state, self.components),
        )


def not_detected(state: AnalysisState, components: Sequence[Component]) -> list[NotDetected]:
    """Every label or finding kind a component could assign but assigned nowhere."""
    labels = {label for turn in state.turns for label in turn.labels}
    kinds = {finding.kind for finding in state.findings}
    missing: list[NotDetected] = []
    for component in components:
        for key in component.assigns:
            prefix, _, name = key.partition(":")
            if prefix == "label" and name not in labels:
                missing.append(NotDetected(name, "label", component.name, component.version))
            elif prefix == "finding" and name not in kinds:
                missing.append(NotDetected(name, "finding", component.name, component.version))
    return missing


_DEFAULT_ENGINE: Engine | None = None


def default_engine() -> Engine:
    """One engine per process for the default config (components load their models once)."""
    global _DEFAULT_ENGINE
    if _DEFAULT_ENGINE is None:
        _DEFAULT_ENGINE = Engine()
    return _DEFAULT_ENGINE


def analyze_text(text: str, *, fmt: str = "txt", engine: Engine | None = None) -> SessionAnalysis:
    """Parse ``text`` as a transcript in format ``fmt`` and analyse it with the default engine."""
    from talkingcure.analysis.readers import read_text

    transcript = read_text(text, input_format=fmt)
    return (engine or default_engine()).analyze(transcript)
