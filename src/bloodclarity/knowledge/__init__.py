"""The biomarker knowledge base: analytes, aliases, units, conversions and limits, read from data."""

from bloodclarity.knowledge.model import (
    Analyte,
    Conversion,
    Interval,
    KnowledgeBase,
    LoincCode,
    Plausible,
    ReferenceInterval,
    Unit,
    load_knowledge_base,
)

__all__ = [
    "Analyte",
    "Conversion",
    "Interval",
    "KnowledgeBase",
    "LoincCode",
    "Plausible",
    "ReferenceInterval",
    "Unit",
    "load_knowledge_base",
]
