"""The build cache: what a start reads back is what a build made; a change rebuilds."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from bot import cache, knowledge
from bot.analysis import Analyzer
from bot.articles import load_articles
from bot.engine import answer
from bot.knowledge import KnowledgeBase, PassageTable, build_knowledge_base, load_knowledge_base
from bot.translation import Translator, load_translator

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "knowledge" / "2023-11-20-altman-openai-microsoft.md"
SECOND = """---
title: Une autre histoire
date: 2024-03-08
lang: fr
source: Test
---

Le conseil a nommé une nouvelle directrice le 7 mars. Elle a promis une enquête.
"""


_COMPILED: dict[str, Translator] = {}


@pytest.fixture(autouse=True)
def compile_the_lexicon_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiling the lexicon takes ~0.5 s and does not change between these tests."""

    def once(analyzers: Mapping[str, Analyzer]) -> Translator:
        key = "".join(a.settings() for a in analyzers.values())
        if key not in _COMPILED:
            _COMPILED[key] = load_translator(analyzers)
        return _COMPILED[key]

    monkeypatch.setattr(knowledge, "load_translator", once)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    knowledge_dir = tmp_path / "knowledge"
    knowledge_dir.mkdir()
    shutil.copy(SEED, knowledge_dir / SEED.name)
    (knowledge_dir / "second.md").write_text(SECOND, encoding="utf-8")
    (knowledge_dir / "broken.md").write_text("no front matter\n", encoding="utf-8")
    return knowledge_dir


def _same(built: KnowledgeBase, loaded: KnowledgeBase) -> None:
    assert loaded.articles == built.articles
    assert list(loaded.passages) == list(built.passages)
    assert loaded.problems == built.problems
    assert dict(loaded.days) == dict(built.days)
    assert loaded.people == built.people and built.people.roles
    assert loaded.index.vocabulary == built.index.vocabulary
    for name in ("indptr", "indices", "contributions", "idf", "maxima"):
        assert np.array_equal(getattr(loaded.index, name), getattr(built.index, name)), name
    settings = {code: analyzer.settings() for code, analyzer in built.analyzers.items()}
    assert {code: analyzer.settings() for code, analyzer in loaded.analyzers.items()} == settings
    for question in ("Qui a été nommé PDG par intérim ?", "Who fired Altman?", "Que s'est-il passé le 7 mars ?"):
        assert answer(loaded, question) == answer(built, question)


def test_a_start_reads_back_what_the_build_made(folder: Path, tmp_path: Path) -> None:
    store = tmp_path / "cache"
    built = load_knowledge_base(folder, store)
    assert any(store.glob("kb-*/manifest.json"))
    loaded = load_knowledge_base(folder, store)
    _same(built, loaded)
    assert [p.path for p in loaded.problems] == ["broken.md"]


def test_the_cache_holds_only_arrays_and_json(folder: Path, tmp_path: Path) -> None:
    store = tmp_path / "cache"
    load_knowledge_base(folder, store)
    files = [p for p in store.rglob("*") if p.is_file()]
    assert files and {p.suffix for p in files} <= {".npy", ".json"}
    for path in files:
        if path.suffix == ".npy":
            np.load(path, allow_pickle=False)  # raises on anything pickled


def test_a_changed_article_rebuilds(folder: Path, tmp_path: Path) -> None:
    store = tmp_path / "cache"
    load_knowledge_base(folder, store)
    (folder / "second.md").write_text(SECOND.replace("directrice", "présidente"), encoding="utf-8")
    kb = load_knowledge_base(folder, store)
    assert any("présidente" in p.text for p in kb.passages)
    (folder / "second.md").unlink()
    assert len(load_knowledge_base(folder, store).articles) == 1


def test_a_key_covers_names_bytes_and_code(folder: Path) -> None:
    files = cache.read_knowledge_files(folder)
    key = cache.knowledge_key(files)
    assert cache.knowledge_key(cache.read_knowledge_files(folder)) == key  # stable between processes too
    renamed = [cache.KnowledgeFile("other.md" if f.name == "second.md" else f.name, f.data) for f in files]
    assert cache.knowledge_key(renamed) != key
    assert [f.name for f in files] == sorted(f.name for f in files)


