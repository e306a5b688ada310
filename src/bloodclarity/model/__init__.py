"""The token-classification model: tokenizer, windows, training, export and ONNX inference."""
