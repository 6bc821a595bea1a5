"""The measured work, one engine per process, so that each one's memory is its own.

Each worker is started by run.py as `python -m bench.workers ROLE FOLDER
[options]` and writes what it measured as JSON to FOLDER/ROLE.json:

- build:    generate (once) the knowledge folder, then build the bot's
            knowledge base stage by stage, store it in the cache, and save
            the passages' terms for the other engines;
- engine:   start the bot from the cache, then time questions (pre-analyzed,
            through `Index.search`, and whole, through `answer()`), alone and
            in two processes;
- rank-bm25 and bm25s: build from the same terms, then time the same questions.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bench.corpus import SEED, VOCABULARY, Generator, write_knowledge

TOP = 10  # the benchmark compares each engine's ten best passages
PROCESSES = 2  # for throughput


def peak_rss_mb() -> float:
    """The process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """The process's resident memory now, in MB."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def percentiles(seconds: Sequence[float]) -> dict[str, float]:
    """p50 and p95 in milliseconds."""
    values = np.array(seconds) * 1000
    return {"p50_ms": float(np.percentile(values, 50)), "p95_ms": float(np.percentile(values, 95))}


def throughput(work: Callable[[], None], count: int, processes: int = PROCESSES) -> float:
    """Questions per second when `processes` forked copies of this process each
    run `work`, which asks `count` questions."""
    started = time.perf_counter()
    children = []
    for _ in range(processes):
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                work()
            except BaseException:
                code = 1
            os._exit(code)
        children.append(pid)
    for pid in children:
        _, status = os.waitpid(pid, 0)
        if status:
            raise RuntimeError("a throughput process failed")
    return processes * count / (time.perf_counter() - started)


def load_questions(folder: Path) -> list[dict[str, Any]]:
    """The analyzed questions written by the build worker."""
    data: list[dict[str, Any]] = json.loads((folder / "questions.json").read_text(encoding="utf-8"))
    return data


def load_terms(folder: Path) -> tuple[list[str], npt.NDArray[np.int32], npt.NDArray[np.int64]]:
    """The passages' terms written by the build worker: vocabulary, ids, lengths."""
    vocabulary: list[str] = json.loads((folder / "terms.json").read_text(encoding="utf-8"))
    return vocabulary, np.load(folder / "term_ids.npy"), np.load(folder / "lengths.npy")


# --------------------------------------------------------------------------
# build


