"""Loaders of the public sets, on small synthetic files written in each set's format."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from talkingcure.analysis.evaluation.datasets import (
    PSYDEFCONV_CONTEXT,
    DatasetError,
    is_evaluation_conversation,
    load,
    parse_psydefconv_prompt,
    select,
    strip_punctuation,
)
from talkingcure.analysis.evaluation.mappings import majority, majority_value

ANNOMI_HEADER = [
    "mi_quality",
    "transcript_id",
    "video_title",
    "video_url",
    "topic",
    "utterance_id",
    "interlocutor",
    "timestamp",
    "utterance_text",
    "annotator_id",
    "therapist_input_exists",
    "therapist_input_subtype",
    "reflection_exists",
    "reflection_subtype",
    "question_exists",
    "question_subtype",
    "main_therapist_behaviour",
    "client_talk_type",
]


def annomi_row(
    conv: int, utt: int, who: str, text: str, annotator: int, main: str, sub: str
) -> dict[str, str]:
    row = dict.fromkeys(ANNOMI_HEADER, "n/a")
    row.update(
        mi_quality="high",
        transcript_id=str(conv),
        utterance_id=str(utt),
        interlocutor=who,
        utterance_text=text,
        annotator_id=str(annotator),
        main_therapist_behaviour=main,
        question_subtype=sub,
    )
    return row


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return write_sets(tmp_path)


def write_sets(tmp_path: Path) -> Path:
    """Tiny synthetic copies of every public set, in each set's own format."""
    (tmp_path / "annomi").mkdir()
    rows = [
        annomi_row(0, 0, "therapist", "How are you today?", 1, "question", "open"),
        annomi_row(0, 0, "therapist", "How are you today?", 2, "question", "open"),
        annomi_row(0, 0, "therapist", "How are you today?", 3, "other", "n/a"),
        annomi_row(0, 1, "client", "Tired.", 1, "n/a", "n/a"),
        annomi_row(0, 1, "client", "Tired.", 2, "n/a", "n/a"),
        annomi_row(0, 2, "therapist", "You feel tired.", 1, "reflection", "n/a"),
        annomi_row(
            1, 0, "therapist", "Is it okay to talk about drinking?", 4, "question", "closed"
        ),
        annomi_row(1, 1, "client", "Sure.", 4, "n/a", "n/a"),
    ]
    with (tmp_path / "annomi" / "annomi_full_dev.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ANNOMI_HEADER)
        writer.writeheader()
        writer.writerows(rows)

    (tmp_path / "esconv").mkdir()
    dialog = {
        "emotion_type": "anxiety",
        "problem_type": "job crisis",
        "dialog": [
            {"speaker": "usr", "text": "I am worried about my job."},
            {
                "speaker": "sys",
                "text": "That sounds stressful.",
                "strategy": "Reflection of feelings",
            },
            {"speaker": "sys", "text": "What happened?", "strategy": "Question"},
        ],
    }
    (tmp_path / "esconv" / "train.jsonl").write_text(json.dumps(dialog) + "\n")
    (tmp_path / "esconv" / "valid.jsonl").write_text("")

    (tmp_path / "goemotions").mkdir()
    names = ["admiration", "anger", "fear", "joy", "neutral"]
    (tmp_path / "goemotions" / "emotions.txt").write_text("\n".join(names))
    mapping = {"anger": ["anger"], "fear": ["fear"], "joy": ["joy", "admiration"]}
    (tmp_path / "goemotions" / "ekman_mapping.json").write_text(json.dumps(mapping))
    lines = ["I love this\t0,3\tc1", "So scared\t2\tc2", "Ok\t4\tc3"]
    (tmp_path / "goemotions" / "dev.tsv").write_text("\n".join(lines) + "\n")

    (tmp_path / "epitome").mkdir()
    with (tmp_path / "epitome" / "explorations_dev.csv").open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["sp_id", "rp_id", "seeker_post", "response_post", "level", "rationales"])
        out.writerow(["s1", "r1", "I feel lost.", "What do you feel lost about?", "2", "What|"])
        out.writerow(["s2", "r2", "Bad day.", "Hang in there.", "0", ""])

    (tmp_path / "psydefconv").mkdir()
    prompt = (
        "You are an expert...\n\nConversation:\nSeeker: Hi\nSupporter: hello how are you ?\n"
        "Seeker: Everyone is against me,\nalways.\nSupporter: That sounds hard.\n"
        "Seeker [TARGET]: It's their fault, not mine.\n\nDefense level of the [TARGET] utterance:\n"
    )
    record = {"id": "train_1", "dialogue_id": "ESConv_9", "prompt": prompt, "label": 3}
    (tmp_path / "psydefconv" / "val_labelled.json").write_text(json.dumps([record]))
    return tmp_path


