"""``talkingcure evaluate``: measure the engine against public human labels and gold sets.

The main CLI calls :func:`add_commands` to register the command on its Typer app.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import joblib
import typer

from talkingcure.analysis.evaluation.adequacy import AGREEMENT_PATH, write_agreement
from talkingcure.analysis.evaluation.agreement import annomi_ceilings
from talkingcure.analysis.evaluation.datasets import (
    DATASETS,
    SAMPLED_SETS,
    DatasetError,
    load,
    select,
)
from talkingcure.analysis.evaluation.gold import (
    GoldFormatError,
    GoldResult,
    gold_files,
    load_gold_set,
    load_researcher_gold,
    run_gold_set,
    run_researcher_gold,
)
from talkingcure.analysis.evaluation.public import SetReport, evaluate_set
from talkingcure.analysis.evaluation.report import Evaluation, emotion_macro, write
from talkingcure.analysis.evaluation.runner import active_config, use_config
from talkingcure.analysis.pipeline import load_config

SYNTHETIC = "synthetic"
ALL_SETS = (*DATASETS, SYNTHETIC)


def add_commands(app: typer.Typer) -> None:
    """Register ``evaluate`` on ``app``."""
    app.command("evaluate")(evaluate)


def evaluate(
    data: Annotated[
        Path | None,
        typer.Option("--data", help="Folder holding annomi/, esconv/, goemotions/ ..."),
    ] = None,
    gold: Annotated[
        Path | None,
        typer.Option("--gold", help="A researcher's codes: CSV or JSON (see docs/evaluation.md)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", help="Markdown report [default: docs/evaluation.md with --data]"),
    ] = None,
    sets: Annotated[
        str,
        typer.Option("--sets", help=f"Comma-separated subset of: {', '.join(ALL_SETS)}"),
    ] = ",".join(ALL_SETS),
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="At most N conversations per set.")
    ] = None,
    full: Annotated[
        bool,
        typer.Option("--full", help="Run every conversation of ESConv and EPITOME, not a fifth."),
    ] = False,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            exists=True,
            dir_okay=False,
            help="Pipeline config (TOML) to evaluate instead of the built-in one, e.g. "
            "src/talkingcure/analysis/config/embeddings.toml; needs --output (the shipped "
            "docs/evaluation.md and agreement.json describe the default engine only)",
        ),
    ] = None,
    agreement_out: Annotated[
        Path | None,
        typer.Option(
            "--agreement-out",
            help="Which labels are adequate for note drafting, as JSON [default with --data: "
            "the shipped agreement.json when the report is docs/evaluation.md, else "
            "agreement.json beside the report]",
        ),
    ] = None,
) -> None:
    """Measure the engine against people: public sets, synthetic gold sets, your own codes."""
    if data is None and gold is None:
        raise typer.BadParameter("give --data DIR, --gold FILE or both")
    chosen = [s.strip() for s in sets.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in ALL_SETS]
    if unknown:
        raise typer.BadParameter(
            f"unknown set(s) {', '.join(unknown)}; known: {', '.join(ALL_SETS)}"
        )
    if config is not None and output is None:
        raise typer.BadParameter(
            "give --output FILE with --config: docs/evaluation.md and agreement.json keep the "
            "default engine's figures",
            param_hint="--config",
        )
    use_config(load_config(config) if config is not None else None)
    try:
        _evaluate(data, gold, chosen, sets, limit, full, config, output, agreement_out)
    finally:
        use_config(None)


def _evaluate(
    data: Path | None,
    gold: Path | None,
    chosen: list[str],
    sets: str,
    limit: int | None,
    full: bool,
    config: Path | None,
    output: Path | None,
    agreement_out: Path | None,
) -> None:
    """Run the chosen measurements with the config given to ``use_config`` and write them."""
    started = time.time()
    command = _command(data, gold, sets, limit, full)
    command += f" --config {config}" if config is not None else ""
    evaluation = Evaluation(command=command, limit=limit)
    if data is not None:
        _public(evaluation, data, [s for s in chosen if s in DATASETS], limit, full)
        if SYNTHETIC in chosen:
            evaluation.gold = _synthetic()
            evaluation.sections.append(_triggers())
            evaluation.sections.append(_ccrt())
    if gold is not None:
        _researcher(evaluation, gold)
    evaluation.trainer_figures = _trainer_figures()
    evaluation.annomi_fold_held_out = annomi_fold_held_out(evaluation.trainer_figures)
    evaluation.notes = _config_notes(config) + _training_notes(evaluation.annomi_fold_held_out)
    evaluation.seconds = time.time() - started
    target = output or (
        Path("docs/evaluation.md") if data is not None else Path("gold-evaluation.md")
    )
    write(evaluation, target)
    typer.echo(f"wrote {target} ({evaluation.seconds:.0f} s)")
    agreement = agreement_out or _default_agreement_path(data, output, target)
    if agreement is not None:
        write_agreement(evaluation, agreement)
        typer.echo(f"wrote {agreement}")


def _config_notes(config: Path | None) -> list[str]:
    """The report's statement of which pipeline config it measured (empty for the default)."""
    if config is None:
        return []
    default = load_config()["pipeline"]
    pipeline = active_config()["pipeline"]
    added = [name for name in pipeline if name not in default]
    dropped = [name for name in default if name not in pipeline]
    change = (
        f" It differs from the default pipeline: adds {', '.join(added) or 'nothing'}, "
        f"drops {', '.join(dropped) or 'nothing'}."
        if added or dropped
        else ""
    )
    return [
        f"**Config evaluated: `{config}`, not the default engine (config/default.toml).**"
        f"{change} These figures are for that config; docs/evaluation.md has the default's."
    ]


