"""Unpacked copies of the language detectors' models, for a fast first question.

py3langid and simplemma ship their models LZMA-compressed; unpacking them
took ~0.75 s at the first question of every process, more than everything
else `python -m bot ask` does. The first process to need them writes their
French and English parts to the cache folder (see cache.py) as .npy arrays
and plain word lists; later ones map the arrays and read only the words they
look up. The models' contents are unchanged, so are the detectors' answers.
"""

from __future__ import annotations

import mmap
import os
import shutil
import tempfile
import threading
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from simplemma.strategies.dictionaries.dictionary_factory import (
    DATA_FOLDER,
    DecodedStrMapping,
    MappingStrToByteString,
    _load_dictionary_from_disk,
)

from bot.cache import cache_folder

# simplemma dictionaries are cut into this many shards, read one at a time
# when a word of it is first looked up (a question looks up a few dozen words).
SHARDS = 512


def _unpacked_folder(name: str, source: Path) -> Path:
    """Where the unpacked copy of a packaged model lives: named for the model
    file's size and time, so that an upgraded package unpacks anew."""
    stat = source.stat()
    return cache_folder() / f"{name}-{stat.st_size}-{stat.st_mtime_ns}"


def langid_model(languages: Sequence[str]) -> tuple[Any, ...]:
    """py3langid's model restricted to `languages`, as `LanguageIdentifier` takes
    it: (ptc, pc, classes, nextmove, row, output)."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE  # type: ignore[import-untyped, unused-ignore]

    source = Path(MODEL_DIR) / MODEL_FILE
    folder = _unpacked_folder(f"langid-{'-'.join(languages)}", source)
    try:
        return _read_langid(folder)
    except (OSError, ValueError):
        pass
    from py3langid.modelio import load_model  # type: ignore[import-untyped, unused-ignore]

    ptc, pc, classes, nextmove, row, output = load_model(source)
    keep = [i for i, c in enumerate(classes) if c in languages]
    arrays = {
        "ptc": np.ascontiguousarray(np.asarray(ptc)[:, keep]),
        "pc": np.asarray(pc)[keep],
        "nextmove": np.frombuffer(nextmove, dtype=f"u{nextmove.itemsize}"),
        "row": np.frombuffer(row, dtype=f"u{row.itemsize}"),
        "output": np.asarray(output, dtype=np.int32),
    }
    kept = [classes[i] for i in keep]
    _write_folder(folder, arrays, {"classes.txt": " ".join(kept).encode()})
    return arrays["ptc"], arrays["pc"], kept, nextmove, row, output


def _read_langid(folder: Path) -> tuple[Any, ...]:
    def mapped(name: str) -> memoryview:
        # The automaton (~40 MB) is mapped, not read: a question walks a few
        # dozen of its states. Indexing a memoryview gives ints, as py3langid's arrays do.
        return memoryview(np.load(folder / f"{name}.npy", mmap_mode="r"))

    classes = (folder / "classes.txt").read_text(encoding="utf-8").split()
    ptc = np.load(folder / "ptc.npy", allow_pickle=False)
    pc = np.load(folder / "pc.npy", allow_pickle=False)
    return ptc, pc, classes, mapped("nextmove"), mapped("row"), mapped("output")


class Dictionaries:
    """simplemma's dictionary factory for its language detection, reading the
    unpacked copies (see the module's docstring)."""

    def __init__(self) -> None:
        self._loaded: dict[str, DecodedStrMapping] = {}
        self._lock = threading.Lock()

    def get_dictionary(self, lang: str) -> DecodedStrMapping:
        """The word -> lemma mapping of `lang`."""
        mapping = self._loaded.get(lang)
        if mapping is None:
            with self._lock:
                mapping = self._loaded.get(lang)
                if mapping is None:
                    mapping = self._loaded[lang] = _dictionary(lang)
        return mapping


def _dictionary(lang: str) -> DecodedStrMapping:
    import simplemma

    source = DATA_FOLDER / f"{lang}.plzma"
    folder = _unpacked_folder(f"simplemma-{simplemma.__version__}-{lang}", source)
    try:
        return ShardedDictionary(folder)
    except (OSError, ValueError):
        pass
    table = _load_dictionary_from_disk(lang)
    separators = (b"\n", b"\0")
    if not any(s in word or s in lemma for word, lemma in table.items() for s in separators):
        shards: list[list[tuple[bytes, bytes]]] = [[] for _ in range(SHARDS)]
        for word, lemma in table.items():
            shards[zlib.crc32(word) % SHARDS].append((word, lemma))
        blobs = [b"\n".join(w for w, _ in shard) + b"\0" + b"\n".join(v for _, v in shard) for shard in shards]
        offsets = np.zeros(SHARDS + 1, dtype=np.int64)
        np.cumsum([len(blob) for blob in blobs], out=offsets[1:])
        _write_folder(folder, {"offsets": offsets}, {"shards.bin": b"".join(blobs)})
    return MappingStrToByteString(table)


class ShardedDictionary(DecodedStrMapping):
    """A word -> lemma mapping whose shards are decoded when first looked into."""

    def __init__(self, folder: Path) -> None:
        self._offsets: list[int] = np.load(folder / "offsets.npy", allow_pickle=False).tolist()
        if len(self._offsets) != SHARDS + 1:
            raise ValueError("unexpected shard count")
        with open(folder / "shards.bin", "rb") as handle:
            self._data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        self._shards: list[dict[bytes, bytes] | None] = [None] * SHARDS

    def _shard(self, number: int) -> dict[bytes, bytes]:
        shard = self._shards[number]
        if shard is None:
            words, lemmas = self._data[self._offsets[number]: self._offsets[number + 1]].split(b"\0")
            shard = dict(zip(words.split(b"\n"), lemmas.split(b"\n"), strict=True)) if words else {}
            self._shards[number] = shard  # two threads may both decode it: same result
        return shard

    def _lookup(self, key: str) -> str | None:
        word = key.encode()
        value = self._shard(zlib.crc32(word) % SHARDS).get(word)
        return value.decode() if value is not None else None

    def __iter__(self) -> Iterator[str]:
        for number in range(SHARDS):
            yield from (word.decode() for word in self._shard(number))

    def __len__(self) -> int:
        return sum(len(self._shard(number)) for number in range(SHARDS))


def _write_folder(folder: Path, arrays: dict[str, npt.NDArray[Any]], files: dict[str, bytes]) -> None:
    """Write a cache folder whole (staged, then renamed), or not at all: a
    cache that cannot be written only means unpacking again next time."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent)
        try:
            for name, values in arrays.items():
                np.save(os.path.join(staging, f"{name}.npy"), values, allow_pickle=False)
            for name, data in files.items():
                with open(os.path.join(staging, name), "wb") as handle:
                    handle.write(data)
            os.replace(staging, folder)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    except OSError:
        pass
