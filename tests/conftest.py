"""Shared fixtures: the shipped knowledge base and the (optional) ../shared reference tables."""

from __future__ import annotations

import pytest

from bloodclarity.knowledge import KnowledgeBase, load_knowledge_base
from tests import shared_reference


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.fixture(scope="session")
def reference():
    if not shared_reference.available():
        pytest.skip(f"reference tables not found at {shared_reference.REFERENCE} "
                    "(set BLOODCLARITY_SHARED to the shared/ folder)")
    return shared_reference
