"""The build cache: what indexing made, kept on disk as arrays and JSON.

Cutting, analyzing and indexing a large archive takes a while; reading back
its arrays takes a fraction of a second. An entry is found by a key, the
sha256 of everything the build depends on: the knowledge files (names and
bytes), the analyzers' settings, the lexicon files, the source of the modules
that build, and a format version. A changed article changes the key, and the
next start builds afresh. Nothing is pickled: arrays are `.npy` files read
with `allow_pickle=False`, the rest is JSON.

The folder is `.cache/` in the working directory, or `BOT_CACHE_DIR`. A cache
that cannot be written or read is only a slower start, never an error.
"""

from __future__ import annotations

import codecs
import datetime
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.analysis import PROFILES, Analyzer
from bot.articles import ARTICLE_SUFFIX, LoadProblem
from bot.lexicon import default_lexicon_paths
from bot.records import Article
from bot.roles import People, Role
from bot.translation import Expansion, Translator

# Bump when the layout of an entry changes.
FORMAT = 2
# Entries of other knowledge folders (or older versions of one) kept besides the newest.
KEEP = 16
# The modules whose code decides what an entry holds.
_BUILDERS = ("analysis", "articles", "bulk", "cache", "dates", "index", "knowledge", "language", "lexicon", "records",
             "roles", "sentences", "translation")

log = logging.getLogger(__name__)


def cache_folder(environ: Mapping[str, str] | None = None) -> Path:
    """The cache folder: BOT_CACHE_DIR, else `.cache/` in the working directory."""
    values = os.environ if environ is None else environ
    return Path(values.get("BOT_CACHE_DIR") or ".cache")


@dataclass(frozen=True)
class KnowledgeFile:
    """One file `load_articles` would read: its name and bytes (None if unreadable)."""

    name: str
    data: bytes | None
    target: str = ""  # where a symbolic link points: moving it may change what loads


def read_knowledge_files(folder: Path) -> list[KnowledgeFile]:
    """The files of the knowledge folder that `load_articles` considers, by name."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []
    files = []
    for entry in entries:
        if not entry.name.endswith(ARTICLE_SUFFIX) or entry.name.startswith("."):
            continue
        try:
            if not entry.is_file():
                continue
            target = os.path.realpath(entry.path) if entry.is_symlink() else ""
            data: bytes | None = _read_file(entry.path)
        except OSError:
            target, data = "", None
        files.append(KnowledgeFile(entry.name, data, target))
    return files


def _read_file(path: str) -> bytes:
    """A file's bytes (os-level calls: tens of thousands of files are read at each start)."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(descriptor).st_size
        chunks = [os.read(descriptor, max(size, 1) + 1)]
        while chunks[-1]:  # a file that grew since fstat
            chunks.append(os.read(descriptor, 1 << 20))
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def knowledge_key(files: Sequence[KnowledgeFile]) -> str:
    """The key of the entry built from these files with the current code and settings."""
    digest = _base_digest()
    for file in files:
        digest.update(f"\0file\0{file.name}\0{file.target}\0".encode())
        if file.data is None:
            digest.update(b"unreadable")
        else:
            digest.update(len(file.data).to_bytes(8, "little"))
            digest.update(file.data)
    return digest.hexdigest()


def translator_key(analyzers: Mapping[str, Analyzer]) -> str:
    """The key of the compiled lexicon: its files, and the analyzers (names included)."""
    digest = _base_digest()
    for lang in sorted(analyzers):
        digest.update(f"\0analyzer\0{analyzers[lang].settings()}".encode())
    return digest.hexdigest()


