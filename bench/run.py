"""The archive-scale benchmark: `python -m bench.run [--sizes 10000,100000,1000000]`.

For each size it generates a synthetic corpus (bench/corpus.py), builds the
bot's knowledge base, starts the bot from the cache and times its questions,
then builds rank-bm25 (the reference, whose scores the bot must equal) and
bm25s (a fast library) from the same terms and times the same questions.
Every engine runs in its own process (bench/workers.py), so that each peak
memory is its own. It prints the machine, the sizes and the ratios to
rank-bm25 measured in the same run; `--results FILE` also writes them as
Markdown (bench/RESULTS.md holds the last full run).

A quick run: `python -m bench.run --sizes 10000` (about a minute).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.corpus import VOCABULARY

ROOT = Path(__file__).resolve().parent.parent
SEED = "Qui a été nommé PDG par intérim ?"
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(
            int(line.split()[1]) / 2**20 for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        memory = 0.0
    import numpy

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory, 1),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "load_before": os.getloadavg()[0],
    }


def snapshot(out: Path) -> Path:
    """A copy of the code (bot/ and bench/) that the workers run: the run then
    measures the code as it was when it started, even if the tree changes."""
    code = out / "code"
    shutil.rmtree(code, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "out")
    for package in ("bot", "bench"):
        shutil.copytree(ROOT / package, code / package, ignore=ignore)
    return code


CODE = ROOT  # where the workers import from (see `snapshot`)


def run_worker(role: str, folder: Path, *options: str) -> dict[str, Any]:
    """Run one worker process and return what it measured."""
    command = [sys.executable, "-m", "bench.workers", role, str(folder.resolve()), *options]
    # The language detectors' unpacked models (and the like) are shared by all workers.
    env = {**os.environ, "BOT_CACHE_DIR": str((folder.parent / "cache").resolve())}
    started = time.perf_counter()
    done = subprocess.run(command, cwd=CODE, env=env)
    if done.returncode < 0:
        # Seen once from bm25s's numba code (SIGSEGV), not again in the same conditions: one more try.
        print(f"   {role} worker died of signal {-done.returncode}; trying once more", file=sys.stderr, flush=True)
        started = time.perf_counter()
        done = subprocess.run(command, cwd=CODE, env=env)
    done.check_returncode()
    result: dict[str, Any] = json.loads((folder / f"{role}.json").read_text(encoding="utf-8"))
    result["wall_s"] = time.perf_counter() - started
    return result


def measure(
    size: int, out: Path, questions: int, sample: int, baselines: Sequence[str], vocabulary: int = VOCABULARY
) -> dict[str, Any]:
    """Every measurement for one corpus size."""
    folder = out / f"{size}"
    print(f"== {size:,} sentences", flush=True)
    measured: dict[str, Any] = {"size": size}
    measured["build"] = run_worker("build", folder, "--sentences", str(size), "--questions", str(questions),
                                   "--vocabulary", str(vocabulary))
    print(f"   built in {measured['build']['build_s']:.1f} s", flush=True)
    measured["engine"] = run_worker("engine", folder)
    print(f"   engine p50 {measured['engine']['search']['p50_ms']:.3f} ms", flush=True)
    if "rank-bm25" in baselines:
        measured["rank-bm25"] = run_worker("rank-bm25", folder, "--sample", str(sample))
        print(f"   rank-bm25 p50 {measured['rank-bm25']['p50_ms']:.1f} ms", flush=True)
    if "bm25s" in baselines:
        measured["bm25s"] = run_worker("bm25s", folder, "--sample", str(sample))
        print(f"   bm25s p50 {measured['bm25s']['p50_ms']:.3f} ms", flush=True)
    return measured


# The section of a results file that a person writes after a run; a new run keeps it.
READING = "## Reading these numbers"


def with_reading(text: str, path: Path) -> str:
    """The report `text` followed by the hand-written reading of the results
    file at `path`, if it has one, flagged for review against the new figures."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    at = old.find(READING)
    if at < 0:
        return text
    print(f"{path}: the hand-written reading is kept; check it against the new figures")
    return f"{text.rstrip()}\n\n{old[at:]}"


