"""Loaders for the public labelled sets in ``--data`` (see ../shared/data/README.md).

Each loader turns a set into :class:`Conversation` objects: a :class:`Transcript` built from
the set's dialogue (so detectors see the turn's context) plus, per labelled turn, the codes
that each human annotator gave. The data stay where they are; nothing is copied.

Held-out rule: :func:`is_evaluation_conversation` puts a fixed, hash-based fifth of every
set's conversations in an evaluation fold. Trainers of shipped models must leave that fold out.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from talkingcure.analysis.readers.events import find_events
from talkingcure.analysis.transcript import Role, Transcript, Turn

DATASETS: tuple[str, ...] = (
    "annomi",
    "annomi_stripped",
    "esconv",
    "goemotions",
    "epitome",
    "psydefconv",
)
EVALUATION_FOLDS = 5
GOEMOTIONS_CHUNK = 25  # GoEmotions comments are independent: 25 per synthetic "conversation"
PSYDEFCONV_CONTEXT = 12  # turns of dialogue kept before each PsyDefConv target utterance
SAMPLED_SETS = frozenset({"esconv", "epitome"})
"""Large evaluation-only sets: by default only their hash-rule fifth is run (``--full``: all)."""

Codes = dict[str, str]


class DatasetError(ValueError):
    """A data file is missing or not in the format its loader expects."""


@dataclass(frozen=True)
class Conversation:
    """One dialogue of a public set, with the human codes of its labelled turns.

    ``codes[turn]`` lists one dict of codes per annotator who coded that turn.
    """

    dataset: str
    conversation_id: str
    transcript: Transcript
    codes: dict[int, list[Codes]] = field(default_factory=dict)


def is_evaluation_conversation(dataset: str, conversation_id: str) -> bool:
    """True for the fixed fifth of a set's conversations kept out of every trainer.

    The rule is ``sha256("<dataset>:<conversation_id>") % 5 == 0``; ``annomi_stripped`` shares
    AnnoMI's folds.
    """
    base = "annomi" if dataset == "annomi_stripped" else dataset
    digest = hashlib.sha256(f"{base}:{conversation_id}".encode()).hexdigest()
    return int(digest, 16) % EVALUATION_FOLDS == 0


def make_transcript(
    turns: list[tuple[str, Role, str]], source: str, meta: dict[str, object] | None = None
) -> Transcript:
    """A transcript from (speaker, role, text) triples, with non-verbal notes as events."""
    built = tuple(
        Turn(index=i, speaker=speaker, role=role, text=text, events=find_events(text))
        for i, (speaker, role, text) in enumerate(turns)
    )
    return Transcript(turns=built, source=source, meta=dict(meta or {}), role_note="from data set")


def load(dataset: str, data_dir: Path, *, limit: int | None = None) -> list[Conversation]:
    """Load ``dataset`` from ``data_dir`` (the folder that holds ``annomi/``, ``esconv/`` ...)."""
    loaders = {
        "annomi": lambda: load_annomi(data_dir / "annomi"),
        "annomi_stripped": lambda: load_annomi(data_dir / "annomi", strip=True),
        "esconv": lambda: load_esconv(data_dir / "esconv"),
        "goemotions": lambda: load_goemotions(data_dir / "goemotions"),
        "epitome": lambda: load_epitome(data_dir / "epitome"),
        "psydefconv": lambda: load_psydefconv(data_dir / "psydefconv"),
    }
    if dataset not in loaders:
        raise DatasetError(f"unknown data set {dataset!r}; known: {', '.join(DATASETS)}")
    conversations = loaders[dataset]()
    return conversations if limit is None else conversations[:limit]


def _require(path: Path) -> Path:
    if not path.exists():
        raise DatasetError(f"{path} not found")
    return path


# --- AnnoMI -------------------------------------------------------------------------------

ANNOMI_FIELDS = ("main_therapist_behaviour", "question_subtype", "reflection_subtype")
_PUNCT = re.compile(r"[^\w\s']")


def strip_punctuation(text: str) -> str:
    """Lower-case and drop punctuation, as a rough stand-in for unpunctuated ASR output."""
    return " ".join(_PUNCT.sub(" ", text).lower().split())


def load_annomi(folder: Path, *, strip: bool = False) -> list[Conversation]:
    """AnnoMI ``annomi_full_dev.csv``: one conversation per ``transcript_id``.

    Utterances coded by several annotators appear once per annotator; they become one turn with
    one codes dict per annotator.
    """
    path = _require(folder / "annomi_full_dev.csv")
    texts: dict[str, dict[int, tuple[str, str]]] = {}
    codes: dict[str, dict[int, list[Codes]]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row_number, row in enumerate(csv.DictReader(handle), start=2):
            try:
                conv, utt = row["transcript_id"], int(row["utterance_id"])
                texts.setdefault(conv, {}).setdefault(
                    utt, (row["interlocutor"], row["utterance_text"])
                )
                if row["interlocutor"] == "therapist":
                    coded = {name: row[name] for name in ANNOMI_FIELDS}
                    coded["annotator_id"] = row["annotator_id"]
                    codes.setdefault(conv, {}).setdefault(utt, []).append(coded)
            except (KeyError, ValueError) as exc:
                raise DatasetError(f"{path}, line {row_number}: {exc}") from exc
    conversations = []
    for conv in sorted(texts, key=_natural_key):
        order = sorted(texts[conv])
        turns: list[tuple[str, Role, str]] = []
        for utt in order:
            who, text = texts[conv][utt]
            role: Role = "therapist" if who == "therapist" else "client"
            turns.append(("Therapist" if role == "therapist" else "Client", role, text))
            if strip:
                turns[-1] = (turns[-1][0], role, strip_punctuation(text))
        position = {utt: i for i, utt in enumerate(order)}
        turn_codes = {position[u]: c for u, c in codes.get(conv, {}).items()}
        name = "annomi_stripped" if strip else "annomi"
        conversations.append(
            Conversation(name, conv, make_transcript(turns, f"annomi:{conv}"), turn_codes)
        )
    return conversations


def _natural_key(value: str) -> tuple[int, str]:
    return (int(value), value) if value.isdigit() else (10**9, value)


# --- ESConv -------------------------------------------------------------------------------


def load_esconv(folder: Path) -> list[Conversation]:
    """ESConv ``train.jsonl`` and ``valid.jsonl``: ``usr`` is the client, ``sys`` the supporter."""
    conversations = []
    for split in ("train", "valid"):
        path = _require(folder / f"{split}.jsonl")
        for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                conversations.append(_esconv_conversation(record, f"{split}-{line_number}"))
            except (KeyError, TypeError, json.JSONDecodeError) as exc:
                raise DatasetError(f"{path}, line {line_number}: {exc}") from exc
    return conversations


def _esconv_conversation(record: dict[str, object], conv_id: str) -> Conversation:
    dialog = record["dialog"]
    if not isinstance(dialog, list):
        raise TypeError("'dialog' is not a list")
    turns: list[tuple[str, Role, str]] = []
    codes: dict[int, list[Codes]] = {}
    for i, utterance in enumerate(dialog):
        if utterance["speaker"] == "sys":
            turns.append(("Therapist", "therapist", str(utterance["text"]).strip()))
            codes[i] = [{"strategy": str(utterance.get("strategy", ""))}]
        else:
            turns.append(("Client", "client", str(utterance["text"]).strip()))
    meta: dict[str, object] = {
        k: record[k] for k in ("emotion_type", "problem_type") if k in record
    }
    return Conversation("esconv", conv_id, make_transcript(turns, f"esconv:{conv_id}", meta), codes)


# --- GoEmotions ---------------------------------------------------------------------------


def load_goemotions(folder: Path, split: str = "dev") -> list[Conversation]:
    """GoEmotions ``<split>.tsv`` comments as client turns, grouped 25 to a transcript.

    Each turn's codes: ``{"ekman": "joy,sadness"}`` (Ekman groups; empty for neutral only).
    """
    path = _require(folder / f"{split}.tsv")
    names = _require(folder / "emotions.txt").read_text(encoding="utf-8").split()
    mapping = json.loads(_require(folder / "ekman_mapping.json").read_text(encoding="utf-8"))
    group_of = {emotion: group for group, members in mapping.items() for emotion in members}
    items: list[tuple[str, str, str]] = []
    for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split("\t")
        if len(parts) != 3:
            raise DatasetError(f"{path}, line {line_number}: expected 3 tab-separated fields")
        text, ids, comment_id = parts
        try:
            groups = sorted(
                {group_of[names[int(i)]] for i in ids.split(",") if names[int(i)] in group_of}
            )
        except (ValueError, IndexError) as exc:
            raise DatasetError(f"{path}, line {line_number}: bad label ids {ids!r}") from exc
        items.append((comment_id, text, ",".join(groups)))
    conversations = []
    for start in range(0, len(items), GOEMOTIONS_CHUNK):
        chunk = items[start : start + GOEMOTIONS_CHUNK]
        turns: list[tuple[str, Role, str]] = [("Client", "client", text) for _, text, _ in chunk]
        codes = {
            i: [{"ekman": groups, "comment_id": cid}] for i, (cid, _, groups) in enumerate(chunk)
        }
        conv_id = f"{split}-{start // GOEMOTIONS_CHUNK}"
        transcript = make_transcript(turns, f"goemotions:{conv_id}")
        conversations.append(Conversation("goemotions", conv_id, transcript, codes))
    return conversations


# --- EPITOME ------------------------------------------------------------------------------


def load_epitome(folder: Path, mechanism: str = "explorations") -> list[Conversation]:
    """EPITOME ``<mechanism>_dev.csv``: seeker post (client), response (therapist), level 0-2."""
    path = _require(folder / f"{mechanism}_dev.csv")
    conversations = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row_number, row in enumerate(csv.DictReader(handle), start=2):
            try:
                turns: list[tuple[str, Role, str]] = [
                    ("Client", "client", row["seeker_post"].strip()),
                    ("Therapist", "therapist", row["response_post"].strip()),
                ]
                conv_id = f"{row['sp_id']}-{row['rp_id']}"
                codes = {1: [{mechanism: row["level"], "rationales": row.get("rationales", "")}]}
            except KeyError as exc:
                raise DatasetError(f"{path}, line {row_number}: missing column {exc}") from exc
            transcript = make_transcript(turns, f"epitome:{conv_id}")
            conversations.append(Conversation("epitome", conv_id, transcript, codes))
    return conversations


# --- PsyDefConv ---------------------------------------------------------------------------

_SPEAKER = re.compile(r"^(Seeker|Supporter)( \[TARGET\])?:\s?(.*)$")


def load_psydefconv(folder: Path) -> list[Conversation]:
    """PsyDefConv ``val_labelled.json``: the dialogue in ``prompt`` up to the [TARGET] utterance.

    Only the last ``PSYDEFCONV_CONTEXT`` turns before the target are kept (records repeat whole
    dialogues; the recent context is what the detectors read).

    The conversation id is the record id; the evaluation fold follows ``dialogue_id`` so that
    records of one dialogue stay together.
    """
    path = _require(folder / "val_labelled.json")
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{path}: {exc}") from exc
    conversations = []
    for i, record in enumerate(records):
        try:
            turns, target = parse_psydefconv_prompt(str(record["prompt"]))
            turns = turns[max(0, target - PSYDEFCONV_CONTEXT) : target + 1]
            target = len(turns) - 1
            label = str(record["label"])
            conv_id = str(record["id"])
            meta: dict[str, object] = {"dialogue_id": str(record.get("dialogue_id", conv_id))}
        except (KeyError, ValueError) as exc:
            raise DatasetError(f"{path}, record {i}: {exc}") from exc
        transcript = make_transcript(turns, f"psydefconv:{conv_id}", meta)
        codes = {target: [{"dmrs": label}]}
        conversations.append(Conversation("psydefconv", conv_id, transcript, codes))
    return conversations


def parse_psydefconv_prompt(prompt: str) -> tuple[list[tuple[str, Role, str]], int]:
    """Turns of the ``Conversation:`` block and the index of the [TARGET] turn."""
    if "Conversation:" not in prompt:
        raise ValueError("prompt has no 'Conversation:' block")
    block = prompt.split("Conversation:", 1)[1]
    turns: list[tuple[str, Role, str]] = []
    target = -1
    for line in _dialogue_lines(block):
        match = _SPEAKER.match(line)
        if match:
            role: Role = "client" if match.group(1) == "Seeker" else "therapist"
            turns.append(("Client" if role == "client" else "Therapist", role, match.group(3)))
            if match.group(2):
                target = len(turns) - 1
                break
        elif turns and line.strip():
            speaker, role, text = turns[-1]
            turns[-1] = (speaker, role, f"{text} {line.strip()}")
    if target < 0:
        raise ValueError("prompt has no [TARGET] utterance")
    return turns, target


def _dialogue_lines(block: str) -> Iterator[str]:
    yield from block.strip("\n").splitlines()


SplitName = Literal["evaluation", "all"]


def select(conversations: list[Conversation], split: SplitName) -> list[Conversation]:
    """Only the evaluation fold (``"evaluation"``) or every conversation (``"all"``)."""
    if split == "all":
        return conversations
    return [c for c in conversations if is_evaluation_conversation(c.dataset, _fold_key(c))]


def _fold_key(conversation: Conversation) -> str:
    dialogue = conversation.transcript.meta.get("dialogue_id")
    return str(dialogue) if dialogue else conversation.conversation_id
