"""Run the engine once per conversation and collect the labels it assigns to each turn.

Only the components needed for the labels under evaluation run (with everything they
require, in the default pipeline's order); a label whose component is not registered is
reported as "not run".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from talkingcure.analysis.pipeline import Engine, load_config
from talkingcure.analysis.registry import REGISTRY, Component
from talkingcure.analysis.transcript import Transcript

Progress = Callable[[int], None]
TurnLabels = list[dict[str, float]]


@dataclass(frozen=True)
class Plan:
    """The components to run for some labels, and the labels no registered component assigns."""

    pipeline: tuple[str, ...]
    not_run: frozenset[str]
    detectors: dict[str, str]  # component -> version
    failed: dict[str, str] = field(default_factory=dict)  # component -> why it cannot run


def registered() -> dict[str, type[Component]]:
    from talkingcure.analysis import detectors  # noqa: F401  (registers the built-ins)

    return dict(REGISTRY)


# The pipeline config under evaluation (``talkingcure evaluate --config``); None: the default.
_CONFIG: dict[str, Any] | None = None


def use_config(config: Mapping[str, Any] | None) -> None:
    """Evaluate the pipeline of ``config`` (a parsed TOML config) instead of the default one."""
    global _CONFIG
    _CONFIG = dict(config) if config is not None else None
    _STARTED.clear()


def active_config() -> dict[str, Any]:
    """The config being evaluated: the one given to :func:`use_config`, else the default."""
    return dict(_CONFIG) if _CONFIG is not None else load_config()


def plan_for(labels: Iterable[str], default: Sequence[str] | None = None) -> Plan:
    """The smallest ordered sub-pipeline of ``default`` that assigns ``labels``.

    Components that cannot start (``initialize`` raises, e.g. a model file is missing) are left
    out with the reason, and so is every component whose requirements are then unmet.
    """
    config = active_config()
    labels = list(labels)
    order = list(default if default is not None else config["pipeline"])
    options = config.get("options", {})
    components = registered()
    failed: dict[str, str] = {}
    while True:
        available = [n for n in order if n in components and n not in failed]
        wanted = {f"label:{label}" for label in labels}
        chosen = {n for n in available if wanted & set(components[n].assigns)}
        chosen = _with_requirements(chosen, available, components)
        broken = {
            n: why
            for n in sorted(chosen)
            if (why := _cannot_run(components[n], options.get(n, {})))
        }
        if not broken:
            break
        failed.update(broken)
    pipeline = _satisfied([n for n in available if n in chosen], components)
    assigned = {key for name in pipeline for key in components[name].assigns}
    not_run = frozenset(label for label in labels if f"label:{label}" not in assigned)
    versions = {name: str(components[name].version) for name in pipeline}
    return Plan(pipeline=tuple(pipeline), not_run=not_run, detectors=versions, failed=failed)


def _satisfied(pipeline: list[str], components: dict[str, type[Component]]) -> list[str]:
    """``pipeline`` without the components whose requirements no earlier component assigns."""
    kept: list[str] = []
    provided: set[str] = set()
    for name in pipeline:
        if all(key in provided for key in components[name].requires):
            kept.append(name)
            provided.update(components[name].assigns)
    return kept


_STARTED: dict[str, str] = {}


def _cannot_run(cls: type[Component], options: Mapping[str, Any]) -> str:
    """Why a registered component cannot start (e.g. its model file is missing), or ""."""
    if cls.name in _STARTED:
        return _STARTED[cls.name]
    try:
        cls(**dict(options)).initialize()
    except Exception as exc:  # a component that cannot start is reported as not run
        _STARTED[cls.name] = f"{type(exc).__name__}: {exc}"
    else:
        _STARTED[cls.name] = ""
    return _STARTED[cls.name]


def _with_requirements(
    chosen: set[str], available: list[str], components: dict[str, type[Component]]
) -> set[str]:
    result = set(chosen)
    changed = True
    while changed:
        changed = False
        needed = {key for name in result for key in components[name].requires}
        provided = {key for name in result for key in components[name].assigns}
        for key in needed - provided:
            for name in available:
                if key in components[name].assigns and name not in result:
                    result.add(name)
                    changed = True
                    break
    return result


def label_transcripts(
    transcripts: Sequence[Transcript], plan: Plan, progress: Progress | None = None
) -> list[TurnLabels]:
    """Per transcript, per turn, the labels the planned pipeline assigns (label -> score)."""
    if not plan.pipeline:
        return [[{} for _ in t.turns] for t in transcripts]
    engine = Engine(config=active_config(), pipeline=list(plan.pipeline))
    results: list[TurnLabels] = []
    for transcript in transcripts:
        analysis = engine.analyze(transcript)
        results.append([dict(turn.labels) for turn in analysis.state.turns])
        if progress is not None:
            progress(1)
    return results