def _base_digest() -> hashlib._Hash:
    digest = hashlib.sha256(f"newsbot cache {FORMAT}".encode())
    for lang in sorted(PROFILES):
        digest.update(f"\0profile\0{Analyzer(PROFILES[lang]).settings()}".encode())
    import Stemmer  # PyStemmer: its version decides the stems

    digest.update(f"\0stemmer\0{Stemmer.version()}".encode())
    for kind, path in sorted(default_lexicon_paths().items()):
        digest.update(f"\0lexicon\0{kind}\0".encode())
        digest.update(_read(path))
    here = Path(__file__).parent
    for module in _BUILDERS:
        digest.update(f"\0source\0{module}\0".encode())
        digest.update(_read(here / f"{module}.py"))
    return digest


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b"missing"


@dataclass(frozen=True)
class Entry:
    """What a build leaves in the cache and a start reads back."""

    articles: tuple[Article, ...]
    problems: tuple[LoadProblem, ...]
    names: tuple[str, ...]
    terms: list[str]  # the index's vocabulary, by id
    arrays: dict[str, npt.NDArray[Any]]  # the index's and the passages' columns
    people: People = field(default_factory=People)


def store(folder: Path, key: str, files: Sequence[KnowledgeFile], entry: Entry) -> bool:
    """Write an entry (atomically: readers see all of it or none); False if it could not be."""
    bodies = {file.name: file.data for file in files}
    articles = []
    for article in entry.articles:
        text = _text(bodies.get(article.path))
        # The body is the end of the file's text: only where it starts is kept.
        if text is None or not text.endswith(article.body):
            return False  # the file changed under the build
        record = {
            "path": article.path, "title": article.title, "date": article.date.isoformat(), "lang": article.lang,
            "source": article.source, "url": article.url, "body_line": article.body_line,
            "offset": len(text) - len(article.body),
        }
        articles.append(record)
    manifest = {
        "format": FORMAT,
        "key": key,
        "articles": articles,
        "problems": [[p.path, p.line, p.message] for p in entry.problems],
        "names": sorted(entry.names),
        "people": [list(name) for name in entry.people.names],
        "roles": [[list(r.head), list(r.complement), list(r.person)] for r in entry.people.roles],
        "arrays": sorted(entry.arrays),
    }
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".kb-{key[:16]}-", dir=folder))
        try:
            for name, array in entry.arrays.items():
                np.save(staging / f"{name}.npy", array, allow_pickle=False)
            _write_json(staging / "terms.json", entry.terms)
            _write_json(staging / "manifest.json", manifest)  # last: its presence means complete
            final = folder / f"kb-{key[:32]}"
            if final.exists():
                shutil.rmtree(final, ignore_errors=True)
            os.replace(staging, final)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
        _prune(folder, "kb-*")
        return True
    except OSError as error:
        log.warning("could not write the cache in %s (%s); the next start will build again", folder, error)
        return False


