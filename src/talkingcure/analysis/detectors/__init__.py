"""Built-in analysis components. Importing this package registers them all."""

from talkingcure.analysis.detectors import (
    avoidance,  # noqa: F401
    catharsis,  # noqa: F401
    ccrt,  # noqa: F401
    defenses,  # noqa: F401
    emotions,  # noqa: F401
    emotions_embed,  # noqa: F401  (optional: starts only with the `embeddings` extra)
    free_association,  # noqa: F401
    insight,  # noqa: F401
    relationship_episodes,  # noqa: F401
    risk,  # noqa: F401
    risk_embed,  # noqa: F401  (optional: starts only with the `embeddings` extra)
    spacy_docs,  # noqa: F401
    summary,  # noqa: F401
    therapist_acts,  # noqa: F401
    therapist_moves,  # noqa: F401
    transference,  # noqa: F401
    triggers,  # noqa: F401
)