def build(folder: Path, sentences: int, questions: int, vocabulary_size: int = VOCABULARY) -> dict[str, Any]:
    """Generate the corpus (unless already there), then build and store the knowledge base."""
    from bot import cache
    from bot.articles import load_articles
    from bot.bulk import analyze_all
    from bot.index import Index
    from bot.knowledge import (
        analyzers_and_people,
        assemble_knowledge_base,
        cache_entry,
        cached_translator,
        passage_table,
        passage_texts,
    )

    result: dict[str, Any] = {}
    generator = Generator(vocabulary=vocabulary_size)
    knowledge = folder / "knowledge"
    stamp = folder / "corpus.json"
    wanted = {"seed": SEED, "sentences": sentences, "vocabulary": vocabulary_size}
    if not stamp.exists() or json.loads(stamp.read_text()) != wanted:
        started = time.perf_counter()
        if knowledge.exists():
            for old in knowledge.iterdir():
                old.unlink()
        write_knowledge(knowledge, generator.articles(sentences))
        stamp.write_text(json.dumps(wanted))
        result["generate_s"] = time.perf_counter() - started
    cache_dir = folder / "cache"
    if cache_dir.exists():
        import shutil

        shutil.rmtree(cache_dir)

    stages: dict[str, float] = {}

    def stage(name: str, since: float) -> float:
        now = time.perf_counter()
        stages[name] = now - since
        return now

    started = now = time.perf_counter()
    files = cache.read_knowledge_files(knowledge)
    key = cache.knowledge_key(files)
    now = stage("read_and_hash", now)
    articles, problems = load_articles(knowledge)
    now = stage("parse_articles", now)
    table = passage_table(articles)
    now = stage("cut_and_dates", now)
    analyzers, people = analyzers_and_people(table)
    now = stage("names_and_people", now)
    vocabulary, term_ids, lengths = analyze_all(passage_texts(table, titles=False), analyzers)
    now = stage("analysis", now)
    index = Index.from_term_ids(vocabulary, term_ids, lengths)
    now = stage("index", now)
    translator = cached_translator(analyzers, cache_dir)
    now = stage("lexicon", now)
    kb = assemble_knowledge_base(table, analyzers, index, translator, tuple(problems), now - started, people)
    result["build_s"] = now - started
    result["build_peak_rss_mb"] = peak_rss_mb()
    saving = time.perf_counter()
    if not cache.store(cache_dir, key, files, cache_entry(kb)):
        raise RuntimeError("the cache could not be written")
    result["save_s"] = time.perf_counter() - saving
    result["cache_mb"] = sum(p.stat().st_size for p in cache_dir.rglob("*") if p.is_file()) / 2**20
    result["stages_s"] = stages
    result["articles"] = len(articles)
    result["passages"] = len(table)
    result["terms"] = int(lengths.sum())
    result["vocabulary"] = len(vocabulary)
    result["postings"] = len(index.indices)
    result["knowledge_mb"] = sum(len(f.data or b"") for f in files) / 2**20

    # For the other engines: the same passages' terms, and the analyzed questions.
    terms = sorted(vocabulary, key=vocabulary.__getitem__)
    (folder / "terms.json").write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")
    np.save(folder / "term_ids.npy", term_ids, allow_pickle=False)
    np.save(folder / "lengths.npy", lengths, allow_pickle=False)
    asked = []
    for question in generator.questions(questions):
        question_terms = analyzers[question.lang].terms(question.text)
        asked.append({"lang": question.lang, "text": question.text, "terms": question_terms})
    (folder / "questions.json").write_text(json.dumps(asked, ensure_ascii=False), encoding="utf-8")
    result["question_terms_mean"] = float(np.mean([len(q["terms"]) for q in asked]))
    return result


# --------------------------------------------------------------------------
# the bot


def engine(folder: Path) -> dict[str, Any]:
    """Start from the cache, then time questions."""
    started = time.perf_counter()
    from bot import cache
    from bot.knowledge import load_knowledge_base

    imported = time.perf_counter()
    key = cache.knowledge_key(cache.read_knowledge_files(folder / "knowledge"))
    if not (folder / "cache" / f"kb-{key[:32]}").is_dir():
        raise SystemExit("the bot's code or the articles changed since the build worker ran: run the benchmark again")
    checked = time.perf_counter()
    kb = load_knowledge_base(folder / "knowledge", folder / "cache")
    loaded = time.perf_counter()
    result: dict[str, Any] = {
        "import_s": imported - started,
        "load_s": loaded - checked,
        "rss_after_load_mb": rss_mb(),
    }
    from bot.engine import CANDIDATES, answer
    from bot.index import Alternative, Concept

    questions = load_questions(folder)
    queries = [[Concept(t, (Alternative((t,)),)) for t in q["terms"]] for q in questions]
    for query in queries[:20]:  # warm up (the accumulator's pages, the caches)
        kb.index.search(query, TOP)
    timings, found = [], []
    for query in queries:
        begun = time.perf_counter()
        ranked = kb.index.search(query, TOP)
        timings.append(time.perf_counter() - begun)
        found.append({"ids": ranked.ids.tolist(), "scores": ranked.scores.tolist()})
    result["search"] = percentiles(timings)
    candidates = []
    for query in queries:
        begun = time.perf_counter()
        kb.index.search(query, CANDIDATES)
        candidates.append(time.perf_counter() - begun)
    result["search_200"] = percentiles(candidates)
    whole = []
    for question in questions:
        begun = time.perf_counter()
        answer(kb, question["text"])
        whole.append(time.perf_counter() - begun)
    result["answer"] = percentiles(whole)

    def work() -> None:
        for query in queries:
            kb.index.search(query, TOP)

    result["throughput_qps"] = throughput(work, len(queries))
    result["peak_rss_mb"] = peak_rss_mb()
    (folder / "engine_top.json").write_text(json.dumps(found), encoding="utf-8")
    return result


