"""The analysis engine the product runs, as ``TALKINGCURE_ANALYSIS_CONFIG`` chooses.

``default`` is the built-in pipeline; ``embeddings`` adds the optional sentence-embedding
components (the emotion head and the semantic risk screen; the ``embeddings`` extra must be
installed); anything else is the path of a pipeline TOML file. ``talkingcure check`` verifies
the choice (:func:`talkingcure.checks.analysis_config_is_usable`). One engine per process and
choice: components load their models once.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from talkingcure.analysis.pipeline import Engine, config_path, load_config

# What the intake queue runs on an inquiry's free text: the risk components of the product's
# pipeline, in its order (the semantic screen only when the product runs it).
RISK_COMPONENTS = ("talkingcure.spacy.v1", "talkingcure.risk.v1", "talkingcure.risk_embed.v1")


@lru_cache(maxsize=4)
def _engine(choice: str, risk_only: bool) -> Engine:
    config = load_config(config_path(choice))
    if not risk_only:
        return Engine(config=config)
    return Engine(config=config, pipeline=[n for n in config["pipeline"] if n in RISK_COMPONENTS])


def product_engine() -> Engine:
    """The engine that analyses session transcripts."""
    return _engine(settings.ANALYSIS_CONFIG, False)


def risk_engine() -> Engine:
    """The engine that screens an intake inquiry's words for risk."""
    return _engine(settings.ANALYSIS_CONFIG, True)
