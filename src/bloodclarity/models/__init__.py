"""Shipped models (ONNX INT8 + tokenizer files); see each folder's MODEL_CARD.md."""
