"""A tiny random model trains a few steps, exports to ONNX, quantises and evaluates."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("torch", reason="the train extra (torch, transformers) is not installed")

from bloodclarity.cli import main
from bloodclarity.corpus.generate import generate_corpus
from bloodclarity.model.export import export_onnx, quantize
from bloodclarity.model.onnx_model import OnnxTagger
from bloodclarity.model.train import TrainConfig, cut_layers, distillation_loss, kept_layers, train


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    root = tmp_path_factory.mktemp("pipeline")
    generate_corpus(root / "corpus", 40, seed=4)
    cfg = TrainConfig(corpus=str(root / "corpus"), out=str(root / "run"), variant="tiny",
                      train_reports=12, dev_reports=4, epochs=1, batch_size=16, lr=1e-3,
                      threads=1, checkpoint_every=3)
    return root, cfg, train(cfg)


def test_training_writes_a_model_and_a_log(trained):
    root, _cfg, summary = trained
    assert summary["steps"] == summary["total_steps"] > 0
    assert (root / "run/final/config.json").exists() and (root / "run/final/vocab.txt").exists()
    log = [json.loads(x) for x in (root / "run/train_log.jsonl").read_text().splitlines()]
    assert any("dev" in entry for entry in log), "dev F1 is logged per epoch"


def test_training_resumes_from_its_checkpoint(trained):
    _root, cfg, summary = trained
    again = train(cfg)  # the checkpoint holds every step: nothing left to do
    assert again["steps"] == summary["steps"]


def test_export_and_quantize(trained):
    root, _cfg, _ = trained
    exported = export_onnx(root / "run/final", root / "model")
    assert exported["max_abs_diff_vs_torch"] < 1e-3
    q = quantize(root / "model/model_fp32.onnx", root / "model/model.onnx")
    assert q["argmax_agreement_random_windows"] > 0.9
    for name in ("vocab.txt", "tokenizer.json", "tokenizer_config.json",
                 "special_tokens_map.json", "config.json", "label_map.json"):
        assert (root / "model" / name).exists(), name
    tagger = OnnxTagger(root / "model")
    doc = tagger.tag(["Glucose 5.4 mmol/L\nSodium 140 mmol/L"])[0]
    assert len(doc.tags) == len(doc.encoding.ids) and all(0 < c <= 1 for c in doc.confidence)


def test_evaluate_ner_command(trained, capsys):
    root, _, _ = trained
    if not (root / "model/model.onnx").exists():
        pytest.skip("export test did not run")
    assert main(["evaluate-ner", str(root / "corpus/dev.jsonl"), "--model", str(root / "model"),
                 "--json", "--threads", "1"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert set(scores["per_label"]) == {"BIOMARKER", "VALUE", "UNIT", "RANGE", "FLAG"}


def test_multitask_heads_train(tmp_path):
    generate_corpus(tmp_path / "corpus", 12, seed=6)
    cfg = TrainConfig(corpus=str(tmp_path / "corpus"), out=str(tmp_path / "run"), variant="tiny",
                      train_reports=6, dev_reports=2, epochs=1, batch_size=16, lr=1e-3,
                      threads=1, multitask=True)
    summary = train(cfg)
    assert summary["steps"] > 0 and (tmp_path / "run/final/config.json").exists()


def test_cut_layers_keeps_the_first_and_last_layer():
    import torch
    from transformers import BertConfig, BertForTokenClassification

    config = BertConfig(vocab_size=50, hidden_size=16, num_hidden_layers=4, num_attention_heads=2,
                        intermediate_size=32, num_labels=11)
    model = BertForTokenClassification(config)
    first, last = model.bert.encoder.layer[0], model.bert.encoder.layer[3]
    cut = cut_layers(model, 2)
    assert list(cut.bert.encoder.layer) == [first, last] and cut.config.num_hidden_layers == 2
    logits = cut(input_ids=torch.tensor([[2, 7, 3]])).logits
    assert tuple(logits.shape) == (1, 3, 11)


@pytest.mark.parametrize(("have", "want", "kept"), [(6, 4, [0, 2, 3, 5]), (4, 2, [0, 3]),
                                                    (4, 4, [0, 1, 2, 3]), (2, 4, [0, 1])])
def test_kept_layers(have, want, kept):
    assert kept_layers(have, want) == kept


@pytest.mark.parametrize("where_right", [False, True])
def test_a_trained_model_is_distilled_into_another(trained, tmp_path, where_right):
    root, cfg, _ = trained
    student = TrainConfig(**{**vars(cfg), "out": str(tmp_path / "student"),
                             "init": str(root / "run/final"), "teacher": str(root / "run/final"),
                             "distill_where_right": where_right})
    summary = train(student)
    assert summary["steps"] > 0 and (tmp_path / "student/final/config.json").exists()


def test_distillation_loss():
    import torch

    torch.manual_seed(0)
    teacher = torch.randn(2, 5, 11)
    mask = torch.tensor([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]])
    assert distillation_loss(teacher, teacher, mask, 2.0).item() < 1e-6
    other = torch.randn(2, 5, 11)
    assert distillation_loss(other, teacher, mask, 2.0).item() > 0.01
    padded = other.clone()
    padded[0, 3:] = teacher[0, 3:] + 50  # padding positions do not count
    assert torch.isclose(distillation_loss(padded, teacher, mask, 2.0),
                         distillation_loss(other, teacher, mask, 2.0))
    # no token to distil (the teacher right nowhere): no loss, not NaN
    assert distillation_loss(other, teacher, torch.zeros_like(mask), 2.0).item() == 0.0


def test_prune_feed_forward_keeps_the_strongest_neurons():
    import torch
    from transformers import BertConfig, BertForTokenClassification

    from bloodclarity.model.train import prune_feed_forward

    torch.manual_seed(0)
    config = BertConfig(vocab_size=50, hidden_size=16, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=32, num_labels=11)
    model = BertForTokenClassification(config).eval()
    ids = torch.tensor([[2, 7, 9, 3]])
    with torch.no_grad():
        model.bert.encoder.layer[0].intermediate.dense.weight[5] *= 100  # neuron 5 dominates
    strong = model.bert.encoder.layer[0].intermediate.dense.weight[5].clone()
    pruned = prune_feed_forward(model, 8)
    assert pruned.config.intermediate_size == 8
    layer = pruned.bert.encoder.layer[0]
    assert layer.intermediate.dense.weight.shape == (8, 16)
    assert layer.output.dense.weight.shape == (16, 8)
    assert any(torch.equal(row, strong) for row in layer.intermediate.dense.weight)
    whole = BertForTokenClassification(config).eval()
    same = whole(input_ids=ids).logits
    assert torch.allclose(prune_feed_forward(whole, 32)(input_ids=ids).logits, same, atol=1e-6)
