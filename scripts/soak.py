"""Soak test: the real bot process against the fake Bot API server, under load and faults.

    .venv/bin/python scripts/soak.py                 # full size: 200 chats, 10,000 questions
    .venv/bin/python scripts/soak.py --chats 20 --questions 400 --outage 3

`python -m bot telegram` runs as a child process, exactly as deployed, with a
recognizable token, against `tests/fake_bot_api.py` on 127.0.0.1. Chats send
their questions in bursts while the fake server injects faults at random
(429 with retry_after, 500/502/503, dropped connections, slow responses).
Along the way:

- at 25 % of the questions, the knowledge folder changes: an article is added
  and the existing one is overwritten with a truncated (broken) version; the
  bot must keep the previous version in service and tell the admin;
  at 40 %, the article is repaired;
- at 50 %, the bot gets SIGTERM in the middle of a burst and a new process is
  started (updates handled must not be handled again);
- at 75 %, the Bot API goes down for `--outage` seconds (every call fails),
  and the next burst arrives meanwhile (it waits at the Bot API, as at Telegram).

Then it prints the figures: questions, chats, faults injected, answered,
duplicates, lost, memory (resident set of each process over the run, and its
peak), latency percentiles, whether the token appeared anywhere (log lines,
requests the bot sent, messages) and whether a question was written to the
logs. Exit code 0 when every question was answered exactly once and nothing
leaked, 1 otherwise. `tests/test_soak.py` runs this at a small size.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: the fake server lives in tests/
    sys.path.insert(0, str(ROOT))

from tests.fake_bot_api import Call, FakeBotApi  # noqa: E402

# Recognizable: any trace of it in a log line, a request or a message is a leak.
CANARY = "SOAK-CANARY"
TOKEN = f"770077:{CANARY}-q8Xv3Lm9Tr2Wp5Ks7Hd4Jf6Nb"
ADMIN = 4242
FIRST_CHAT = 10_000
ARTICLE = "2023-11-20-altman-openai-microsoft.md"
ADDED = ROOT / "tests" / "data" / "knowledge_en" / "2024-03-08-northport-ferry.md"
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")

# (question, answerable): the answerable ones must get passages all along
# (the broken edit of the article must not take it out of service).
QUESTIONS: tuple[tuple[str, bool], ...] = (
    ("Qui a été nommé PDG par intérim ?", True),
    ("Why was Sam Altman fired?", True),
    ("Que s’est-il passé le 19 novembre ?", True),
    ("Who became interim CEO of OpenAI?", True),
    ("Pourquoi Altman a-t-il été renvoyé ?", True),
    ("Qui est Emmett Shear ?", True),
    ("Quelle est la recette de la tarte tatin ?", False),
    ("What is the capital of Peru?", False),
    ("<b>Qui</b> a été nommé <i>PDG</i> & pourquoi ?", True),  # HTML markup
    ("**Who** became `interim CEO` of OpenAI?", True),  # Markdown
    ("\u200fQui a été nommé PDG\u200e par intérim ?\u202e", True),  # bidirectional marks
    ("Qui a e\u0301te\u0301 nomme\u0301 PDG par inte\u0301rim ?", True),  # NFD accents
    ("Microsoft 👩\u200d💻 Altman 🚀 ?", True),  # emoji with a zero-width joiner
    ("\x00\x1b[31mWho\x07 was fired?", True),  # control characters
    ("😀😀 !!!", False),
    ("Altman " * 700, False),  # past the 500 characters read
)


@dataclass(frozen=True)
class SoakConfig:
    """The size of a run and what happens during it."""

    chats: int = 200
    questions: int = 10_000
    per_burst: int = 5  # questions each chat sends at once
    fault_rate: float = 0.05
    outage: float = 60.0  # seconds the Bot API is down (0: no outage)
    restart: bool = True
    live_update: bool = True
    watch_interval: float = 0.5
    seed: int = 20231120
    knowledge: Path = ROOT / "knowledge"
    answer_timeout: float = 180.0  # the last questions' answers must come within this (after the outage)


@dataclass
class ProcessFigures:
    """One bot process: how it ended and its memory (resident set, MB)."""

    exit_code: int | None = None
    stop_seconds: float = 0.0
    rss_start_mb: float = 0.0
    rss_end_mb: float = 0.0
    peak_mb: float = 0.0
    samples: list[tuple[int, float]] = field(default_factory=list)  # (answers so far, RSS MB)


@dataclass
class SoakFigures:
    """What the run measured."""

    chats: int = 0
    questions: int = 0
    seconds: float = 0.0
    faults: dict[str, int] = field(default_factory=dict)
    outage_seconds: float = 0.0
    polls_in_outage: int = 0  # getUpdates calls the bot made while the Bot API was down
    caught_up_seconds: float = 0.0  # from the end of the outage to the next successful getUpdates
    answered: int = 0
    duplicates: int = 0
    lost: int = 0
    apologies: int = 0
    rate_limited: int = 0
    answerable_without_passages: int = 0
    delivered_twice: int = 0
    refusals: int = 0
    restarts: int = 0
    processes: list[ProcessFigures] = field(default_factory=list)
    growth_mb_per_1000: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    admin_notices: int = 0
    admin_notice_names_file: bool = False
    log_lines: int = 0
    requests_scanned: int = 0
    token_in_logs: int = 0
    token_in_requests: int = 0
    questions_in_logs: int = 0

    @property
    def ok(self) -> bool:
        """Every question answered exactly once, nothing leaked, every process stopped cleanly."""
        return (
            self.answered == self.questions and not self.duplicates and not self.lost
            and not self.token_in_logs and not self.token_in_requests and not self.questions_in_logs
            and all(p.exit_code == 0 for p in self.processes)
        )

    def report(self) -> str:
        """The figures as a small table."""
        faults = ", ".join(f"{kind} {count}" for kind, count in sorted(self.faults.items())) or "none"
        lines = [
            f"questions            {self.questions} from {self.chats} chats in {self.seconds:.1f} s "
            f"({self.questions / max(self.seconds, 1e-9):.0f}/s)",
            f"faults injected      {sum(self.faults.values())} ({faults}); outage {self.outage_seconds:.0f} s "
            "(every call refused meanwhile)",
            f"outage               {self.polls_in_outage} getUpdates tried during it; polling again "
            f"{self.caught_up_seconds:.1f} s after it ended",
            f"answered             {self.answered} (exactly once: {self.answered - self.duplicates}); "
            f"duplicates {self.duplicates}; lost {self.lost}; apologies {self.apologies}; "
            f"rate-limited {self.rate_limited}",
            f"answerable, no quote {self.answerable_without_passages}",
            f"restarts (SIGTERM)   {self.restarts}; exit codes {[p.exit_code for p in self.processes]}; "
            f"stop took {', '.join(f'{p.stop_seconds:.1f} s' for p in self.processes)}",
            f"updates fetched 2x   {self.delivered_twice} (handled twice: {self.duplicates})",
            f"latency              p50 {self.p50_ms:.0f} ms, p99 {self.p99_ms:.0f} ms, max {self.max_ms:.0f} ms "
            "(question pushed to the fake server -> reply received by it)",
            "memory (RSS)         " + "; ".join(
                f"process {n}: {p.rss_start_mb:.1f} MB after start -> {p.rss_end_mb:.1f} MB at the end, "
                f"peak {p.peak_mb:.1f} MB" for n, p in enumerate(self.processes, start=1)),
            f"memory growth        {self.growth_mb_per_1000:+.2f} MB per 1,000 answers (last process, "
            "over the second half of its answers; least squares)",
            f"admin notices        {self.admin_notices} (names the broken file: {self.admin_notice_names_file})",
            f"token scan           {self.token_in_logs} of {self.log_lines} log lines, "
            f"{self.token_in_requests} of {self.requests_scanned} requests and messages",
            f"questions in logs    {self.questions_in_logs} lines (BOT_LOG_QUESTIONS off)",
            f"refused by the fake  {self.refusals} (strict HTML, length, buttons)",
        ]
        return "\n".join(lines)


class BotProcess:
    """`python -m bot telegram` as a child process, its output and memory watched."""

    def __init__(self, environment: dict[str, str], cwd: Path, answers: Callable[[], int]) -> None:
        self.lines: list[str] = []
        self.figures = ProcessFigures()
        self._answers = answers
        self._ready = False  # memory is sampled from then on (imports and start-up are not the run)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "bot", "telegram"], cwd=cwd, env=environment,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace",
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _read(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            self.lines.append(line.rstrip("\n"))

    def _sample(self) -> None:
        while self._process.poll() is None:
            rss, peak = _memory(self._process.pid)
            if rss and self._ready:
                self.figures.samples.append((self._answers(), rss))
                self.figures.peak_mb = max(self.figures.peak_mb, peak)
            time.sleep(0.2)

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Wait until the bot polls (it logs "is answering")."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any("is answering" in line for line in self.lines):
                self._ready = True
                return
            if self._process.poll() is not None:
                raise RuntimeError("the bot exited at start:\n" + "\n".join(self.lines[-20:]))
            time.sleep(0.05)
        raise RuntimeError("the bot did not start polling:\n" + "\n".join(self.lines[-20:]))

    def stop(self, timeout: float = 150.0) -> None:
        """SIGTERM, and wait for the process to end (killed after `timeout`)."""
        self._ready = False  # what the process frees while exiting is not the run's memory
        if self.figures.samples:
            self.figures.rss_start_mb = self.figures.samples[0][1]
            self.figures.rss_end_mb = self.figures.samples[-1][1]
        started = time.monotonic()
        self._process.send_signal(signal.SIGTERM)
        try:
            self.figures.exit_code = self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self.figures.exit_code = self._process.wait()
        self.figures.stop_seconds = time.monotonic() - started
        self._reader.join(5)
        if self._process.stdout is not None:
            self._process.stdout.close()


def _memory(pid: int) -> tuple[float, float]:
    """(resident set, its peak) of a process in MB, from /proc (0 where unavailable)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return 0.0, 0.0
    values = {}
    for line in status.splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(value.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def _environment(fake: FakeBotApi, knowledge: Path, config: SoakConfig) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items()
                   if k.upper() not in PROXY_VARIABLES and not k.startswith(("TELEGRAM_", "BOT_"))}
    environment.update({
        "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": fake.base_url, "TELEGRAM_POLL_TIMEOUT": "1",
        "KNOWLEDGE_DIR": str(knowledge), "BOT_ADMIN_IDS": str(ADMIN), "BOT_QUESTIONS_PER_MINUTE": "10000",
        "BOT_WATCH_INTERVAL": str(config.watch_interval), "PYTHONUNBUFFERED": "1",
    })
    return environment