def fetch(folder: Path, key: str, contents: dict[str, bytes | None]) -> Entry | None:
    """The entry for `key`, or None if there is none or it cannot be read whole.

    `contents` are the knowledge files' bytes by name (those the key was made
    of); the articles' bodies are taken from them, and they are removed from
    the dict as they are, so that a large archive is held once, not twice.
    """
    where = folder / f"kb-{key[:32]}"
    try:
        manifest = json.loads((where / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT or manifest.get("key") != key:
            return None
        articles = []
        for record in manifest["articles"]:
            text = _text(contents.pop(record["path"], None))
            if text is None:
                return None
            articles.append(
                Article(
                    path=record["path"], title=record["title"], date=datetime.date.fromisoformat(record["date"]),
                    lang=record["lang"], source=record["source"], url=record["url"], body=text[record["offset"]:],
                    body_line=record["body_line"],
                )
            )
        # Mapped, not read: a start then costs nothing per megabyte of index, and
        # the pages a question touches are read (and shared between processes).
        # (Plain arrays over the maps: numpy's memmap class slows every slicing.)
        arrays = {name: np.load(where / f"{name}.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray)
                  for name in manifest["arrays"]}
        terms = json.loads((where / "terms.json").read_text(encoding="utf-8"))
        os.utime(where / "manifest.json")  # recently used: kept by `_prune`
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return Entry(
        articles=tuple(articles),
        problems=tuple(LoadProblem(path, line, message) for path, line, message in manifest["problems"]),
        names=tuple(manifest["names"]),
        terms=terms,
        arrays=arrays,
        people=People(
            tuple(tuple(name) for name in manifest["people"]),
            tuple(Role(tuple(head), tuple(more), tuple(person)) for head, more, person in manifest["roles"]),
        ),
    )


def _text(data: bytes | None) -> str | None:
    """The file's text as `read_article` decodes it ("utf-8-sig", CRLF to LF)."""
    if data is None:
        return None
    try:
        # The same as decode("utf-8-sig"), without its codec's Python layer.
        text = (data[3:] if data.startswith(codecs.BOM_UTF8) else data).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text.replace("\r\n", "\n") if b"\r" in data else text


def store_translator(folder: Path, key: str, translator: Translator) -> None:
    """Keep a compiled lexicon (see `fetch_translator`)."""
    # The table of `Translator`: "language<TAB>terms" -> [trust, {language: [terms...]}],
    # the value JSON in JSON, decoded only when a question looks it up.
    entries = {
        f"{lang}\t{' '.join(terms)}": json.dumps(
            [expansion.trust, {to: sorted(map(list, found)) for to, found in expansion.by_lang.items()}],
            ensure_ascii=False, separators=(",", ":"),
        )
        for (lang, terms), expansion in translator.expansions()
    }
    stored = {"format": FORMAT, "longest": translator.longest, "entries": entries}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _write_json(folder / f"lexicon-{key[:32]}.json", stored)
        _prune(folder, "lexicon-*")
    except OSError as error:
        log.warning("could not write the cache in %s (%s)", folder, error)


def fetch_translator(folder: Path, key: str) -> Translator | None:
    """The compiled lexicon for `key`, without analyzing its 50,000 expressions
    again: its entries are decoded as questions look them up."""
    try:
        stored = json.loads((folder / f"lexicon-{key[:32]}.json").read_text(encoding="utf-8"))
        if stored.get("format") != FORMAT:
            return None
        entries: dict[str, str] = stored["entries"]
        return Translator.restored(_Table(entries), _Words(entries), int(stored["longest"]), len(entries))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class _Table(dict[tuple[str, tuple[str, ...]], Expansion]):
    """`Translator`'s table as read from the cache: an entry is decoded when first looked up."""

    def __init__(self, entries: dict[str, str]) -> None:
        super().__init__()
        self._entries = entries

    def get(self, key: tuple[str, tuple[str, ...]], default: Any = None) -> Any:
        found = super().get(key)
        if found is None:
            raw = self._entries.get(f"{key[0]}\t{' '.join(key[1])}")
            if raw is None:
                return default
            trust, by_lang = json.loads(raw)
            found = Expansion(trust, {lang: {tuple(terms) for terms in found} for lang, found in by_lang.items()})
            self[key] = found
        return found


class _Words(set[tuple[str, str]]):
    """`Translator`'s (language, term) pairs as read from the cache, made at the first question that needs them."""

    def __init__(self, entries: dict[str, str]) -> None:
        super().__init__()
        self._entries = entries
        self._made = False

    def __contains__(self, pair: object) -> bool:
        if not self._made:
            for entry in self._entries:
                lang, terms = entry.split("\t")
                self.update((lang, term) for term in terms.split(" "))
            self._made = True
        return super().__contains__(pair)


def _write_json(path: Path, value: object) -> None:
    partial = path.with_name(path.name + f".{os.getpid()}.part")
    partial.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(partial, path)


def _prune(folder: Path, pattern: str) -> None:
    """Remove all but the `KEEP` most recently used entries matching `pattern`."""
    entries = sorted(folder.glob(pattern), key=lambda p: _used(p), reverse=True)
    for stale in entries[KEEP:]:
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)


def _used(path: Path) -> float:
    try:
        return (path / "manifest.json" if path.is_dir() else path).stat().st_mtime
    except OSError:
        return 0.0
