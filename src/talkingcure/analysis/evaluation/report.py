"""Write the evaluation as Markdown (``docs/evaluation.md``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from talkingcure.analysis.evaluation.agreement import Ceiling
from talkingcure.analysis.evaluation.gold import GoldResult
from talkingcure.analysis.evaluation.mappings import EMOTION_MACRO_TARGET, MAPPING_NOTES
from talkingcure.analysis.evaluation.metrics import BinaryScores, wilson_interval
from talkingcure.analysis.evaluation.public import LabelResult, MultiClassResult, SetReport

COMMAND = "talkingcure evaluate --data ../shared/data"
SMALL = 30  # positives below this: the interval matters more than the point figure


@dataclass
class Evaluation:
    """Everything one ``talkingcure evaluate`` run measured."""

    command: str = COMMAND
    sets: list[SetReport] = field(default_factory=list)
    ceilings: list[Ceiling] = field(default_factory=list)
    gold: dict[str, dict[str, GoldResult]] = field(default_factory=dict)
    researcher: dict[str, BinaryScores] = field(default_factory=dict)
    researcher_not_run: set[str] = field(default_factory=set)
    researcher_conversations: int = 0
    trainer_figures: dict[str, dict[str, Any]] = field(default_factory=dict)
    limit: int | None = None
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    annomi_fold_held_out: bool | None = None  # None: no shipped model trained on AnnoMI
    # Ready-made Markdown sections from other measurements (e.g. triggers_eval.render_section),
    # rendered after the gold sets.
    sections: list[str] = field(default_factory=list)

    def detectors(self) -> dict[str, str]:
        """The detectors the public sets ran, name -> version, sorted by name."""
        return dict(sorted({k: v for r in self.sets for k, v in r.detectors.items()}.items()))


def f(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def ci(interval: tuple[float, float] | None) -> str:
    return "" if interval is None else f"{interval[0]:.2f}-{interval[1]:.2f}"


def met(value: float, target: float | None) -> str:
    if target is None:
        return "reported"
    return "met" if value >= target else "**not met**"


def emotion_macro(report: SetReport) -> dict[str, float]:
    """Macro-F1 over the six groups, per split of the GoEmotions report."""
    by_split: dict[str, list[float]] = {}
    for result in report.labels:
        if result.scores is not None:
            by_split.setdefault(result.split, []).append(result.scores.f1)
    return {split: sum(v) / len(v) for split, v in by_split.items() if len(v) == 6}


def render(evaluation: Evaluation) -> str:
    parts = [_header(evaluation), _targets(evaluation)]
    for report in evaluation.sets:
        parts.append(_set_section(report))
    if evaluation.ceilings:
        parts.append(_ceiling_section(evaluation.ceilings))
    if evaluation.gold:
        parts.append(_gold_section(evaluation.gold))
    parts.extend(evaluation.sections)
    if evaluation.researcher or evaluation.researcher_not_run:
        parts.append(_researcher_section(evaluation))
    if evaluation.trainer_figures:
        parts.append(_trainer_section(evaluation.trainer_figures))
    parts.append(_notes())
    return "\n\n".join(p.strip() for p in parts if p.strip()) + "\n"


def write(evaluation: Evaluation, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(evaluation), encoding="utf-8")


def _header(evaluation: Evaluation) -> str:
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    detectors = [f"{name} {version}" for name, version in evaluation.detectors().items()]
    limit = (
        f"\n\n**Partial run: at most {evaluation.limit} conversations per set.**"
        if evaluation.limit
        else ""
    )
    return f"""# Evaluation of the analysis engine