# --------------------------------------------------------------------------
# rank-bm25, the reference


def rank_bm25(folder: Path, sample: int) -> dict[str, Any]:
    """Build rank-bm25's BM25Plus from the same terms; time get_scores + top 10 and check the engine's top 10."""
    from rank_bm25 import BM25Plus

    vocabulary, term_ids, lengths = load_terms(folder)
    words = np.array(vocabulary, dtype=object)[term_ids]
    corpus = [list(doc) for doc in np.split(words, np.cumsum(lengths)[:-1])] if len(lengths) else []
    del words
    before = rss_mb()
    started = time.perf_counter()
    reference = BM25Plus(corpus)
    result: dict[str, Any] = {"build_s": time.perf_counter() - started, "index_mb": rss_mb() - before}
    del corpus
    questions = load_questions(folder)[:sample]
    ours = json.loads((folder / "engine_top.json").read_text(encoding="utf-8"))
    timings, checked, equal, mismatches = [], 0, 0, []
    for number, question in enumerate(questions):
        begun = time.perf_counter()
        scores = reference.get_scores(question["terms"])
        top = np.argpartition(-scores, TOP)[:TOP] if len(scores) > TOP else np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        timings.append(time.perf_counter() - begun)
        checked += 1
        if _same_top(scores, reference, question["terms"], ours[number]):
            equal += 1
        else:
            mismatches.append(number)
    result.update(percentiles(timings))
    result["questions"] = len(questions)
    result["top10_checked"] = checked
    result["top10_equal"] = equal
    result["top10_mismatches"] = mismatches[:10]

    def work() -> None:
        for question in questions:
            reference.get_scores(question["terms"])

    result["throughput_qps"] = throughput(work, len(questions))
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def _same_top(scores: npt.NDArray[np.float64], reference: Any, terms: list[str], ours: dict[str, Any]) -> bool:
    """Whether the engine's ten best are rank-bm25's ten best: the same scores
    (less rank-bm25's constant baseline), and passages that rank-bm25 ranks
    as high (two passages tied for the tenth place may be swapped)."""
    baseline = sum(reference.idf.get(t, 0.0) * reference.delta for t in terms)
    matched = scores > baseline + 1e-9
    best = np.sort(scores[matched])[::-1][:TOP]
    if len(best) != len(ours["ids"]):
        return False
    if not len(best):
        return True
    ids = np.array(ours["ids"], dtype=np.int64)
    return bool(np.all(scores[ids] >= best[-1] - 1e-9)) and bool(
        np.allclose(np.array(ours["scores"]) + baseline, best, rtol=1e-9, atol=1e-9)
    )


# --------------------------------------------------------------------------
# bm25s, the fast library


def bm25s_engine(folder: Path, sample_check: int) -> dict[str, Any]:
    """Build bm25s (BM25+, numba backend when installed) from the same terms and time the questions."""
    import bm25s  # type: ignore[import-untyped]

    vocabulary, term_ids, lengths = load_terms(folder)
    ids_by_doc = [doc.tolist() for doc in np.split(term_ids, np.cumsum(lengths)[:-1])] if len(lengths) else []
    vocab = {term: number for number, term in enumerate(vocabulary)}
    try:
        import numba  # noqa: F401

        backend = "numba"
    except ImportError:
        backend = "numpy"
    before = rss_mb()
    started = time.perf_counter()
    retriever = bm25s.BM25(method="bm25+", k1=1.5, b=0.75, delta=1.0, backend=backend)
    retriever.index((ids_by_doc, vocab), show_progress=False)
    result: dict[str, Any] = {"build_s": time.perf_counter() - started, "backend": backend,
                              "index_mb": rss_mb() - before}
    del ids_by_doc
    questions = load_questions(folder)
    queries = [[vocab[t] for t in q["terms"] if t in vocab] or [retriever.vocab_dict[""]] for q in questions]
    k = min(TOP, len(lengths))

    def ask(query: list[int]) -> Any:
        return retriever.retrieve([query], k=k, show_progress=False, n_threads=0)

    for query in queries[:5]:  # numba compiles on first use
        ask(query)
    timings, agree = [], 0
    ours = json.loads((folder / "engine_top.json").read_text(encoding="utf-8"))
    for number, query in enumerate(queries):
        begun = time.perf_counter()
        documents, _ = ask(query)
        timings.append(time.perf_counter() - begun)
        if number < sample_check:
            agree += set(documents[0].tolist()) == set(ours[number]["ids"])
    result.update(percentiles(timings))
    result["questions"] = len(queries)
    result["same_top10_as_engine"] = agree
    result["compared"] = min(sample_check, len(queries))

    def work() -> None:
        for query in queries:
            ask(query)

    result["throughput_qps"] = throughput(work, len(queries))
    result["peak_rss_mb"] = peak_rss_mb()
    return result


