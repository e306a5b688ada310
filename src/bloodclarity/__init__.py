"""bloodclarity: structured, validated results from blood-test laboratory reports, offline."""

__version__ = "0.1.0"