def test_a_damaged_entry_is_rebuilt(folder: Path, tmp_path: Path) -> None:
    store = tmp_path / "cache"
    built = load_knowledge_base(folder, store)
    for damaged in store.glob("kb-*/index.contributions.npy"):
        damaged.write_bytes(b"not an array")
    _same(built, load_knowledge_base(folder, store))


def test_a_cache_that_cannot_be_written_only_slows_the_start(folder: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder should be")
    kb = load_knowledge_base(folder, blocked / "cache")
    assert len(kb.articles) == 2


def test_the_cache_folder_follows_the_environment() -> None:
    assert cache.cache_folder({"BOT_CACHE_DIR": "/srv/cache"}) == Path("/srv/cache")
    assert cache.cache_folder({}) == Path(".cache")


def test_the_stored_lexicon_translates_as_the_compiled_one(folder: Path, tmp_path: Path) -> None:
    kb = load_knowledge_base(folder, tmp_path / "cache")
    compiled = kb.translator  # compiled by this build (see the fixture above)
    key = cache.translator_key(kb.analyzers)
    cache.store_translator(tmp_path / "lexicon", key, compiled)
    stored = cache.fetch_translator(tmp_path / "lexicon", key)
    assert stored is not None
    assert (stored.size, stored.longest) == (compiled.size, compiled.longest)
    keys = [key for key, _ in compiled.expansions()][:3000]
    for lang, terms in [*keys, ("fr", ("zzz",)), ("en", ("conseil", "zzz"))]:
        assert stored.matches([*terms, "x"], lang) == compiled.matches([*terms, "x"], lang)
        assert all(stored.knows(t, lang) == compiled.knows(t, lang) for t in terms)


def test_large_tables_make_passages_on_access(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    articles, _ = load_articles(folder)
    eager = build_knowledge_base(articles)
    monkeypatch.setattr(knowledge, "EAGER_PASSAGES", 0)
    lazy = build_knowledge_base(articles)
    assert isinstance(lazy.passages, PassageTable)
    assert len(lazy.passages) == len(eager.passages)
    assert list(lazy.passages) == list(eager.passages)
    assert lazy.passages[-1] == eager.passages[-1] and lazy.passages[2:5] == list(eager.passages[2:5])
    with pytest.raises(IndexError):
        lazy.passages[len(eager.passages)]
    assert answer(lazy, "Qui est Emmett Shear ?") == answer(eager, "Qui est Emmett Shear ?")


def test_the_unpacked_detector_models_answer_as_the_shipped_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import simplemma
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from bot import detector_cache, language

    monkeypatch.setenv("BOT_CACHE_DIR", str(tmp_path))
    shipped = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    shipped.set_languages(["fr", "en"])
    lines = (ROOT / "tests" / "data" / "langid_questions.tsv").read_text(encoding="utf-8").splitlines()
    questions = [line.split("\t", 1)[1] for line in lines[::3]]
    for _ in range(2):  # unpacking the models, then reading the unpacked copies
        ptc, pc, classes, nextmove, row, output = detector_cache.langid_model(("fr", "en"))
        ours = LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)
        ours.set_languages(["fr", "en"])
        monkeypatch.setattr(language, "_strategy", None)
        monkeypatch.setattr(language, "_dictionaries", None)
        for question in questions:
            assert ours.rank(question.lower()) == shipped.rank(question.lower())
            assert language._langdetect(question) == simplemma.langdetect(question, lang=("fr", "en"))
    assert any(tmp_path.glob("langid-*/nextmove.npy")) and any(tmp_path.glob("simplemma-*/shards.bin"))


def test_every_module_the_build_imports_is_in_the_key() -> None:
    # A module whose code shapes an entry but is left out of the key would let
    # a stale entry be read after that code changed (roles.py once was).
    modules = {
        value.__name__ if isinstance(value, ModuleType) else getattr(value, "__module__", "")
        for value in vars(knowledge).values()
    }
    assert {m.removeprefix("bot.") for m in modules if m.startswith("bot.")} <= set(cache._BUILDERS)