Produced by `{evaluation.command}` on {today} in {evaluation.seconds:.0f} s.{limit}
Detectors that ran: {", ".join(detectors) or "none"}.
{"".join(chr(10) + n + chr(10) for n in evaluation.notes)}
How to read this: each of our labels is compared with the nearest human label of a public
set (mappings and how loose they are at the end). Scores are per turn; conversations are
never split. F1 intervals are 95% bootstrap intervals resampling whole conversations; for
synthetic gold sets and proportions, 95% Wilson intervals. AnnoMI is reported on its
evaluation fold (`is_evaluation_conversation`: sha256("annomi:<transcript_id>") % 5 == 0,
which trainers of shipped models must leave out) and on all conversations; the latter
includes conversations a trainer may have used. ESConv, EPITOME and PsyDefConv are
evaluation-only (non-commercial licences): no shipped model saw them. GoEmotions figures are on
`dev.tsv`; the emotion model was trained on `train.tsv` only. Part of each public set is
held back by the maintainers and is not in `../shared/data`."""


def includes_training_data(evaluation: Evaluation, dataset: str, split: str) -> bool:
    """True when a shipped model was trained on (some of) these AnnoMI conversations."""
    if not dataset.startswith("annomi") or evaluation.annomi_fold_held_out is None:
        return False
    return split.startswith("all") or not evaluation.annomi_fold_held_out


def _status(evaluation: Evaluation, dataset: str, split: str, value: float, target: float) -> str:
    status = met(value, target)
    if includes_training_data(evaluation, dataset, split):
        return f"{status}, but includes training conversations: not a held-out figure"
    return status


def _targets(evaluation: Evaluation) -> str:
    rows = [
        "| target | set / split | value | 95% CI | target | status |",
        "|---|---|---|---|---|---|",
    ]
    for report in evaluation.sets:
        for r in report.labels:
            if r.mapping.target is None:
                continue
            if r.scores is None:
                rows.append(
                    f"| {r.mapping.label} F1 | {r.dataset} / {r.split} | not run | | "
                    f"{r.mapping.target:.2f} | not run |"
                )
                continue
            rows.append(
                f"| {r.mapping.label} F1 | {r.dataset} / {r.split} | {f(r.scores.f1)} | "
                f"{ci(r.f1_ci)} | {r.mapping.target:.2f} | "
                f"{_status(evaluation, r.dataset, r.split, r.scores.f1, r.mapping.target)} |"
            )
        for m in report.multiclass:
            if m.target is None:
                continue
            shown = "not run" if m.not_run else f(m.value)
            status = (
                "not run"
                if m.not_run
                else _status(evaluation, m.dataset, m.split, m.value, m.target)
            )
            rows.append(
                f"| {m.name} | {m.dataset} / {m.split} | {shown} | "
                f"{'' if m.not_run else ci(m.ci)} | "
                f"{m.target:.2f} | {status} |"
            )
        if report.dataset == "goemotions":
            for split, macro in emotion_macro(report).items():
                rows.append(
                    f"| six emotion groups, macro-F1 | goemotions / {split} | "
                    f"{f(macro)} | | {EMOTION_MACRO_TARGET:.2f} | "
                    f"{met(macro, EMOTION_MACRO_TARGET)} |"
                )
    rows += _cv_target_rows(evaluation)
    for family, results in evaluation.gold.items():
        risk = [r for r in results.values() if not r.not_run and r.label.startswith("risk.")]
        if not risk:
            continue
        tp = sum(r.scores.tp for r in risk)
        fn = sum(r.scores.fn for r in risk)
        recall = tp / (tp + fn) if tp + fn else 0.0
        status = met(recall, 0.95)
        but = ", but" if recall >= 0.95 else ";"
        if family in TUNED_RISK_SETS:
            status += f"{but} the rules were tuned or trained on this set: not a blind figure"
        elif family in READ_RISK_SETS:
            trained = family in SCREEN_READ_SETS
            status += (
                f"{but} later changes read its published misses"
                + (", and the optional semantic screen trains on it since 3.5.0" if trained else "")
                + ": not a blind figure"
            )
        rows.append(
            f"| risk labels, recall | synthetic gold set {family} | {f(recall)} | "
            f"{ci(wilson_interval(tp, tp + fn))} | 0.95 | {status} |"
        )
    return "## Targets\n\n" + "\n".join(rows)


# Risk gold sets the rules were written on and the learned screens train on, in training order
# (training/train_risk_screen.py reads this list); the blind sets (gold/risk_blind2.jsonl,
# nearly, and each sealed set once moved up) measure new wording.
TUNED_RISK_SETS = (
    "risk",
    "risk_heldout",
    "risk_blind",
    "risk_blind3",
    "risk_blind4",
    "risk_blind5",
    "risk_blind6",
    "risk_blind7",
    "risk_blind8",
    "risk_blind9",
)

# Blind sets whose published misses a later change was written with in view (risk v1.9.0's and
# v1.9.3's safety questions, v1.9.5's follow-up questions, the rejected screen 3.6.0): their
# figures are no longer fully blind. The n-gram screen's trainer still refuses them.
READ_RISK_SETS = ("risk_blind2", "risk_blind10", "risk_blind12", "risk_blind13", "risk_blind14")
# Those of them the semantic screen (training/train_risk_tuned.py) learns from, since 3.5.0.
SCREEN_READ_SETS = ("risk_blind2", "risk_blind10", "risk_blind12")

CV_TARGETS = {
    "question_f1": ("question F1", 0.90),
    "question_f1_stripped": ("question F1, punctuation and case stripped", 0.85),
    "reflection_f1": ("reflection F1", 0.75),
    "open_closed_acc": ("open vs closed accuracy", 0.80),
}


def _cv_target_rows(evaluation: Evaluation) -> list[str]:
    """Targets measured by a trainer's cross-validation (held-out conversations)."""
    rows = []
    for name, meta in evaluation.trainer_figures.items():
        cv = meta.get("cv")
        if not isinstance(cv, dict):
            continue
        for key, (what, target) in CV_TARGETS.items():
            value = cv.get(key)
            if isinstance(value, dict) and "mean" in value:
                rows.append(
                    f"| {what} | {name}: {meta.get('folds', '?')}-fold CV by conversation | "
                    f"{value['mean']:.3f} | sd {value.get('sd', 0):.3f} | {target:.2f} | "
                    f"{met(value['mean'], target)} |"
                )
    return rows