# --------------------------------------------------------------------------
# the seed article


SEED_QUESTION = "Qui a été nommé PDG par intérim ?"


def seed(folder: Path, root: Path, runs: int) -> dict[str, Any]:
    """`python -m bot ask` on the seed article in new processes (`runs` times,
    the cache filled by a first run), and questions answered in this process."""
    import subprocess

    env = {**os.environ, "BOT_CACHE_DIR": str(folder / "cache"), "KNOWLEDGE_DIR": str(root / "knowledge")}
    command = [sys.executable, "-m", "bot", "ask", SEED_QUESTION]
    subprocess.run(command, env=env, capture_output=True, check=True)  # builds and fills the cache
    walls = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True, check=True)
        walls.append(time.perf_counter() - started)
    from bot.engine import answer
    from bot.knowledge import load_knowledge_base

    os.environ["BOT_CACHE_DIR"] = env["BOT_CACHE_DIR"]
    kb = load_knowledge_base(root / "knowledge", folder / "cache")
    questions = [
        line.split("\t")[1]
        for name in ("seed_fr.tsv", "seed_en.tsv")
        for line in (root / "tests" / "golden" / name).read_text(encoding="utf-8").splitlines()
        if line.count("\t") == 2 and not line.startswith("#")
    ]
    for question in questions:  # warm up: the detectors' models, the caches
        answer(kb, question)
    timings = []
    for _ in range(min(runs, 5)):
        for question in questions:
            started = time.perf_counter()
            answer(kb, question)
            timings.append(time.perf_counter() - started)
    one = []
    for _ in range(40 * runs):
        started = time.perf_counter()
        answer(kb, SEED_QUESTION)
        one.append(time.perf_counter() - started)
    return {
        "runs": runs,
        "cold_ask_s": float(np.median(walls)),
        "cold_ask_max_s": float(max(walls)),
        "questions": len(questions),
        "answer": percentiles(timings),
        "answer_mean_ms": float(np.mean(timings) * 1000),
        "seed_question_ms": float(np.median(one) * 1000),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run one worker; its measurements go to FOLDER/ROLE.json."""
    parser = argparse.ArgumentParser(prog="python -m bench.workers")
    parser.add_argument("role", choices=("build", "engine", "rank-bm25", "bm25s", "seed"))
    parser.add_argument("folder", type=Path)
    parser.add_argument("--sentences", type=int, default=0)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--sample", type=int, default=50, help="questions asked of rank-bm25")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the checkout (for the seed article)")
    parser.add_argument("--runs", type=int, default=7, help="cold `ask` runs on the seed article")
    parser.add_argument("--vocabulary", type=int, default=VOCABULARY, help="made-up words per language")
    args = parser.parse_args(argv)
    args.folder.mkdir(parents=True, exist_ok=True)
    if args.role == "build":
        result = build(args.folder, args.sentences, args.questions, args.vocabulary)
    elif args.role == "engine":
        result = engine(args.folder)
    elif args.role == "rank-bm25":
        result = rank_bm25(args.folder, args.sample)
    elif args.role == "seed":
        result = seed(args.folder, args.root, args.runs)
    else:
        result = bm25s_engine(args.folder, args.sample)
    (args.folder / f"{args.role}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
