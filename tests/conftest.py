"""Shared fixtures: the knowledge base of the real `knowledge/` folder, built once."""

from __future__ import annotations

import os
from collections.abc import Iterator
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


@pytest.fixture(scope="session", autouse=True)
def _cache_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the tests' index caches out of the checkout's `.cache/`."""
    previous = os.environ.get("BOT_CACHE_DIR")
    os.environ["BOT_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        del os.environ["BOT_CACHE_DIR"]
    else:
        os.environ["BOT_CACHE_DIR"] = previous