def _set_section(report: SetReport) -> str:
    head = (
        f"## {report.dataset}\n\n{report.n_conversations} conversations loaded; "
        f"{report.seconds:.0f} s. {report.note}".rstrip()
    )
    if report.not_run:
        head += (
            f" Not run (no registered detector assigns them): {', '.join(sorted(report.not_run))}."
        )
    for name, why in sorted(report.failed.items()):
        head += f" Component {name} could not start ({why}); its labels are not run."
    rows = [
        "| label | human label | split | P | R | F1 | F1 95% CI | kappa | n items | n positive "
        "| n conv. | target | loose |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    rows += [_label_row(r) for r in report.labels]
    text = head + ("\n\n" + "\n".join(rows) if report.labels else "")
    if report.multiclass:
        text += "\n\n" + _multiclass_table(report.multiclass)
    if report.dataset == "goemotions":
        macro = emotion_macro(report)
        text += "\n\n" + "\n".join(
            f"Macro-F1 over the six groups ({split}): {f(v)}" for split, v in macro.items()
        )
    return text


def _label_row(r: LabelResult) -> str:
    target = "" if r.mapping.target is None else f"{r.mapping.target:.2f}"
    loose = "loose" if r.mapping.loose else ""
    if r.scores is None:
        return (
            f"| {r.mapping.label} | {r.mapping.human} | {r.split} | not run | | | | | | | "
            f"| {target} | {loose} |"
        )
    s = r.scores
    return (
        f"| {r.mapping.label} | {r.mapping.human} | {r.split} | {f(s.precision)} | {f(s.recall)} "
        f"| {f(s.f1)} | {ci(r.f1_ci)} | {f(s.kappa)} | {s.n} | {s.tp + s.fn} | "
        f"{r.n_conversations} | {target} | {loose} |"
    )


def _multiclass_table(results: Sequence[MultiClassResult]) -> str:
    rows = [
        "| measure | split | accuracy (95% CI) | macro-F1 | majority-class accuracy | "
        "majority-class macro-F1 | n items | n conv. | target | note |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for m in results:
        if m.not_run:
            rows.append(
                f"| {m.name} | {m.split} | not run | | | | {m.n_items} | {m.n_conversations} | | |"
            )
            continue
        target = "" if m.target is None else f"{m.target:.2f} ({met(m.value, m.target)})"
        rows.append(
            f"| {m.name} | {m.split} | {f(m.accuracy)} ({ci(m.ci)}) | {f(m.macro_f1)} | "
            f"{f(m.baseline_accuracy)} | {f(m.baseline_macro_f1)} | {m.n_items} | "
            f"{m.n_conversations} | {target} | {m.note} |"
        )
    return "\n".join(rows)


def _ceiling_section(ceilings: Sequence[Ceiling]) -> str:
    rows = [
        "| construct | metric | mean over annotator pairs | mean kappa | pairs | utterances "
        "| conversations |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in ceilings:
        rows.append(
            f"| {c.construct} | {c.metric} | {f(c.mean)} | {f(c.mean_kappa)} | "
            f"{c.n_pairs} | {c.n_items} | {c.n_conversations} |"
        )
    return (
        "## Human-agreement ceiling (AnnoMI utterances coded by several annotators)\n\n"
        "Each pair of annotators compared on the therapist utterances both coded; a detector "
        "that agrees with the majority about as well as annotators agree with each other is "
        "at the ceiling.\n\n" + "\n".join(rows)
    )


def _gold_section(gold: dict[str, dict[str, GoldResult]]) -> str:
    rows = [
        "| set | label | P (95% CI) | R (95% CI) | F1 | n (positive / negative) | status |",
        "|---|---|---|---|---|---|---|",
    ]
    details: list[str] = []
    for family, results in gold.items():
        for label, result in sorted(results.items()):
            if result.not_run:
                rows.append(f"| {family} | {label} | not run | | | | no detector registered |")
                continue
            s = result.scores
            p_ci = wilson_interval(s.tp, s.tp + s.fp)
            r_ci = wilson_interval(s.tp, s.tp + s.fn)
            status = "candidate (synthetic data only)"
            if label.startswith("risk."):
                status = f"recall target 0.95: {met(s.recall, 0.95)}"
            rows.append(
                f"| {family} | {label} | {f(s.precision)} ({ci(p_ci)}) | {f(s.recall)} "
                f"({ci(r_ci)}) | {f(s.f1)} | {s.tp + s.fn} / {s.fp + s.tn} | {status} |"
            )
            details += _gold_misses(family, result)
    text = (
        "## Synthetic gold sets (written before the detectors; `src/talkingcure/analysis/gold/`)"
        "\n\nEach record is a target turn in context, with hard negatives (the same words in a "
        "turn that does not show the construct). Synthetic sets measure whether the detector "
        "does what its description says; they are not agreement with clinicians.\n\n"
        + "\n".join(rows)
    )
    for family, *heading in RISK_SETS:
        summary = _risk_summary(gold.get(family, {}), *heading)
        if summary:
            text += "\n\n" + summary
    if details:
        text += "\n\n### Misses and false alarms\n\n" + "\n".join(details)
    return text


HELDOUT_TITLE = "risk (formerly held out; tuned on since talkingcure.risk.v1 1.2.0)"
HELDOUT_NOTE = (
    "`gold/risk_heldout.jsonl` was written before the v1.1 rules and was blind until v1.1.0 "
    "(recall 0.50, 61/122). The v1.2 rules were written by looking at its misses (issue 4), so "
    "it is no longer held out: its figure below is not a blind estimate. The blind figure is "
    "`gold/risk_blind.jsonl` below. The risk set above includes batches the rules were tuned "
    "on.\n\n"
)
BLIND_TITLE = "risk (formerly blind; tuned on since talkingcure.risk.v1 1.3.0)"
BLIND_NOTE = (
    "`gold/risk_blind.jsonl` was written by a separate author and scored blind once after the "
    "v1.2 rules (recall 0.75, 75/100; v1.1.0: 0.67). The v1.3 cue families were written after "
    "reading its misses and the v1.3 learned screen is trained on it, so its figure below is "
    "not a blind estimate (built without it, v1.3 scored 0.81 on it). The blind figure is "
    "`gold/risk_blind2.jsonl` below.\n\n"
)
BLIND2_TITLE = "risk (blind, second set, written separately, scored after v1.3)"
BLIND2_NOTE = (
    "`gold/risk_blind2.jsonl` (200 statements) was written by an author who had seen neither "
    "the detectors nor the earlier sets, committed before v1.3, and is never training data (the "
    "trainer refuses it). Scored blind: v1.2.0 recall 0.671 (94/140), v1.3.0 0.714 (100/140). "
    "Its misses were read after v1.3; no rule or training statement was written from them. For "
    "v1.4 its scores were looked at to compare variants of the learned screen (false-alarm "
    "budgets of 1%, 2% and 3%; asking the model also where cues did not add up): the variant "
    "kept is the one that passes the hard-negative tests and keeps the alarm rate in ordinary "
    "sessions, not the best on this set (0.771), so it is nearly, not strictly, blind.\n\n"
)
BLIND3_TITLE = "risk (formerly blind, third set; tuned on since talkingcure.risk.v1 1.5.0)"
BLIND3_NOTE = (
    "`gold/risk_blind3.jsonl` (240 statements: 160 must-catch, 80 hard negatives) was written "
    "by an author who opened neither the detectors, the training data, the earlier sets nor "
    "this report, committed before any v1.4 change, and is never training data. Scored blind: "
    "v1.3.0 recall 0.556 (89/160, false alarms 25/80); a rejected v1.4 candidate 0.656; v1.4.0 "
    "0.588 (94/160, 25/80). The v1.5 cue families were written after reading its misses, so "
    "its figure below is not a blind estimate. The blind figure is `gold/risk_blind4.jsonl` "
    "below.\n\n"
)
BLIND4_TITLE = "risk (formerly blind, fourth set; training data since talkingcure.risk.v1 1.6.0)"
BLIND4_NOTE = (
    "`gold/risk_blind4.jsonl` (240 statements: 160 must-catch, 80 hard negatives) was written "
    "by an author who opened nothing under src, training, docs, tests or benchmarks, committed "
    "before it was scored, and is never training data. Scored blind once each: v1.4.0 and "
    "v1.5.0 alike, 0.531 (85/160, false alarms 19/80): the v1.5 cue families written from the "
    "third set's misses caught nothing more here, so rules written from misses do not carry to "
    "new wording. Its misses are listed below, and it was the development set of the optional "
    "semantic screen (talkingcure.risk_embed.v1 2.0.0: reading each sentence alone as well as "
    "runs of three was chosen on it). Since v1.6.0 both learned screens are trained on it, so "
    "its figure below is not a blind estimate.\n\n"
)
BLIND5_TITLE = "risk (formerly blind, fifth set; training data since talkingcure.risk.v1 1.6.0)"
BLIND5_NOTE = (
    "`gold/risk_blind5.jsonl` (240 statements: 160 must-catch, 80 hard negatives) was written "
    "by an author who opened nothing of the product, its data, tests or docs, and committed "
    "before it was scored. Scored blind once: the default engine (talkingcure.risk.v1 1.5.0) "
    "0.488 (78/160, false alarms 10/80); with the semantic screen 2.0.0, 0.775. Its misses "
    "were published, and since v1.6.0 both learned screens are trained on it, so its figure "
    "below is not a blind estimate (trained without it, v1.6.0 scored 0.519 on it).\n\n"
)
BLIND6_TITLE = "risk (formerly blind, sixth set; training data since talkingcure.risk.v1 1.7.0)"
BLIND6_NOTE = (
    "`gold/risk_blind6.jsonl` (240 statements: 160 must-catch, 80 hard negatives) was written "
    "by an author who opened nothing of the product, its data, tests or docs, and committed "
    "before anything scored it. Scored blind once each: talkingcure.risk.v1 1.5.0 0.575 "
    "(92/160, false alarms 17/80), 1.6.0 0.588 (94/160, 16/80). Its misses were published, and "
    "since v1.7.0 both learned screens are trained on it, so its figure below is not a blind "
    "estimate.\n\n"
)
BLIND7_TITLE = "risk (formerly blind, seventh set; training data since talkingcure.risk.v1 1.7.0)"
BLIND7_NOTE = (
    "`gold/risk_blind7.jsonl` (240 statements: 160 must-catch, 80 hard negatives, more implied "
    "risk and short answers that need the therapist's question) was written by an author who "
    "opened nothing of the product, sealed in `gold/sealed/` until it was moved up in its own "
    "commit, and scored once: talkingcure.risk.v1 1.6.0 0.525 (84/160, false alarms 15/80). "
    "Since v1.7.0 both learned screens are trained on it, so its figure below is not a blind "
    "estimate.\n\n"
)
BLIND8_TITLE = "risk (formerly blind, eighth set; training data since talkingcure.risk.v1 1.8.0)"
BLIND8_NOTE = (
    "`gold/risk_blind8.jsonl` (240 statements: 160 must-catch, 80 hard negatives; slang, older "
    "clients, nurses' jargon, several Englishes, risk in one clause of a long turn, and a "
    "quarter of answers that need the therapist's question) was written by an author who "
    "opened nothing of the product, sealed in `gold/sealed/` until it was moved up in its own "
    "commit, and scored once each: talkingcure.risk.v1 1.6.0 0.575 (92/160, false alarms "
    "18/80), 1.7.0 0.594 (95/160, 18/80). Since v1.8.0 the rules' learned screen is trained on "
    "it, so its figure below is not a blind estimate.\n\n"
)
BLIND9_TITLE = "risk (formerly blind, ninth set; training data since talkingcure.risk.v1 1.8.0)"
BLIND9_NOTE = (
    "`gold/risk_blind9.jsonl` (240 statements: 160 must-catch, 80 hard negatives; a third of "
    "them short answers whose meaning depends on the therapist's question) was written by an "
    "author who opened nothing of the product, sealed in `gold/sealed/` until it was moved up "
    "in its own commit, and scored once: talkingcure.risk.v1 1.7.0 0.494 (79/160, false alarms "
    "18/80). Since v1.8.0 the rules' learned screen is trained on it, so its figure below is "
    "not a blind estimate.\n\n"
)
BLIND10_TITLE = "risk (blind, tenth set, written separately, scored after v1.8)"
BLIND10_NOTE = (
    "`gold/risk_blind10.jsonl` (240 statements: 160 must-catch, 80 hard negatives; a third "
    "short answers that need the therapist's question, a third statements, a third long turns "
    "with the risk in one clause or implied; elderly, adolescent, veteran, farming, legal and "
    "religious speakers, several Englishes, speech-recognition output) was written by an "
    "author who opened nothing of the product, sealed in `gold/sealed/` until it was moved up "
    "in its own commit, and is never training data (both trainers refuse it). Scored once "
    "each: talkingcure.risk.v1 1.7.0 0.563 (90/160, false alarms 22/80), 1.8.0 0.594 (95/160, "
    "27/80); 1.8.1, written after reading its false alarms, has one fewer.\n\n"
)
BLIND11_TITLE = "risk (blind, eleventh set, written separately, scored after v1.9)"
BLIND11_NOTE = (
    "`gold/risk_blind11.jsonl` (240 statements: 160 must-catch, 80 hard negatives, in the "
    "tenth set's thirds; Welsh, Glaswegian, Indian, Nigerian, Australian, Canadian and "
    "Malaysian English, second-language speakers, a mild intellectual disability, text-speak, "
    "speech-recognition output) was written by an author who opened nothing of the product, "
    "sealed in `gold/sealed/` until it was moved up in its own commit, and is never training "
    "data (both trainers refuse it). Scored once: talkingcure.risk.v1 1.9.0 0.600 (96/160, "
    "false alarms 27/80); 1.8.2 0.594. Its author asked for a clinician's review of 044, 157 "
    "and 173.\n\n"
)
BLIND12_TITLE = "risk (blind, twelfth set, written separately, scored after v1.9.2)"
BLIND12_NOTE = (
    "`gold/risk_blind12.jsonl` (240 statements: 160 must-catch, 80 hard negatives, in the "
    'same thirds, several short answers a "no" that is the risk; Caribbean, South African, '
    "Singaporean, Hong Kong, Filipino, Kenyan and Pakistani English, regional British and "
    "American speakers, a deaf client typing, a literal-minded autistic client, loosely "
    "connected speech in psychosis, speech-recognition output) was written by an author who "
    "opened nothing of the product, sealed in `gold/sealed/` until it was moved up in its own "
    "commit, and is never training data (both trainers refuse it). Scored once: "
    "talkingcure.risk.v1 1.9.2 0.544 (87/160, false alarms 27/80); 1.9.3's safety questions "
    "and dialect negators were written with its misses in view and catch four more. Its "
    "author asked for a clinician's review of 039, 069, 086, 091, 148 and 230. The optional "
    "semantic screen trains on it since 3.5.0.\n\n"
)
BLIND13_TITLE = "risk (blind, thirteenth set, written separately, scored after v1.9.4)"
BLIND13_NOTE = (
    "`gold/risk_blind13.jsonl` (240 statements: 160 must-catch, 80 hard negatives, in the "
    "same thirds; Australian, Highland Scots, Welsh valleys, Jamaican, Ghanaian and Nigerian "
    "English, an Irish Traveller, Polish and Romanian second-language speakers, a care-home "
    "resident, a prisoner on remand, a junior doctor, a refugee, chronic pain on opioids, "
    "chemsex, an eating-disorder unit, lower-case chat, speech-to-text errors) was written by "
    "an author who opened nothing of the product, sealed in `gold/sealed/` until it was moved "
    "up in its own commit, and is never training data (both trainers refuse it). Scored once: "
    "talkingcure.risk.v1 1.9.4 0.581 (93/160, false alarms 18/80); 1.9.5's follow-up "
    "questions were written with its misses in view and catch two more. Its author asked for "
    "a clinician's review of 024, 081, 119, 158, 198 and 227.\n\n"
)
BLIND14_TITLE = "risk (blind, fourteenth set, written separately, scored after v1.9.5)"
BLIND14_NOTE = (
    "`gold/risk_blind14.jsonl` (240 statements: 160 must-catch, 80 hard negatives, in the "
    "same thirds; Dublin, Kerry, Yorkshire, Brummie, Scottish Borders, Newfoundland, Louisiana, "
    "Hawaiian Pidgin-tinged, Trinidadian, Ugandan, Zimbabwean, Maltese, Sri Lankan and "
    "Bangladeshi British English, Vietnamese and Brazilian second-language speakers, a nurse "
    "on nights, a firefighter, a priest, a prisoner on release, a teenager in foster care, a "
    "gamer, early dementia, word-finding difficulty after a stroke, voice-to-text, chat) was "
    "written by an author who opened nothing of the product, sealed in `gold/sealed/` until it "
    "was moved up in its own commit, and is never training data (both trainers refuse it). "
    "Scored once: talkingcure.risk.v1 1.9.5 0.631 (101/160, false alarms 18/80). Its author "
    "asked for a clinician's review of 008, 011, 020, 025, 049, 052, 064, 077, 100, 115, 117, "
    "123, 127, 133, 139, 158, 160, 203 and 221. Its figure is the one to expect on new "
    "wording; with the optional semantic screen see `docs/evaluation-embeddings.md`."
    "\n\n"
)
# Risk sets in report order: (family, title, note); the first uses the default heading.
RISK_SETS: tuple[tuple[str, ...], ...] = (
    ("risk",),
    ("risk_heldout", HELDOUT_TITLE, HELDOUT_NOTE),
    ("risk_blind", BLIND_TITLE, BLIND_NOTE),
    ("risk_blind2", BLIND2_TITLE, BLIND2_NOTE),
    ("risk_blind3", BLIND3_TITLE, BLIND3_NOTE),
    ("risk_blind4", BLIND4_TITLE, BLIND4_NOTE),
    ("risk_blind5", BLIND5_TITLE, BLIND5_NOTE),
    ("risk_blind6", BLIND6_TITLE, BLIND6_NOTE),
    ("risk_blind7", BLIND7_TITLE, BLIND7_NOTE),
    ("risk_blind8", BLIND8_TITLE, BLIND8_NOTE),
    ("risk_blind9", BLIND9_TITLE, BLIND9_NOTE),
    ("risk_blind10", BLIND10_TITLE, BLIND10_NOTE),
    ("risk_blind11", BLIND11_TITLE, BLIND11_NOTE),
    ("risk_blind12", BLIND12_TITLE, BLIND12_NOTE),
    ("risk_blind13", BLIND13_TITLE, BLIND13_NOTE),
    ("risk_blind14", BLIND14_TITLE, BLIND14_NOTE),
)


def _per_label_recall(run: list[GoldResult]) -> str:
    return ", ".join(
        f"{r.label} {r.scores.recall:.3f} ({r.scores.tp}/{r.scores.tp + r.scores.fn})"
        for r in sorted(run, key=lambda r: r.label)
    )


def _risk_summary(results: dict[str, GoldResult], title: str = "Risk set", note: str = "") -> str:
    run = [r for r in results.values() if not r.not_run]
    if not run:
        return ""
    tp = sum(r.scores.tp for r in run)
    fn = sum(r.scores.fn for r in run)
    recall = tp / (tp + fn) if tp + fn else 0.0
    low, high = wilson_interval(tp, tp + fn)
    misses = [m for r in run for m in r.misses]
    lines = [
        f"### {title}\n\n{note}Recall over all risk labels: {recall:.3f} ({tp}/{tp + fn}; 95% CI "
        f"{low:.2f}-{high:.2f}); target 0.95: {met(recall, 0.95)}. Per label: "
        f"{_per_label_recall(run)}. Every miss:",
    ]
    lines += [f'- `{m.id}` {m.label}: "{m.text}" ({m.note})' for m in misses] or ["- none"]
    return "\n".join(lines)


def _gold_misses(family: str, result: GoldResult) -> list[str]:
    lines = []
    for record in result.misses:
        lines.append(
            f'- {family} `{record.id}` missed {record.label}: "{record.text}" ({record.note})'
        )
    for record in result.false_alarms:
        lines.append(
            f'- {family} `{record.id}` false alarm {record.label}: "{record.text}" ({record.note})'
        )
    return lines


def _researcher_section(evaluation: Evaluation) -> str:
    rows = [
        "| label | P | R | F1 | kappa | n items | n positive |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, s in sorted(evaluation.researcher.items()):
        rows.append(
            f"| {label} | {f(s.precision)} | {f(s.recall)} | {f(s.f1)} | {f(s.kappa)} "
            f"| {s.n} | {s.tp + s.fn} |"
        )
    for label in sorted(evaluation.researcher_not_run):
        rows.append(f"| {label} | not run | | | | | |")
    return (
        f"## Researcher gold file\n\n{evaluation.researcher_conversations} conversations.\n\n"
        + "\n".join(rows)
    )


def _trainer_section(figures: dict[str, dict[str, Any]]) -> str:
    lines = [
        "## Trainers' own figures (cross-validation on the training data)",
        "",
        "Figures the training scripts stored in the shipped artefacts. Cross-validation splits "
        "by conversation, so these are held-out estimates even where the public-set figures "
        "above include training conversations.",
        "",
    ]
    for name, meta in figures.items():
        if "cv" in meta and isinstance(meta["cv"], dict):
            lines.append(_grouped_cv(name, meta))
            continue
        if "held_out_f1" in meta:
            lines.append(_held_out_figures(name, meta))
            continue
        cv = meta.get("cv_f1", {})
        per = ", ".join(f"{k} {v:.3f}" for k, v in cv.items())
        macro = meta.get("cv_macro_f1")
        lines.append(
            f"- {name}: {meta.get('cv_folds', '?')}-fold CV on {meta.get('data', '?')}"
            f" ({meta.get('n_train', '?')} items): macro-F1 {f(macro)}; per group: {per}."
        )
    return "\n".join(lines)


def _held_out_figures(name: str, meta: dict[str, Any]) -> str:
    """A model whose thresholds were chosen on a held-out part of its training data."""

    def macro(per: dict[str, float]) -> str:
        listed = ", ".join(f"{k} {v:.3f}" for k, v in per.items())
        return f"macro-F1 {f(sum(per.values()) / max(len(per), 1))} ({listed})"

    text = (
        f"- {name}: trained on {meta.get('data', '?')} ({meta.get('examples', '?')} items); "
        f"held-out part ({meta.get('held_out', '?')} items, where the thresholds were chosen, so "
        f"optimistic): {macro(meta['held_out_f1'])}"
    )
    if isinstance(meta.get("dev_f1"), dict):
        text += f"; dev ({meta.get('dev', '?')} items, no choice made on it): "
        text += macro(meta["dev_f1"])
    return text + "."


def _grouped_cv(name: str, meta: dict[str, Any]) -> str:
    cv = meta["cv"]
    parts = []
    for key, value in sorted(cv.items()):
        if isinstance(value, dict) and "mean" in value:
            parts.append(f"{key} {value['mean']:.3f} (sd {value.get('sd', 0):.3f})")
    split = meta.get("split", "?")
    folds = meta.get("folds", "?")
    text = f"- {name}: {folds}-fold CV ({split}): " + "; ".join(parts) + "."
    ceiling = meta.get("human_ceiling")
    if isinstance(ceiling, dict):
        text += (
            " Trainer's human ceiling: "
            + "; ".join(f"{k} {v['mean']:.3f}" for k, v in ceiling.items() if isinstance(v, dict))
            + "."
        )
    baseline = meta.get("qmark_baseline_question_f1")
    if baseline is not None:
        text += f" '?' baseline question F1: {baseline}."
    return text


def _notes() -> str:
    lines = ["## Mappings and notes"]
    from talkingcure.analysis.evaluation.mappings import MAPPINGS

    for m in MAPPINGS:
        lines.append(f"- `{m.label}` vs {m.human} ({m.dataset}): {m.why}")
    lines += [f"- {key}: {text}" for key, text in MAPPING_NOTES.items()]
    lines.append("- `--gold FILE`: a researcher's own codes (see below).")
    return "\n".join(lines) + "\n\n" + GOLD_FORMAT


GOLD_FORMAT = """## Checking the engine on your own sessions: `talkingcure evaluate --gold FILE`

A CSV file with a header row, one row per turn:

```
conversation_id,turn,speaker,text,labels
s1,0,Therapist,How are you feeling today?,question;question.open;exploration.emotion
s1,1,Client,"I don't know. Fine, I guess.",avoidance
s1,2,Therapist,You said fine very quickly.,exploration.avoidance
```

`labels` holds our label names (the names in `talkingcure analyze` output) separated by
semicolons, empty for none. The same rows as JSON: a list of objects with the same keys (`labels`
a list or a semicolon string), or `{"rows": [...]}`. Turns are ordered by `turn` within a
conversation; roles come from speaker names (Therapist, Counsellor, Dr ..., Client, Patient ...;
otherwise inferred as `talkingcure analyze` does). A label name we do not have is an error that
names the row. A label that appears nowhere in the file is taken as not coded and is not scored;
a coded label is scored on every turn of its role (therapist or client). The report goes to
`gold-evaluation.md` unless `--output` says otherwise."""