def _default_agreement_path(data: Path | None, output: Path | None, report: Path) -> Path | None:
    """Where the agreement file goes when ``--agreement-out`` is not given (None: nowhere)."""
    if data is None:
        return None  # a researcher's gold file alone says nothing about public agreement
    if output is None:
        return AGREEMENT_PATH
    return report.with_name("agreement.json")


def _command(data: Path | None, gold: Path | None, sets: str, limit: int | None, full: bool) -> str:
    parts = ["talkingcure evaluate"]
    if data is not None:
        parts.append(f"--data {data}")
    if gold is not None:
        parts.append(f"--gold {gold}")
    if sets != ",".join(ALL_SETS):
        parts.append(f"--sets {sets}")
    if limit is not None:
        parts.append(f"--limit {limit}")
    if full:
        parts.append("--full")
    return " ".join(parts)


def _public(
    evaluation: Evaluation, data: Path, chosen: list[str], limit: int | None, full: bool
) -> None:
    for dataset in chosen:
        try:
            conversations = load(dataset, data)
        except DatasetError as exc:
            typer.echo(f"skipping {dataset}: {exc}", err=True)
            continue
        note = ""
        if dataset in SAMPLED_SETS and not full:
            total = len(conversations)
            conversations = select(conversations, "evaluation")
            note = (
                f"Run on the fixed fifth chosen by the hash rule ({len(conversations)} of "
                f"{total} conversations; `--full` runs all)."
            )
        conversations = conversations[:limit] if limit else conversations
        with typer.progressbar(length=len(conversations), label=f"{dataset:16}") as bar:
            report = evaluate_set(dataset, conversations, progress=bar.update, sampled=bool(note))
        report.note = note
        evaluation.sets.append(report)
        _echo_set(report)
        if dataset == "annomi":
            evaluation.ceilings = annomi_ceilings(conversations)


def _echo_set(report: SetReport) -> None:
    for result in report.labels:
        if result.scores is None:
            typer.echo(f"  {result.mapping.label:22} {result.split}: not run")
            continue
        s = result.scores
        typer.echo(
            f"  {result.mapping.label:22} P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f} "
            f"kappa {s.kappa:.3f} n {s.n}  [{result.split}]"
        )
    for m in report.multiclass:
        status = "not run" if m.not_run else f"{m.metric} {m.value:.3f} (acc {m.accuracy:.3f})"
        typer.echo(f"  {m.name}: {status} n {m.n_items}  [{m.split}]")
    for split, value in emotion_macro(report).items():
        typer.echo(f"  emotion macro-F1 {value:.3f}  [{split}]")


def _synthetic() -> dict[str, dict[str, GoldResult]]:
    results: dict[str, dict[str, GoldResult]] = {}
    for path in gold_files():
        try:
            records = load_gold_set(path)
        except GoldFormatError as exc:
            typer.echo(f"skipping gold set: {exc}", err=True)
            continue
        with typer.progressbar(length=len(records), label=f"gold:{path.stem:11}") as bar:
            results[path.stem] = run_gold_set(records, progress=bar.update)
        for label, result in sorted(results[path.stem].items()):
            if result.not_run:
                typer.echo(f"  {label:28} not run")
            else:
                s = result.scores
                typer.echo(f"  {label:28} P {s.precision:.3f} R {s.recall:.3f} n {s.n}")
    return results


