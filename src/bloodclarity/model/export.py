"""Export a trained model to ONNX (checked against PyTorch) and quantise it to INT8
(checked against FP32); write the model folder in the Hugging Face layout."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from bloodclarity.corpus.labels import BIO_TAGS
from bloodclarity.model.tokenizer import SPECIAL_TOKENS, WordPieceTokenizer
from bloodclarity.model.windows import DEFAULT_MAX_TOKENS, DEFAULT_OVERLAP_LINES, pad_windows

OPSET = 18
PAD_ID = SPECIAL_TOKENS.index("[PAD]")


def sample_windows(vocab_size: int, seed: int = 0, count: int = 6) -> list[list[int]]:
    """Random windows of varied length for output checks."""
    rng = random.Random(seed)
    return [[2, *[rng.randrange(len(SPECIAL_TOKENS), vocab_size)
                  for _ in range(rng.randint(3, 120))], 3] for _ in range(count)]


def _run(path: Path, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(["logits"], {"input_ids": ids, "attention_mask": mask})[0]


def export_onnx(final_dir: str | Path, out_dir: str | Path, *,
                max_tokens: int = DEFAULT_MAX_TOKENS) -> dict[str, Any]:
    """``final_dir`` (save_pretrained + vocab.txt) -> ``out_dir``/model_fp32.onnx + files."""
    import torch
    from transformers import BertForTokenClassification

    final_dir, out_dir = Path(final_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # eager attention: the SDPA graph adds mask and NaN guards (Where, IsNaN) in every layer
    # that cost 15 % of the run time on the CPU
    model = BertForTokenClassification.from_pretrained(final_dir,
                                                       attn_implementation="eager").eval()

    class LogitsOnly(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).logits

    vocab_size = model.config.vocab_size
    ids, mask = pad_windows(sample_windows(vocab_size), PAD_ID)
    batch, seq = torch.export.Dim("batch"), torch.export.Dim("seq", max=512)
    path = out_dir / "model_fp32.onnx"
    torch.onnx.export(
        LogitsOnly(model), (torch.from_numpy(ids), torch.from_numpy(mask)), str(path),
        input_names=["input_ids", "attention_mask"], output_names=["logits"],
        opset_version=OPSET, dynamo=True,
        dynamic_shapes={"input_ids": {0: batch, 1: seq}, "attention_mask": {0: batch, 1: seq}},
    )
    with torch.no_grad():
        expected = model(input_ids=torch.from_numpy(ids),
                         attention_mask=torch.from_numpy(mask)).logits.numpy()
    got = _run(path, ids, mask)
    valid = mask.astype(bool)
    diff = float(np.abs(expected - got)[valid].max())
    if diff > 1e-3:
        raise RuntimeError(f"export: ONNX differs from PyTorch by {diff}")
    write_model_files(final_dir, out_dir, model.config.to_dict(), max_tokens)
    size = sum(p.stat().st_size for p in (path, path.with_name(path.name + ".data"))
               if p.exists())
    return {"path": str(path), "max_abs_diff_vs_torch": diff, "opset": OPSET,
            "size_mb": round(size / 1e6, 2)}


def write_model_files(final_dir: Path, out_dir: Path, config: dict[str, Any],
                      max_tokens: int) -> None:
    """vocab.txt, the Hugging Face tokenizer files, config.json and label_map.json."""
    shutil.copy(final_dir / "vocab.txt", out_dir / "vocab.txt")
    config = {**config, "bloodclarity": {"max_tokens": max_tokens,
                                         "overlap_lines": DEFAULT_OVERLAP_LINES,
                                         "tokenizer": "bloodclarity.model.tokenizer"}}
    (out_dir / "config.json").write_text(json.dumps(config, indent=1) + "\n")
    (out_dir / "label_map.json").write_text(
        json.dumps({str(i): t for i, t in enumerate(BIO_TAGS)}, indent=1) + "\n")
    specials = {"unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]",
                "cls_token": "[CLS]", "mask_token": "[MASK]",
                "additional_special_tokens": ["[NL]"]}
    (out_dir / "special_tokens_map.json").write_text(json.dumps(specials, indent=1) + "\n")
    (out_dir / "tokenizer_config.json").write_text(json.dumps({
        "tokenizer_class": "BertTokenizer", "do_lower_case": True, "strip_accents": False,
        "tokenize_chinese_chars": False, "model_max_length": max_tokens + 2, **specials,
        "bloodclarity_note": "Python and JavaScript use bloodclarity's own word split and "
                             "character normalisation (see bloodclarity/model/tokenizer.py); "
                             "tokenizer.json approximates it for Hugging Face tools.",
    }, indent=1) + "\n")
    write_tokenizer_json(WordPieceTokenizer.from_file(out_dir / "vocab.txt"), out_dir)


def write_tokenizer_json(tokenizer: WordPieceTokenizer, out_dir: Path) -> None:
    """A Hugging Face ``tokenizers`` description of our pipeline."""
    from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers

    hf = Tokenizer(models.WordPiece(vocab=dict(tokenizer.vocab), unk_token="[UNK]",
                                    max_input_chars_per_word=64))
    hf.normalizer = normalizers.Sequence([
        normalizers.NFD(), normalizers.Replace(Regex("[\u0300-\u036f]"), ""),
        normalizers.NFC(), normalizers.Lowercase(), normalizers.Replace("µ", "μ"),
        normalizers.Replace("\n", " [NL] ")])
    hf.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.WhitespaceSplit(),
        pre_tokenizers.Split(Regex(r"\[NL\]|\d+|[^\W\d_]+|[^\w\s]|_"), behavior="isolated")])
    hf.add_special_tokens(list(SPECIAL_TOKENS))
    hf.save(str(out_dir / "tokenizer.json"))


def quantize(fp32: str | Path, int8: str | Path) -> dict[str, Any]:
    """INT8 dynamic quantisation (weights of MatMul and the embedding Gather); agreement."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    fp32, int8 = Path(fp32), Path(int8)
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True,
                     op_types_to_quantize=["MatMul", "Gather"])
    config = json.loads((int8.parent / "config.json").read_text()) if (
        int8.parent / "config.json").exists() else {"vocab_size": 100}
    ids, mask = pad_windows(sample_windows(config["vocab_size"], seed=1, count=16), PAD_ID)
    a, b = _run(fp32, ids, mask), _run(int8, ids, mask)
    valid = mask.astype(bool)
    agree = float((a.argmax(-1) == b.argmax(-1))[valid].mean())
    return {"path": str(int8), "size_mb": round(int8.stat().st_size / 1e6, 2),
            "fp32_size_mb": round(sum(p.stat().st_size for p in (
                fp32, fp32.with_name(fp32.name + ".data")) if p.exists()) / 1e6, 2),
            "argmax_agreement_random_windows": agree,
            "max_abs_diff": float(np.abs(a - b)[valid].max())}