def report(info: dict[str, Any], results: list[dict[str, Any]], seed: dict[str, Any], command: str) -> str:
    """The results as Markdown."""
    lines = [
        "# Benchmark results",
        "",
        f"`{command}` on {time.strftime('%Y-%m-%d')}.",
        "",
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB; {info['system']}; "
        f"Python {info['python']}, numpy {info['numpy']}. Load average before: {info['load_before']:.2f}, "
        f"after: {info['load_after']:.2f} (other work on the machine shows as noise).",
        "",
        "Questions: 2-8 words, mostly of middle frequency, some very common, analyzed once (pre-tokenized); "
        "the same terms for every engine. Latency is one question at a time in one process; "
        "throughput is two processes asking at once.",
        "",
        "## Question latency and throughput",
        "",
        "| sentences | engine | p50 ms | p95 ms | p95/p50 | vs rank-bm25 p50 | questions/s (2 proc.) "
        "| top-10 = rank-bm25 |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        base = r.get("rank-bm25", {}).get("p50_ms")
        rows = [("this bot (`Index.search`, k=10)", r["engine"]["search"], r["engine"]["throughput_qps"])]
        rows.append(("this bot (k=200, as `answer()` asks)", r["engine"]["search_200"], None))
        rows.append(("this bot, whole `answer()`", r["engine"]["answer"], None))
        if "rank-bm25" in r:
            rows.append(("rank-bm25 get_scores + top 10", r["rank-bm25"], r["rank-bm25"]["throughput_qps"]))
        if "bm25s" in r:
            rows.append((f"bm25s ({r['bm25s']['backend']})", r["bm25s"], r["bm25s"]["throughput_qps"]))
        for name, timing, qps in rows:
            ratio = f"{base / timing['p50_ms']:,.0f}x" if base else "-"
            same = "-"
            if name.startswith("this bot (`") and "rank-bm25" in r:
                checked = r["rank-bm25"]
                same = f"{checked['top10_equal']}/{checked['top10_checked']}"
            lines.append(
                f"| {r['size']:,} | {name} | {timing['p50_ms']:.3f} | {timing['p95_ms']:.3f} | "
                f"{timing['p95_ms'] / timing['p50_ms']:.1f} | {ratio} | {f'{qps:,.0f}' if qps else '-'} | {same} |"
            )
    lines += [
        "",
        "## Build, cache and memory",
        "",
        "| sentences | articles | passages | terms | vocabulary | build s | analysis s | save s | cache MB "
        "| start-up s | peak MB (build) | peak MB (serving) | rank-bm25 build s | bm25s build s |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        b, e = r["build"], r["engine"]
        rank = f"{r['rank-bm25']['build_s']:.1f}" if "rank-bm25" in r else "-"
        fast = f"{r['bm25s']['build_s']:.1f}" if "bm25s" in r else "-"
        lines.append(
            f"| {r['size']:,} | {b['articles']:,} | {b['passages']:,} | {b['terms']:,} | {b['vocabulary']:,} | "
            f"{b['build_s']:.1f} | {b['stages_s']['analysis']:.1f} | {b['save_s']:.2f} | {b['cache_mb']:.0f} | "
            f"{e['load_s']:.2f} | {b['build_peak_rss_mb']:.0f} | {e['peak_rss_mb']:.0f} | {rank} | {fast} |"
        )
    lines += ["", "Build stages (seconds):", ""]
    for r in results:
        stages = ", ".join(f"{name} {seconds:.2f}" for name, seconds in r["build"]["stages_s"].items())
        lines.append(f"- {r['size']:,}: {stages}")
    lines += [
        "",
        "Start-up is `load_knowledge_base` from the cache in a fresh process (reading and hashing every "
        "article file included), after imports; peak MB (serving) is that process's peak resident memory "
        "after its questions. Peak MB (build) is the build process's.",
        "",
    ]
    if seed:
        lines += [
            "## The seed article",
            "",
            f"- `python -m bot ask \"{SEED}\"` in a new process, the cache filled: "
            f"{seed['cold_ask_s']:.2f} s wall (median of {seed['runs']}; slowest {seed['cold_ask_max_s']:.2f} s).",
            f"- In one process, the {seed['questions']} golden questions (detection, translation, search, "
            f"re-ranking, highlighting): {seed['answer_mean_ms']:.2f} ms a question on average, "
            f"p50 {seed['answer']['p50_ms']:.2f} ms, p95 {seed['answer']['p95_ms']:.2f} ms; "
            f"the question above: {seed['seed_question_ms']:.2f} ms.",
            "",
        ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; exit 0, or 1 if the bot's top 10 differs from rank-bm25's."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="corpus sizes in sentences, comma-separated (default: 10000,100000,1000000)")
    parser.add_argument("--questions", type=int, default=200, help="questions per size (default 200)")
    parser.add_argument("--sample", type=int, default=40,
                        help="of which asked of rank-bm25 and checked against it (default 40)")
    parser.add_argument("--baselines", default="rank-bm25,bm25s", help="engines to compare with")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out", help="where corpora and caches go")
    parser.add_argument("--results", type=Path, help="also write the results as Markdown to this file")
    parser.add_argument("--seed-runs", type=int, default=7,
                        help="cold `ask` runs on the seed article (default 7; 0 leaves the seed article out)")
    parser.add_argument("--vocabulary", type=int, default=VOCABULARY,
                        help=f"made-up words per language (default {VOCABULARY:,})")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    baselines = [b for b in args.baselines.split(",") if b]
    if "bm25s" in baselines:
        try:
            import bm25s  # type: ignore[import-untyped]  # noqa: F401
        except ImportError:
            print("bm25s is not installed (pip install -e '.[bench]'); left out", file=sys.stderr)
            baselines.remove("bm25s")
    global CODE
    args.out.mkdir(parents=True, exist_ok=True)
    CODE = snapshot(args.out)
    info = machine()
    print(f"machine: {info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB, Python {info['python']}")
    seed: dict[str, Any] = {}
    if args.seed_runs:
        print("== the seed article", flush=True)
        seed = run_worker("seed", args.out / "seed", "--root", str(ROOT), "--runs", str(args.seed_runs))
    sample = min(args.sample, args.questions)
    results = [measure(size, args.out, args.questions, sample, baselines, args.vocabulary) for size in sizes]
    info["load_after"] = os.getloadavg()[0]
    command = "python -m bench.run " + " ".join(argv if argv is not None else sys.argv[1:])
    text = report(info, results, seed, command.strip())
    print(text)
    (args.out / "results.json").write_text(json.dumps({"machine": info, "seed": seed, "results": results}, indent=1))
    if args.results:
        args.results.write_text(with_reading(text, args.results), encoding="utf-8")
    failed = any(r["rank-bm25"]["top10_equal"] != r["rank-bm25"]["top10_checked"] for r in results if "rank-bm25" in r)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
