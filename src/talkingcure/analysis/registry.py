"""Named, versioned analysis components, assembled into a pipeline from a config.

Every component is a class registered under a versioned name such as
``"talkingcure.catharsis.v1"``. It declares what it ``requires`` (keys that earlier
components provide) and what it ``assigns`` (turn labels, finding kinds, or state keys).
The constructor only stores keyword options; learned state is loaded in ``initialize``.

Keys used in ``requires``/``assigns``:
- ``"docs"``: spaCy docs per turn; ``"emotions"``, ``"intensity"``: per-turn scores;
- ``"label:<name>"``: a turn label such as ``label:question``;
- ``"finding:<kind>"``: a finding kind such as ``finding:catharsis``;
- ``"summary:<key>"``: a key in the session summary.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Protocol, TypeVar, runtime_checkable

from talkingcure.analysis.state import AnalysisState


class ConfigError(ValueError):
    """The pipeline config names an unknown component or breaks a requirement."""


@runtime_checkable
class Component(Protocol):
    name: ClassVar[str]
    version: ClassVar[str]
    requires: ClassVar[tuple[str, ...]]
    assigns: ClassVar[tuple[str, ...]]
    # Labels/findings whose agreement with human coders is not measured or is weak:
    # reported to the clinician as candidates to confirm.
    candidate_labels: ClassVar[tuple[str, ...]]

    def initialize(self) -> None:
        """Load learned state or lexicons; called once before the first ``__call__``."""

    def __call__(self, state: AnalysisState) -> None:
        """Read the state and add labels, findings or summary entries to it."""


C = TypeVar("C", bound=type[Any])

REGISTRY: dict[str, type[Component]] = {}


def register(cls: C) -> C:
    """Class decorator: make a component available under its ``name``."""
    name = cls.name
    if name in REGISTRY and REGISTRY[name] is not cls:
        raise ConfigError(f"component name {name!r} is registered twice")
    REGISTRY[name] = cls
    return cls


def build(config: Mapping[str, Any]) -> list[Component]:
    """Build the components listed in ``config["pipeline"]``, checking their requirements.

    ``config["options"][name]`` holds keyword options for the component ``name``.
    """
    from talkingcure.analysis import detectors  # noqa: F401  (registers the built-in components)

    options: Mapping[str, Mapping[str, Any]] = config.get("options", {})
    provided: set[str] = set()
    components: list[Component] = []
    for name in config.get("pipeline", []):
        if name not in REGISTRY:
            known = ", ".join(sorted(REGISTRY))
            raise ConfigError(f"unknown component {name!r}; known components: {known}")
        cls = REGISTRY[name]
        missing = [key for key in cls.requires if key not in provided]
        if missing:
            raise ConfigError(
                f"component {name!r} requires {', '.join(missing)}, "
                "which no earlier component in the pipeline assigns"
            )
        components.append(cls(**dict(options.get(name, {}))))
        provided.update(cls.assigns)
    return components


def config_hash(config: Mapping[str, Any]) -> str:
    """A short, stable hash of a config, recorded with every analysis."""
    canonical = json.dumps(config, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


Factory = Callable[..., Component]
