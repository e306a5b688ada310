"""The ``bloodclarity`` command."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bloodclarity import __version__
from bloodclarity.knowledge import Analyte, load_knowledge_base
from bloodclarity.rules.names import fold_name
from bloodclarity.serve import add_serve_parser


def analyte_summary(analyte: Analyte) -> dict[str, Any]:
    """The JSON form of an analyte printed by ``bloodclarity biomarkers --format json``."""
    ri, pl = analyte.reference_interval, analyte.plausible
    return {
        "id": analyte.id,
        "name": analyte.name,
        "category": analyte.category,
        "specimen": analyte.specimen,
        "result_type": analyte.result_type,
        "loinc": [c.code for c in analyte.loinc],
        "loinc_names": {c.code: c.name for c in analyte.loinc},
        "aliases": {lang: list(names) for lang, names in analyte.aliases.items()},
        "units": list(analyte.units),
        "si_unit": analyte.si_unit,
        "conventional_unit": analyte.conventional_unit,
        "reference_interval": ri and {"unit": ri.unit, "low": ri.low, "high": ri.high,
                                      "source": ri.source},
        "plausible": pl and {"unit": pl.unit, "min": pl.min, "max": pl.max},
    }


def search_analytes(text: str | None) -> list[Analyte]:
    """Analytes whose id, name, category, LOINC code or any alias contains ``text`` (folded)."""
    kb = load_knowledge_base()
    if not text:
        return list(kb)
    needle = fold_name(text)
    return [
        a for a in kb
        if any(needle in fold_name(s)
               for s in (a.id, a.name, a.category, *[c.code for c in a.loinc], *a.all_aliases()))
    ]


def cmd_biomarkers(args: argparse.Namespace, console: Console) -> int:
    analytes = search_analytes(args.search)
    if args.format == "json":
        print(json.dumps([analyte_summary(a) for a in analytes], ensure_ascii=False, indent=1))
        return 0
    table = Table(title=f"{len(analytes)} analytes")
    for column in ("id", "name", "category", "LOINC", "units (SI first)", "aliases"):
        table.add_column(column)
    for a in analytes:
        table.add_row(a.id, a.name, a.category, " ".join(c.code for c in a.loinc),
                      " ".join(a.units), str(len(a.all_aliases())))
    console.print(table)
    return 0


def render(report, fmt: str, kb, console: Console) -> str | None:
    from bloodclarity.extract.outputs import to_csv, to_fhir, to_json, to_table

    if fmt == "table":
        to_table(report, console)
        return None
    return {"json": to_json, "csv": to_csv}[fmt](report) if fmt != "fhir" else to_fhir(report, kb)


def write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, "utf-8")
    tmp.replace(path)


def cmd_extract(args: argparse.Namespace, console: Console) -> int:
    from rich.progress import track

    from bloodclarity.extract.extractor import Extractor
    from bloodclarity.extract.inputs import InputError

    if args.lang:
        os.environ["BLOODCLARITY_OCR_LANG"] = args.lang.replace(",", "+")
    fmt = args.format or ("table" if sys.stdout.isatty() and not args.out else "json")
    if fmt == "table" and args.out:
        fmt = "json"
    err = Console(stderr=True)
    try:
        extractor = Extractor(args.model, threads=args.threads, units=args.units)
    except (FileNotFoundError, ValueError) as exc:
        err.print(f"bloodclarity extract: {exc}")
        return 2
    out_dir = Path(args.out) if args.out else None
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
    failed = 0
    files = args.files
    many = len(files) > 1
    for name in track(files, description="extracting", console=err, disable=not many):
        try:
            if name == "-":
                report = extractor.extract("-", text=sys.stdin.read())
            else:
                report = extractor.extract(Path(name))
        except InputError as exc:
            failed += 1
            err.print(f"[red]error[/] {exc}", highlight=False, soft_wrap=True)
            continue
        text = render(report, fmt, extractor.kb, console if not out_dir else err)
        if out_dir is not None:
            suffix = {"json": ".json", "csv": ".csv", "fhir": ".fhir.json"}[fmt]
            stem = "stdin" if name == "-" else Path(name).name
            write_atomically(out_dir / f"{stem}{suffix}", text)
        elif text is not None:
            sys.stdout.write(text)
    return 1 if failed else 0


ABLATION = {"model alone": {"validate": False, "infer_units": False},
            "+ plausibility validation": {"validate": True, "infer_units": False},
            "+ context-aware units": {"validate": True, "infer_units": True}}


def cmd_evaluate(args: argparse.Namespace, console: Console) -> int:
    from bloodclarity.extract.benchmark import score_benchmark
    from bloodclarity.extract.evaluate import score_reports
    from bloodclarity.extract.extractor import Extractor
    from bloodclarity.extract.inputs import Page
    from bloodclarity.model.dataset import read_jsonl

    records = list(read_jsonl(args.corpus, args.limit))
    extractor = Extractor(args.model, threads=args.threads)
    started = time.perf_counter()
    tagged = extractor.tagger.tag([r["text"] for r in records])
    seconds = time.perf_counter() - started
    third_party = bool(records) and "expected" in records[0]
    out: dict[str, Any] = {"corpus": args.corpus, "reports": len(records),
                           "tagging_ms_per_report": round(1000 * seconds / max(1, len(records)),
                                                          1)}
    for label, switches in ABLATION.items():
        if not args.ablation and label != "+ context-aware units":
            continue
        pairs = [(r, extractor.build(r["id"], [Page(1, r["text"])], [doc], **switches))
                 for r, doc in zip(records, tagged, strict=True)]
        out[label] = (score_benchmark(pairs, extractor.kb) if third_party
                      else score_reports(pairs, extractor.kb))
    print(json.dumps(out, indent=1))
    return 0


def cmd_generate(args: argparse.Namespace, console: Console) -> int:
    from bloodclarity.corpus.generate import generate_corpus

    started = time.perf_counter()
    stats = generate_corpus(Path(args.out), args.num_samples, args.seed, args.workers)
    seconds = time.perf_counter() - started
    console.print(
        f"{stats['samples']} reports ({stats['splits']}) in {seconds:.1f} s: "
        f"{stats['records']} results, {stats['tokens']} tokens, {stats['layouts']} layouts, "
        f"{stats['languages']} languages, {stats['analytes']} analytes, "
        f"noise {stats['noise_rate']:.0%}, abnormal {stats['abnormal_share']:.0%} -> {args.out}"
    )
    return 0


def cmd_train(args: argparse.Namespace, console: Console) -> int:
    from bloodclarity.model.train import TrainConfig, train

    overrides = {k: getattr(args, k) for k in [*TRAIN_OPTIONS, "multitask"]}
    cfg = (TrainConfig.from_file(args.config, **overrides) if args.config
           else TrainConfig(**{k: v for k, v in overrides.items() if v is not None}))
    summary = train(cfg, console)
    micro = summary["dev"]["micro"]
    console.print(f"{summary['steps']} steps in {summary['minutes']} min; dev entity F1 "
                  f"{micro['f1']:.4f} (P {micro['precision']:.4f} R {micro['recall']:.4f}) "
                  f"-> {cfg.out}/final")
    return 0


def cmd_export(args: argparse.Namespace, console: Console) -> int:
    from bloodclarity.model.export import export_onnx

    result = export_onnx(args.run + "/final", args.out, max_tokens=args.max_tokens)
    console.print(f"exported {result['path']} ({result['size_mb']} MB, opset {result['opset']}); "
                  f"max |ONNX - PyTorch| = {result['max_abs_diff_vs_torch']:.2e}")
    return 0


def cmd_quantize(args: argparse.Namespace, console: Console) -> int:
    from bloodclarity.model.export import quantize

    result = quantize(args.model, args.out)
    console.print(f"INT8 {result['path']}: {result['size_mb']} MB (FP32 {result['fp32_size_mb']} "
                  f"MB); argmax agreement on random windows "
                  f"{result['argmax_agreement_random_windows']:.4f}, max |diff| "
                  f"{result['max_abs_diff']:.3f}")
    return 0


def cmd_evaluate_ner(args: argparse.Namespace, console: Console) -> int:
    from bloodclarity.model.dataset import read_jsonl
    from bloodclarity.model.evaluate import evaluate_reports

    reports = list(read_jsonl(args.corpus, args.limit))
    if args.torch:
        from bloodclarity.model.torch_predictor import torch_predictor

        predict, tokenizer, max_tokens = torch_predictor(args.torch, args.threads)
    else:
        from bloodclarity.model.onnx_model import OnnxTagger

        tagger = OnnxTagger(args.model, threads=args.threads, model_file=args.model_file)
        predict, tokenizer, max_tokens = tagger.predict, tagger.tokenizer, tagger.max_tokens
    scores = evaluate_reports(predict, tokenizer, reports, max_tokens)
    if args.json:
        print(json.dumps(scores, indent=1))
        return 0
    table = Table(title=f"{args.corpus}: {scores['documents']} reports, token accuracy "
                        f"{scores['token_accuracy']:.4%}")
    for column in ("label", "precision", "recall", "F1", "support"):
        table.add_column(column)
    for label, s in [*scores["per_label"].items(), ("micro", scores["micro"])]:
        table.add_row(label, f"{s['precision']:.4f}", f"{s['recall']:.4f}", f"{s['f1']:.4f}",
                      str(s["support"]))
    console.print(table)
    return 0


TRAIN_OPTIONS = {"corpus": str, "out": str, "variant": str, "layers": int, "max_tokens": int,
                 "epochs": float, "batch_size": int, "lr": float, "train_reports": int,
                 "dev_reports": int, "threads": int, "seed": int, "max_minutes": float,
                 "init": str, "intermediate": int, "teacher": str, "distill_weight": float,
                 "temperature": float}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bloodclarity",
        description="Structured, validated results from blood-test reports, offline.",
    )
    parser.add_argument("--version", action="version", version=f"bloodclarity {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("biomarkers", help="list the knowledge base of analytes")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--search", metavar="TEXT", help="filter by id, name, alias or LOINC code")
    p.set_defaults(handler=cmd_biomarkers)

    p = sub.add_parser("generate", help="write the synthetic training corpus")
    p.add_argument("--num-samples", type=int, default=10000, metavar="N")
    p.add_argument("--seed", type=int, default=13, metavar="S")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="W")
    p.set_defaults(handler=cmd_generate)

    p = sub.add_parser("train", help="train the token classifier (needs the train extra)")
    p.add_argument("--config", help="JSON file of training settings; flags override it")
    for option, kind in TRAIN_OPTIONS.items():
        p.add_argument(f"--{option.replace('_', '-')}", type=kind, dest=option)
    p.add_argument("--multitask", action="store_const", const=True, default=None)
    p.set_defaults(handler=cmd_train)

    p = sub.add_parser("export", help="export a trained run to ONNX (needs the train extra)")
    p.add_argument("--run", required=True, help="training folder (holds final/)")
    p.add_argument("--out", required=True, help="model folder to write")
    p.add_argument("--max-tokens", type=int, default=126)
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("quantize", help="INT8 dynamic quantisation of an ONNX model")
    p.add_argument("--model", required=True, help="FP32 ONNX file")
    p.add_argument("--out", required=True, help="INT8 ONNX file to write")
    p.set_defaults(handler=cmd_quantize)

    p = sub.add_parser("evaluate-ner", help="token and entity scores on a corpus JSONL")
    p.add_argument("corpus", help="corpus JSONL (train/dev/test/heldout)")
    p.add_argument("--model", help="ONNX model folder (default: the shipped model)")
    p.add_argument("--model-file", default="model.onnx", help="ONNX file in the folder")
    p.add_argument("--torch", metavar="DIR", help="a PyTorch final/ folder instead of ONNX")
    p.add_argument("--limit", type=int, help="first N reports only")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_evaluate_ner)

    p = sub.add_parser("evaluate", help="record-level accuracy on a corpus JSONL")
    p.add_argument("corpus", help="our corpus JSONL, or the third-party records.jsonl")
    p.add_argument("--model", metavar="DIR", help="model folder (default: the shipped one)")
    p.add_argument("--limit", type=int, help="first N reports only")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--ablation", action="store_true",
                   help="also score the model alone and without unit inference")
    p.set_defaults(handler=cmd_evaluate)

    add_serve_parser(sub)

    p = sub.add_parser("extract", help="extract results from reports (text, PDF, image)")
    p.add_argument("files", nargs="+", metavar="FILE", help="files, or - for standard input")
    p.add_argument("--format", choices=("table", "json", "csv", "fhir"),
                   help="default: a table on a terminal, JSON when piped")
    p.add_argument("--out", metavar="DIR", help="write one output file per input here")
    p.add_argument("--units", choices=("as-printed", "si", "conventional"),
                   default="as-printed", help="add values converted to a unit system")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--lang", metavar="CODES", help="Tesseract languages, e.g. eng,por")
    p.add_argument("--model", metavar="DIR", help="model folder (default: the shipped one)")
    p.set_defaults(handler=cmd_extract)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args, Console())


if __name__ == "__main__":
    sys.exit(main())