def _triggers() -> str:
    """The trigger/coping section (synthetic sessions in examples/triggers, test split)."""
    from talkingcure.analysis.evaluation.triggers_eval import measure_triggers, render_section

    return render_section(measure_triggers())


def _ccrt() -> str:
    """The CCRT section (synthetic treatment in examples/treatment, docs/ccrt.md)."""
    from talkingcure.analysis.ccrt.evaluate import evaluate_gold, markdown

    return markdown(evaluate_gold())


def _researcher(evaluation: Evaluation, gold: Path) -> None:
    try:
        rows = load_researcher_gold(gold)
    except (GoldFormatError, OSError) as exc:
        raise typer.BadParameter(str(exc), param_hint="--gold") from exc
    conversations = len({r.conversation_id for r in rows})
    with typer.progressbar(length=conversations, label="gold file       ") as bar:
        scores, not_run, n_conv = run_researcher_gold(rows, progress=bar.update)
    evaluation.researcher = scores
    evaluation.researcher_not_run = not_run
    evaluation.researcher_conversations = n_conv
    for label, s in sorted(scores.items()):
        typer.echo(f"  {label:28} P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f} n {s.n}")


def _trainer_figures() -> dict[str, dict[str, object]]:
    """Cross-validation figures the trainers stored in the shipped artefacts."""
    from talkingcure.analysis.detectors.emotion_model import MODEL_PATH, load_model

    figures: dict[str, dict[str, object]] = {}
    if MODEL_PATH.exists():
        figures["talkingcure.emotions.v1 (GoEmotions)"] = dict(load_model().meta)
    acts = MODEL_PATH.parent / "therapist_acts.joblib"
    if acts.exists():
        try:
            stored = joblib.load(acts)
            acts_figures = dict(stored.get("figures", {}))
            acts_figures["training"] = stored.get("training", {})
            figures["talkingcure.therapist_acts.v1 (AnnoMI)"] = acts_figures
        except Exception as exc:  # an unreadable artefact is reported, not fatal here
            figures["talkingcure.therapist_acts.v1 (AnnoMI)"] = {"error": repr(exc)}
    figures.update(_optional_figures())
    return figures


def _optional_figures() -> dict[str, dict[str, object]]:
    """Trainer figures of optional components, when the evaluated config uses them."""
    from talkingcure.analysis.detectors.emotions_embed import MODEL_PATH as EMBED_PATH
    from talkingcure.analysis.detectors.emotions_embed import EmotionsEmbed

    if EmotionsEmbed.name not in active_config().get("pipeline", []) or not EMBED_PATH.exists():
        return {}
    stored = joblib.load(EMBED_PATH)
    return {f"{EmotionsEmbed.name} (GoEmotions, embeddings extra)": dict(stored["meta"])}


def annomi_fold_held_out(figures: dict[str, dict[str, object]]) -> bool | None:
    """Whether the shipped therapist_acts model left AnnoMI's evaluation fold out of its fit.

    None when there is no such model (nothing trained on AnnoMI).
    """
    acts = figures.get("talkingcure.therapist_acts.v1 (AnnoMI)")
    if not acts:
        return None
    training = acts.get("training")
    if not isinstance(training, dict):
        return False
    held_out = str(training.get("held_out", ""))
    return bool(training.get("excluded_evaluation_fold")) or "% 5 == 0" in held_out


def _training_notes(held_out: bool | None) -> list[str]:
    if held_out is None:
        return []
    if held_out:
        return [
            "The shipped therapist_acts model (training/train_therapist_acts.py) was fit without "
            "AnnoMI's evaluation fold, so the AnnoMI evaluation-fold figures are held out; the "
            "AnnoMI 'all conversations' figures include its training conversations and are not "
            "estimates of performance on new sessions."
        ]
    return [
        "**AnnoMI figures include training conversations**: the shipped therapist_acts model "
        "(training/train_therapist_acts.py) is trained on every AnnoMI conversation in the data "
        "folder, including the hash-rule evaluation fold. Its cross-validated figures (split by "
        'conversation) under "Trainers\' own figures" are the held-out estimate; the '
        "maintainers' held-back AnnoMI part is the real test."
    ]


def main() -> None:  # pragma: no cover - a stand-alone entry point for development
    app = typer.Typer(add_completion=False)
    add_commands(app)

    @app.callback()
    def _root() -> None:
        """talkingcure (evaluation only)."""

    app()


if __name__ == "__main__":  # pragma: no cover
    main()
