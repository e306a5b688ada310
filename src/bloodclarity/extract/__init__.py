"""Extraction: from a report (text, PDF, image) to validated results."""