class Driver:
    """Pushes the questions and keeps what is needed to check the replies."""

    def __init__(self, fake: FakeBotApi, config: SoakConfig) -> None:
        self.fake = fake
        self.config = config
        self.asked: dict[tuple[int, int], tuple[str, float]] = {}  # (chat, message id) -> (question, pushed at)
        self._next = 0

    def burst(self, count: int) -> None:
        """Every chat sends up to `per_burst` questions at once, `count` in all."""
        sent = 0
        for _ in range(self.config.per_burst):
            for chat in range(FIRST_CHAT, FIRST_CHAT + self.config.chats):
                if sent == count:
                    return
                question, _ = QUESTIONS[self._next % len(QUESTIONS)]
                self._next += 1
                language = ("fr", "en", None)[chat % 3]
                message = self.fake.send_text(chat, question, language_code=language)
                self.asked[(chat, message["message_id"])] = (question, time.monotonic())
                sent += 1

    def replies(self) -> list[Call]:
        """The replies to questions (sendMessage with reply_parameters)."""
        return [c for c in self.fake.sent() if c.chat_id and c.chat_id >= FIRST_CHAT
                and isinstance(c.params.get("reply_parameters"), dict)]

    def answered(self) -> int:
        return len({(c.chat_id, c.params["reply_parameters"]["message_id"]) for c in self.replies()})

    def wait_outstanding(self, at_most: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while len(self.asked) - self.answered() > at_most and time.monotonic() < deadline:
            time.sleep(0.05)


def _live_update(knowledge: Path) -> bytes:
    """Add an article and break the existing one (cut in its front matter); returns the original."""
    original = (knowledge / ARTICLE).read_bytes()
    shutil.copy(ADDED, knowledge / ADDED.name)
    (knowledge / ARTICLE).write_bytes(original[:60])
    return original


def _growth(samples: list[tuple[int, float]]) -> float:
    """MB per 1,000 answers over the second half of a process's answers (least squares)."""
    if not samples:
        return 0.0
    first, last = samples[0][0], samples[-1][0]
    half = [(answers, rss) for answers, rss in samples if answers >= (first + last) / 2]
    if len({answers for answers, _ in half}) < 2:
        return 0.0
    slope, _ = statistics.linear_regression([float(a) for a, _ in half], [rss for _, rss in half])
    return slope * 1000


def _wait(condition: Callable[[], object], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


def _scan(texts: Iterator[str], needles: tuple[str, ...]) -> int:
    return sum(any(needle in text for needle in needles) for text in texts)


class Run:
    """One soak run: the fake server, the bot process(es), the questions, and the
    events that happen at given shares of the questions pushed."""

    UPDATE, REPAIR, RESTART, OUTAGE = 0.25, 0.40, 0.50, 0.75

    def __init__(self, config: SoakConfig, fake: FakeBotApi, home: Path, say: Callable[[str], None]) -> None:
        self.config = config
        self.fake = fake
        self.say = say
        self.knowledge = home / "knowledge"
        shutil.copytree(config.knowledge, self.knowledge)
        self.home = home
        self.environment = _environment(fake, self.knowledge, config)
        self.driver = Driver(fake, config)
        self.processes: list[BotProcess] = []
        self.burst_size = config.chats * config.per_burst
        self.original = b""  # the article's bytes before the broken edit
        self.done: set[float] = set()

    def start_bot(self) -> None:
        self.processes.append(BotProcess(self.environment, self.home, self.driver.answered))
        self.processes[-1].wait_ready()

    def due(self, event: float, wanted: bool = True) -> bool:
        """Whether `event` should happen now (once, when its share of questions is pushed)."""
        if not wanted or event in self.done or len(self.driver.asked) < event * self.config.questions:
            return False
        self.done.add(event)
        return True

    def push_all(self) -> None:
        driver, config = self.driver, self.config
        while len(driver.asked) < config.questions:
            if self.original and self.due(self.REPAIR, config.live_update):
                # Repaired once the admins were told (the watcher may lag behind a busy bot).
                _wait(lambda: self.fake.sent(ADMIN), timeout=30)
                (self.knowledge / ARTICLE).write_bytes(self.original)
                self.say(f"{len(driver.asked)} pushed: {ARTICLE} repaired")
            if self.due(self.OUTAGE, config.outage > 0):
                # When the bot is nearly idle, so that it has every reason to poll; the next
                # burst then waits at the Bot API until the outage ends.
                driver.wait_outstanding(50, timeout=config.answer_timeout)
                self.fake.outage(config.outage)
                self.say(f"{len(driver.asked)} pushed, {driver.answered()} answered: Bot API down for "
                         f"{config.outage:.0f} s")
            answered_before = driver.answered()
            driver.burst(min(self.burst_size, config.questions - len(driver.asked)))
            if self.due(self.UPDATE, config.live_update):
                self.original = _live_update(self.knowledge)
                self.say(f"{len(driver.asked)} pushed: article added, {ARTICLE} broken")
            # Not while the article is broken: a new process has no previous version to keep.
            repaired = not config.live_update or self.REPAIR in self.done
            if self.due(self.RESTART, config.restart and repaired):
                self.restart(answered_before + max(1, self.burst_size // 10))
            driver.wait_outstanding(self.burst_size // 2, timeout=config.answer_timeout)
            self.say(f"{len(driver.asked)} pushed, {driver.answered()} answered")
        driver.wait_outstanding(0, timeout=config.answer_timeout)

    def restart(self, answered: int) -> None:
        """SIGTERM in the middle of a burst (some of it answered, some fetched, some not yet), then start again."""
        _wait(lambda: self.driver.answered() >= answered, timeout=30)
        stopped = self.processes[-1]
        at_signal = self.driver.answered()
        stopped.stop()
        self.say(f"{len(self.driver.asked)} pushed, {at_signal} answered: SIGTERM; {self.driver.answered()} "
                 f"answered at exit (code {stopped.figures.exit_code}, {stopped.figures.stop_seconds:.1f} s); "
                 "restarting")
        self.start_bot()


def run_soak(config: SoakConfig, say: Callable[[str], None] = print) -> SoakFigures:
    """Run the bot under load and faults, and measure."""
    figures = SoakFigures(chats=config.chats, questions=config.questions, outage_seconds=config.outage)
    with tempfile.TemporaryDirectory(prefix="soak-") as temporary, FakeBotApi(token=TOKEN) as fake:
        run = Run(config, fake, Path(temporary), say)
        run.start_bot()
        fake.chaos(config.fault_rate, seed=config.seed)
        say(f"bot ready; {config.questions} questions from {config.chats} chats, {run.burst_size} a burst")
        started = time.monotonic()
        run.push_all()
        figures.seconds = time.monotonic() - started
        time.sleep(0.5)  # a straggler (a retried reply) would show as a duplicate
        run.processes[-1].stop()
        fake.chaos(0)
        figures.restarts = len(run.processes) - 1
        _measure(figures, fake, run.driver, run.processes)
    return figures


def _measure(figures: SoakFigures, fake: FakeBotApi, driver: Driver, processes: list[BotProcess]) -> None:
    from bot.messages import WORDINGS

    replies = driver.replies()
    per_question = Counter((c.chat_id or 0, c.params["reply_parameters"]["message_id"]) for c in replies)
    figures.answered = sum(1 for key in driver.asked if per_question[key])
    figures.duplicates = sum(count - 1 for count in per_question.values() if count > 1)
    figures.lost = sum(1 for key in driver.asked if not per_question[key])
    rate_limited = {w.rate_limited for w in WORDINGS.values()}
    figures.rate_limited = sum(1 for c in replies if c.text in rate_limited)
    apologies = {w.error for w in WORDINGS.values()}
    figures.apologies = sum(1 for c in fake.sent() if c.text in apologies)
    answerable = {question for question, can in QUESTIONS if can}
    headers = tuple(f"<b>{w.answer_header}</b>" for w in WORDINGS.values())
    figures.answerable_without_passages = sum(
        1 for c in replies
        if driver.asked[(c.chat_id or 0, c.params["reply_parameters"]["message_id"])][0] in answerable
        and not c.text.startswith(headers)
    )
    first_reply: dict[tuple[int, int], float] = {}
    for call in replies:
        key = (call.chat_id or 0, call.params["reply_parameters"]["message_id"])
        first_reply.setdefault(key, call.at)
    latencies = sorted(first_reply[key] - pushed for key, (_, pushed) in driver.asked.items() if key in first_reply)
    if latencies:
        figures.p50_ms = statistics.median(latencies) * 1000
        figures.p99_ms = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
        figures.max_ms = latencies[-1] * 1000
    figures.faults = dict(fake.injected)
    polls = fake.calls_to("getUpdates")
    figures.polls_in_outage = sum(1 for c in fake.calls if c.method == "getUpdates" and
                                  (c.refused or "").startswith("outage"))
    end = fake.outage_window[1]
    after = [c.at for c in polls if c.at >= end]
    figures.caught_up_seconds = after[0] - end if end and after else 0.0
    figures.delivered_twice = sum(1 for count in fake.delivered.values() if count > 1)
    figures.refusals = len(fake.refusals)
    notices = [c for c in fake.sent(ADMIN)]
    figures.admin_notices = len(notices)
    figures.admin_notice_names_file = any(ARTICLE in c.text for c in notices)
    figures.processes = [p.figures for p in processes]
    figures.growth_mb_per_1000 = _growth(processes[-1].figures.samples)
    # The scans: every log line, and every request the bot made (messages included).
    needles = (TOKEN, TOKEN.partition(":")[2], quote(TOKEN, safe=""), CANARY)
    lines = [line for p in processes for line in p.lines]
    figures.log_lines = len(lines)
    figures.token_in_logs = _scan(iter(lines), needles)
    requests = [json.dumps({"method": c.method, **c.params}, ensure_ascii=False) for c in fake.calls]
    figures.requests_scanned = len(requests)
    figures.token_in_requests = _scan(iter(requests), needles)
    asked = tuple({q.strip() for q, _ in QUESTIONS if len(q.strip()) >= 12})
    figures.questions_in_logs = _scan(iter(lines), asked)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--per-burst", type=int, default=5, help="questions each chat sends at once")
    parser.add_argument("--fault-rate", type=float, default=0.05, help="share of calls given a random fault")
    parser.add_argument("--outage", type=float, default=60.0, help="seconds the Bot API is down (0: none)")
    parser.add_argument("--no-restart", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures there")
    args = parser.parse_args(argv)
    config = SoakConfig(chats=args.chats, questions=args.questions, per_burst=args.per_burst,
                        fault_rate=args.fault_rate, outage=args.outage, restart=not args.no_restart)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {sys.platform}")
    figures = run_soak(config, say=lambda line: print(f"  {line}", flush=True))
    print(figures.report())
    if args.json:
        record: dict[str, Any] = asdict(figures)
        for process in record["processes"]:
            process.pop("samples")
        args.json.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return 0 if figures.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
