"""Probe: can the semantic risk screen run without PyTorch (ONNX Runtime and tokenizers)?

Exports the shipped screen (``models/risk_tuned.joblib``: the pinned MiniLM with its adapters
merged, mean pooling and the sigmoid head) to ONNX, optionally quantises it to int8, and runs it
with ``onnxruntime`` and the ``tokenizers`` package on every risk gold statement except the blind
sets. It prints the largest difference in probability from the PyTorch screen, how many
decisions (probability against the label's threshold) change, and the time of each on one
thread. Nothing here is used by the product; results are in training/risk_embed_results.md.

Needs the ``embeddings`` extra and, for the probe only, ``pip install onnx==1.23.2
onnxruntime==1.31.1``. From the repository root:

    .venv/bin/python training/probe_risk_onnx.py --folder build/risk_onnx
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from talkingcure.analysis.detectors.minilm_embed import model_dir
from talkingcure.analysis.detectors.minilm_tuned import MAX_TOKENS, TunedClassifier, mean_pool
from talkingcure.analysis.detectors.risk_embed import MODEL_PATH

GOLD = Path(__file__).resolve().parent.parent / "src" / "talkingcure" / "analysis" / "gold"
BLIND = ("risk_blind2.jsonl", "risk_blind8.jsonl", "risk_blind9.jsonl", "risk_blind10.jsonl")
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def gold_texts() -> list[str]:
    texts = []
    for path in sorted(GOLD.glob("risk*.jsonl")):
        if path.name not in BLIND:
            lines = path.read_text(encoding="utf-8").splitlines()
            texts += [json.loads(line)["text"] for line in lines if line.strip()]
    return texts


def export(screen: TunedClassifier, path: Path) -> None:
    """The screen as one ONNX graph: token ids in, one probability per label out."""
    import torch

    class Screen(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = screen.model
            self.register_buffer("weight", screen.weight)
            self.register_buffer("bias", screen.bias)

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            return torch.sigmoid(mean_pool(hidden, attention_mask) @ self.weight.T + self.bias)

    sample = screen.tokenizer(["a sample", "another one"], padding=True, return_tensors="pt")
    axes = {name: {0: "batch", 1: "tokens"} for name in INPUTS}
    torch.onnx.export(
        Screen().eval(),
        tuple(sample[name] for name in INPUTS),
        str(path),
        input_names=list(INPUTS),
        output_names=["proba"],
        dynamic_axes={**axes, "proba": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )


def run_onnx(path: Path, texts: list[str], batch_size: int = 32) -> np.ndarray:
    import onnxruntime as ort
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(Path(model_dir()) / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.enable_padding()
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    rows = []
    for start in range(0, len(texts), batch_size):
        encoded = tokenizer.encode_batch(texts[start : start + batch_size])
        feeds = {
            "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
        }
        rows.append(session.run(None, feeds)[0])
    return np.concatenate(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folder", type=Path, default=Path("build/risk_onnx"))
    args = parser.parse_args()
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    torch.set_num_threads(1)
    args.folder.mkdir(parents=True, exist_ok=True)
    screen = TunedClassifier(MODEL_PATH)
    fp32, int8 = args.folder / "risk_tuned.onnx", args.folder / "risk_tuned.int8.onnx"
    export(screen, fp32)
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    texts = gold_texts()
    started = time.perf_counter()
    reference = screen.predict(texts)
    torch_seconds = time.perf_counter() - started
    thresholds = np.array([screen.meta["thresholds"][label] for label in screen.meta["labels"]])
    print(f"{len(texts)} statements; PyTorch screen {torch_seconds:.1f} s on one thread")
    for path in (fp32, int8):
        started = time.perf_counter()
        got = run_onnx(path, texts)
        seconds = time.perf_counter() - started
        changed = int(((got >= thresholds) != (reference >= thresholds)).sum())
        print(
            f"{path.name}: {path.stat().st_size / 1e6:.1f} MB, {seconds:.1f} s, largest "
            f"difference {np.abs(got - reference).max():.1e}, {changed} of {reference.size} "
            "decisions changed"
        )


if __name__ == "__main__":
    main()