def test_annomi_one_turn_per_utterance_with_every_annotators_codes(data_dir: Path) -> None:
    first, second = load("annomi", data_dir)
    assert [t.text for t in first.transcript.turns] == [
        "How are you today?",
        "Tired.",
        "You feel tired.",
    ]
    assert [t.role for t in first.transcript.turns] == ["therapist", "client", "therapist"]
    assert len(first.codes[0]) == 3
    assert majority(first.codes[0], "main_therapist_behaviour", "question")
    assert majority_value(first.codes[0], "question_subtype") == "open"
    assert 1 not in first.codes  # client turns carry no therapist codes
    assert second.conversation_id == "1"


def test_annomi_stripped_drops_case_and_punctuation(data_dir: Path) -> None:
    conversation = load("annomi_stripped", data_dir)[0]
    assert conversation.transcript.turns[0].text == "how are you today"
    assert strip_punctuation("Is it okay?") == "is it okay"


def test_esconv_roles_and_strategies(data_dir: Path) -> None:
    (conversation,) = load("esconv", data_dir)
    roles = [t.role for t in conversation.transcript.turns]
    assert roles == ["client", "therapist", "therapist"]
    assert conversation.codes[1] == [{"strategy": "Reflection of feelings"}]
    assert conversation.transcript.meta["emotion_type"] == "anxiety"


def test_goemotions_maps_ids_to_ekman_groups(data_dir: Path) -> None:
    (conversation,) = load("goemotions", data_dir)
    codes = [conversation.codes[i][0]["ekman"] for i in range(3)]
    assert codes == ["joy", "fear", ""]
    assert all(t.role == "client" for t in conversation.transcript.turns)


def test_epitome_two_turn_transcripts(data_dir: Path) -> None:
    first, second = load("epitome", data_dir)
    assert first.transcript.turns[1].text == "What do you feel lost about?"
    assert first.codes[1][0]["explorations"] == "2"
    assert second.codes[1][0]["explorations"] == "0"


def test_psydefconv_parses_dialogue_and_target(data_dir: Path) -> None:
    (conversation,) = load("psydefconv", data_dir)
    turns = conversation.transcript.turns
    assert turns[-1].text == "It's their fault, not mine."
    assert turns[2].text == "Everyone is against me, always."
    assert conversation.codes == {4: [{"dmrs": "3"}]}
    assert conversation.transcript.meta["dialogue_id"] == "ESConv_9"


def test_psydefconv_prompt_without_target_is_an_error() -> None:
    with pytest.raises(ValueError, match="TARGET"):
        parse_psydefconv_prompt("Conversation:\nSeeker: hi\n")


def test_limit_and_missing_files(data_dir: Path, tmp_path: Path) -> None:
    assert len(load("annomi", data_dir, limit=1)) == 1
    with pytest.raises(DatasetError, match="not found"):
        load("annomi", tmp_path / "nowhere")
    with pytest.raises(DatasetError, match="unknown data set"):
        load("nope", data_dir)


def test_evaluation_fold_rule_is_fixed_and_about_a_fifth() -> None:
    ids = [str(i) for i in range(1000)]
    fold = [i for i in ids if is_evaluation_conversation("annomi", i)]
    assert 150 < len(fold) < 250
    assert fold == [i for i in ids if is_evaluation_conversation("annomi", i)]
    assert all(is_evaluation_conversation("annomi_stripped", i) for i in fold)


def test_select_keeps_only_the_evaluation_fold(data_dir: Path) -> None:
    conversations = load("annomi", data_dir)
    chosen = select(conversations, "evaluation")
    assert all(is_evaluation_conversation("annomi", c.conversation_id) for c in chosen)
    assert select(conversations, "all") == conversations


def test_psydefconv_keeps_only_recent_context(tmp_path: Path) -> None:
    (tmp_path / "psydefconv").mkdir()
    lines = [f"{'Seeker' if i % 2 == 0 else 'Supporter'}: line {i}" for i in range(30)]
    prompt = "Conversation:\n" + "\n".join(lines) + "\nSeeker [TARGET]: the target\n\nDefense"
    record = {"id": "x", "dialogue_id": "d", "prompt": prompt, "label": 0}
    (tmp_path / "psydefconv" / "val_labelled.json").write_text(json.dumps([record]))
    (conversation,) = load("psydefconv", tmp_path)
    turns = conversation.transcript.turns
    assert len(turns) == PSYDEFCONV_CONTEXT + 1
    assert turns[-1].text == "the target"
    assert turns[-2].text == "line 29"
    assert conversation.codes == {PSYDEFCONV_CONTEXT: [{"dmrs": "0"}]}
