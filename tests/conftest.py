"""Shared fixtures: the knowledge base of the real `knowledge/` folder, built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase, load_knowledge_base

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The knowledge base of the repository's `knowledge/` folder."""
    return load_knowledge_base(KNOWLEDGE)
