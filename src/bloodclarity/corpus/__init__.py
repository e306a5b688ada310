"""Synthetic lab-report corpus: whole reports in many layouts and languages, exact labels."""
