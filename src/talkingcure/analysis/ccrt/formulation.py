"""The CCRT formulation from a list of episodes: the most pervasive W, RO and RS clusters,
by person, the transference pattern, and the share of negative responses.

Works on episode dictionaries (the ``relationship_episodes`` output), so the same code serves
one session and a whole treatment.

- pervasiveness of a cluster = episodes in which it appears / episodes (in that scope);
- a transference pattern = a cluster found in an episode with the therapist and in an episode
  with someone else;
- negative share = negative RO (or RS) components / all RO (or RS) components.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from talkingcure.analysis.ccrt.model import CANDIDATE_NOTE, CLUSTERS, KINDS

EpisodeDict = Mapping[str, Any]


def pervasiveness(episodes: Sequence[EpisodeDict]) -> dict[str, list[dict[str, Any]]]:
    """Per kind, clusters by pervasiveness (highest first), with the episodes that show them."""
    result: dict[str, list[dict[str, Any]]] = {}
    for kind in KINDS:
        counts: Counter[str] = Counter()
        where: dict[str, list[int]] = {}
        for number, episode in enumerate(episodes):
            for cluster in _clusters(episode, kind):
                counts[cluster] += 1
                where.setdefault(cluster, []).append(number)
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        result[kind] = [
            {
                "cluster": cluster,
                "name": CLUSTERS[cluster],
                "episodes": count,
                "pervasiveness": round(count / len(episodes), 3) if episodes else 0.0,
                "episode_indices": where[cluster],
            }
            for cluster, count in ordered
        ]
    return result


def _clusters(episode: EpisodeDict, kind: str) -> set[str]:
    return {c["cluster"] for c in episode.get("components", []) if c["kind"] == kind}


def core_theme(episodes: Sequence[EpisodeDict]) -> dict[str, dict[str, Any] | None]:
    """The most pervasive cluster of each kind (ties: the lower cluster number), or None."""
    table = pervasiveness(episodes)
    return {kind: (rows[0] if rows else None) for kind, rows in table.items()}


def by_person(episodes: Sequence[EpisodeDict]) -> list[dict[str, Any]]:
    """One row per person: episodes, and the core theme within that person's episodes."""
    groups: dict[str, list[EpisodeDict]] = {}
    for episode in episodes:
        groups.setdefault(_person(episode), []).append(episode)
    rows = []
    for person, group in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
        theme = core_theme(group)
        rows.append(
            {
                "person": person,
                "episodes": len(group),
                "theme": {k: _brief(v) for k, v in theme.items()},
            }
        )
    return rows


def _person(episode: EpisodeDict) -> str:
    category = str(episode.get("category", "other"))
    return category if category != "other" else str(episode.get("other", "other"))


def _brief(row: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {k: row[k] for k in ("cluster", "name", "episodes", "pervasiveness")}


def transference(episodes: Sequence[EpisodeDict]) -> list[dict[str, Any]]:
    """Clusters shown both with the therapist and with others (a candidate transference)."""
    with_therapist = [e for e in episodes if e.get("category") == "therapist"]
    others = [e for e in episodes if e.get("category") != "therapist"]
    patterns = []
    for kind in KINDS:
        here = Counter(c for e in with_therapist for c in _clusters(e, kind))
        there = Counter(c for e in others for c in _clusters(e, kind))
        for cluster in sorted(set(here) & set(there)):
            patterns.append(
                {
                    "kind": kind,
                    "cluster": cluster,
                    "name": CLUSTERS[cluster],
                    "therapist_episodes": here[cluster],
                    "other_episodes": there[cluster],
                    "other_people": sorted(
                        {_person(e) for e in others if cluster in _clusters(e, kind)}
                    ),
                }
            )
    return patterns


def negative_share(episodes: Iterable[EpisodeDict]) -> dict[str, float | None]:
    """Share of negative RO and of negative RS components (None when there are none)."""
    totals: Counter[str] = Counter()
    negatives: Counter[str] = Counter()
    for episode in episodes:
        for component in episode.get("components", []):
            kind = component["kind"]
            if kind == "W":
                continue
            totals[kind] += 1
            negatives[kind] += component.get("valence") == "negative"
    return {
        kind: (round(negatives[kind] / totals[kind], 3) if totals[kind] else None)
        for kind in ("RO", "RS")
    }


def formulation(episodes: Sequence[EpisodeDict], detector: str) -> dict[str, Any]:
    """The per-session ``ccrt`` output."""
    if not episodes:
        return {
            "status": f"no relationship episodes: not detected by {detector}",
            "episodes": 0,
            "candidate": True,
            "note": CANDIDATE_NOTE,
        }
    return {
        "status": "candidate",
        "candidate": True,
        "note": CANDIDATE_NOTE,
        "episodes": len(episodes),
        "core_theme": core_theme(episodes),
        "pervasiveness": pervasiveness(episodes),
        "by_person": by_person(episodes),
        "transference": transference(episodes),
        "negative_share": negative_share(episodes),
    }
