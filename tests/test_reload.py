"""Live updates: the holder's reload (what changed, broken files keep their previous
version, atomic swap under concurrent questions), the folder watcher, `:reload`
and the watcher in the REPL, and the Telegram bot told of reloads."""

from __future__ import annotations

import functools
import html
import io
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot import holder as holder_module
from bot.articles import load_articles
from bot.config import ConfigError
from bot.engine import answer
from bot.holder import KnowledgeHolder, ReloadReport
from bot.knowledge import KnowledgeBase, build_knowledge_base
from bot.messages import WORDINGS
from bot.repl import Repl, run_repl
from bot.watch import KnowledgeWatcher, snapshot, watch_interval
from tests.fake_bot_api import TOKEN, FakeBotApi
from tests.logs import captured_logs
from tests.test_telegram_e2e import ADMIN, PROXY_VARIABLES, RunningBot, plain

FR, EN = WORDINGS["fr"], WORDINGS["en"]
FAST = 0.05  # seconds between two looks of the watchers under test


def article(title: str, body: str, lang: str = "fr") -> str:
    return f"---\ntitle: {title}\ndate: 2023-11-20\nlang: {lang}\nsource: Le Journal\n---\n\n{body}\n"


OLD = article("Le ferry", "Le capitaine Haddock a été nommé directeur du port. Il commence lundi.")
NEW = article("Le ferry", "Le capitaine Tournesol a été nommé directeur du port. Il commence mardi.")
OTHER = article("La gare", "La gare de Moulinsart ferme pour travaux pendant un mois.")
BROKEN = OLD[:25]  # the front matter cut short: a half-saved file


@pytest.fixture(autouse=True)
def fast_builds(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reloads without compiling the lexicon each time (0.5 s a build): the one of
    the repository's knowledge base serves; what is tested here is the reloading."""
    monkeypatch.setattr(holder_module, "build_knowledge_base",
                        functools.partial(build_knowledge_base, translator=kb.translator))


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def make_holder(folder: Path, kb: KnowledgeBase) -> KnowledgeHolder:
    """A holder of `folder` as the bot starts with it (its files older than the load)."""
    for path in folder.iterdir():
        os.utime(path, ns=(time.time_ns() - 10**10,) * 2)  # 10 s ago: not "changed since the load"
    articles, problems = load_articles(folder)
    return KnowledgeHolder(folder, build_knowledge_base(articles, problems, translator=kb.translator))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "ferry.md").write_text(OLD, encoding="utf-8")
    return knowledge


@pytest.fixture
def holder(folder: Path, kb: KnowledgeBase) -> KnowledgeHolder:
    return make_holder(folder, kb)


def quotes(kb: KnowledgeBase, question: str) -> list[str]:
    return [hit.passage.text for hit in answer(kb, question).hits]


def wait_for(condition: Callable[[], Any], timeout: float = 10.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


# -- the holder ---------------------------------------------------------------


def test_a_reload_reports_what_was_added_updated_and_removed(folder: Path, holder: KnowledgeHolder) -> None:
    (folder / "gare.md").write_text(OTHER, encoding="utf-8")
    first = holder.reload()
    assert (first.added, first.updated, first.removed, first.kept) == (("gare.md",), (), (), ())
    assert (first.articles_before, first.articles_after, first.automatic) == (1, 2, False)
    (folder / "ferry.md").write_text(NEW, encoding="utf-8")
    (folder / "gare.md").unlink()
    second = holder.reload()
    assert (second.added, second.updated, second.removed) == ((), ("ferry.md",), ("gare.md",))
    assert second.describe(EN) == "updated: ferry.md; removed: gare.md"
    assert second.describe(FR) == "mis à jour : ferry.md ; retirés : gare.md"
    assert quotes(holder.kb, "Qui a été nommé directeur ?")[0].startswith("Le capitaine Tournesol")


def test_an_unchanged_folder_keeps_the_same_knowledge_base(holder: KnowledgeHolder) -> None:
    before = holder.kb
    report = holder.reload()
    assert holder.kb is before and not report.changed and report.describe(EN) == "no article changed"


def test_a_broken_new_version_leaves_the_previous_one_in_service(folder: Path, holder: KnowledgeHolder) -> None:
    (folder / "ferry.md").write_text(BROKEN, encoding="utf-8")
    report = holder.reload()
    assert report.kept == ("ferry.md",) and not report.changed
    (problem,) = report.new_problems
    assert str(problem).startswith("ferry.md:3: expected '---' closing the front matter")
    assert report.problems == (problem,) == holder.kb.problems
    assert quotes(holder.kb, "Qui a été nommé directeur ?")[0].startswith("Le capitaine Haddock")  # still served
    assert "previous version kept (the new file has errors): ferry.md" in report.describe(EN)
    again = holder.reload()  # still broken: still kept, nothing new to tell
    assert again.kept == ("ferry.md",) and again.new_problems == ()
    (folder / "ferry.md").write_text(NEW, encoding="utf-8")
    repaired = holder.reload()
    assert (repaired.updated, repaired.kept, repaired.problems) == (("ferry.md",), (), ())
    assert quotes(holder.kb, "Qui a été nommé directeur ?")[0].startswith("Le capitaine Tournesol")


def test_a_broken_new_file_is_reported_and_left_out(folder: Path, holder: KnowledgeHolder) -> None:
    (folder / "gare.md").write_bytes(b"\x00binary")
    report = holder.reload()
    assert report.kept == () and report.added == () and [p.path for p in report.new_problems] == ["gare.md"]


def test_a_removed_broken_file_is_removed_not_kept(folder: Path, holder: KnowledgeHolder) -> None:
    (folder / "ferry.md").write_text(BROKEN, encoding="utf-8")
    holder.reload()
    (folder / "ferry.md").unlink()
    report = holder.reload()
    assert (report.removed, report.kept, report.problems, len(holder.kb.articles)) == (("ferry.md",), (), (), 0)


def test_a_missing_folder_keeps_every_article_in_service(folder: Path, holder: KnowledgeHolder) -> None:
    folder.rename(folder.with_name("elsewhere"))
    report = holder.reload()
    assert report.kept == ("ferry.md",) and not report.changed and len(holder.kb.articles) == 1
    assert "does not exist" in report.problems[0].message


def test_a_copy_taking_the_title_of_an_article_in_service(folder: Path, holder: KnowledgeHolder) -> None:
    (folder / "ferry.md").write_text(BROKEN, encoding="utf-8")
    holder.reload()  # ferry.md kept in its previous version
    (folder / "a-copy.md").write_text(OLD, encoding="utf-8")  # same title, sorts first: it loads
    report = holder.reload()
    assert [a.path for a in holder.kb.articles] == ["a-copy.md"]  # never two articles of one title
    assert report.added == ("a-copy.md",) and report.removed == ("ferry.md",)


def test_listeners_hear_every_reload_and_a_failing_one_harms_no_one(
        holder: KnowledgeHolder, caplog: pytest.LogCaptureFixture) -> None:
    heard: list[ReloadReport] = []

    def failing(report: ReloadReport) -> None:
        raise RuntimeError("listener bug")

    holder.add_listener(failing)
    holder.add_listener(heard.append)
    with caplog.at_level(logging.ERROR):
        report = holder.reload(automatic=True)
    assert heard == [report] and report.automatic
    assert "a reload listener failed" in caplog.text
    holder.remove_listener(heard.append)
    holder.remove_listener(failing)
    holder.reload()
    assert len(heard) == 1


def test_questions_in_flight_finish_on_the_knowledge_base_they_started_with(
        folder: Path, holder: KnowledgeHolder) -> None:
    in_flight = holder.kb  # what a face reads once, when the question arrives
    (folder / "ferry.md").write_text(NEW, encoding="utf-8")
    holder.reload()
    assert quotes(in_flight, "Qui a été nommé directeur ?")[0].startswith("Le capitaine Haddock")
    assert quotes(holder.kb, "Qui a été nommé directeur ?")[0].startswith("Le capitaine Tournesol")


def test_answers_during_reloads_are_each_from_one_version(folder: Path, holder: KnowledgeHolder) -> None:
    """Readers answer non-stop while the article flips between two versions and
    reloads swap them in: every answer quotes one version, verbatim, never a mix."""
    versions = {OLD.split("\n\n", 1)[1].strip(), NEW.split("\n\n", 1)[1].strip()}
    errors: list[BaseException] = []
    seen: list[str] = []
    stop = threading.Event()

    def read() -> None:
        try:
            while not stop.is_set():
                result = answer(holder.kb, "Qui a été nommé directeur et quand commence-t-il ?")
                bodies = {hit.passage.article.body.strip() for hit in result.hits}
                assert len(bodies) == 1 and bodies <= versions, bodies
                for hit in result.hits:
                    assert hit.passage.text == hit.passage.article.body[hit.passage.start: hit.passage.end]
                seen.append(bodies.pop())
        except BaseException as error:
            errors.append(error)

    readers = [threading.Thread(target=read) for _ in range(3)]
    for reader in readers:
        reader.start()
    reloads = 0
    for text in [NEW, OLD] * 10:
        (folder / "ferry.md").write_text(text, encoding="utf-8")
        reloads += bool(holder.reload().updated)
    stop.set()
    for reader in readers:
        reader.join()
    assert not errors, errors[0]
    assert reloads == 20 and len(set(seen)) == 2
    print(f"\n{len(seen)} answers from 3 threads during {reloads} reloads, each quoting a single version")


def test_concurrent_reloads_are_serialized(folder: Path, holder: KnowledgeHolder) -> None:
    (folder / "gare.md").write_text(OTHER, encoding="utf-8")
    reports: list[ReloadReport] = []
    threads = [threading.Thread(target=lambda: reports.append(holder.reload())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(len(r.added) for r in reports) == [0, 0, 0, 1]  # one of them saw the change
    assert [a.path for a in holder.kb.articles] == ["ferry.md", "gare.md"]


# -- the watcher --------------------------------------------------------------


def test_watch_interval_setting(holder: KnowledgeHolder) -> None:
    assert watch_interval({}) is None and watch_interval({"BOT_WATCH_INTERVAL": " "}) is None
    assert watch_interval({"BOT_WATCH_INTERVAL": "0"}) == 0.0
    assert watch_interval({"BOT_WATCH_INTERVAL": "2.5"}) == 2.5
    for bad in ("-1", "soon", "nan", "1e9"):
        with pytest.raises(ConfigError, match="BOT_WATCH_INTERVAL: expected the seconds"):
            watch_interval({"BOT_WATCH_INTERVAL": bad})
    with pytest.raises(ValueError, match="interval must be positive"):
        KnowledgeWatcher(holder, 0)


def test_the_watcher_reloads_on_new_edited_and_removed_files(folder: Path, holder: KnowledgeHolder) -> None:
    heard: list[ReloadReport] = []
    holder.add_listener(heard.append)
    with KnowledgeWatcher(holder, FAST) as watcher:
        time.sleep(3 * FAST)
        assert watcher.reloads == 0  # nothing changed since the load: nothing done
        started = time.monotonic()
        (folder / "gare.md").write_text(OTHER, encoding="utf-8")
        wait_for(lambda: heard, what="the new file")
        latency = time.monotonic() - started
        (folder / "ferry.md").write_text(NEW, encoding="utf-8")
        wait_for(lambda: len(heard) == 2, what="the edit")
        (folder / "gare.md").unlink()
        wait_for(lambda: len(heard) == 3, what="the removal")
    assert [(r.added, r.updated, r.removed, r.automatic) for r in heard] == [
        (("gare.md",), (), (), True), ((), ("ferry.md",), (), True), ((), (), ("gare.md",), True)]
    assert latency < 20 * FAST
    print(f"\nnew file in service {latency * 1000:.0f} ms after it was written (a look every {FAST * 1000:.0f} ms)")


def test_the_watcher_debounces_a_file_written_in_many_pieces(folder: Path, holder: KnowledgeHolder) -> None:
    with KnowledgeWatcher(holder, FAST) as watcher:
        with (folder / "gare.md").open("w", encoding="utf-8") as file:
            for piece in OTHER.split(" "):  # a slow copy: one word every 10 ms
                file.write(piece + " ")
                file.flush()
                time.sleep(0.01)
        wait_for(lambda: len(holder.kb.articles) == 2, what="the copied file")
        time.sleep(4 * FAST)
    assert watcher.reloads <= 2  # not one per write
    assert not holder.kb.problems


def test_the_watcher_catches_up_with_changes_made_before_it_started(folder: Path, kb: KnowledgeBase) -> None:
    holder = make_holder(folder, kb)
    (folder / "ferry.md").write_text(NEW, encoding="utf-8")  # after the load, before the watcher
    with KnowledgeWatcher(holder, FAST):
        wait_for(lambda: quotes(holder.kb, "Qui a été nommé directeur ?")[0].startswith("Le capitaine Tournesol"),
                 what="the first look to reload")


def test_the_watcher_survives_a_failing_reload(folder: Path, holder: KnowledgeHolder,
                                               monkeypatch: pytest.MonkeyPatch,
                                               caplog: pytest.LogCaptureFixture) -> None:
    real = holder.reload
    calls: list[bool] = []

    def once_broken(automatic: bool = False) -> ReloadReport:
        calls.append(automatic)
        if len(calls) == 1:
            raise MemoryError("a reload that failed")
        return real(automatic)

    monkeypatch.setattr(holder, "reload", once_broken)
    with caplog.at_level(logging.ERROR), KnowledgeWatcher(holder, FAST):
        (folder / "gare.md").write_text(OTHER, encoding="utf-8")
        wait_for(lambda: calls, what="the failing reload")
        time.sleep(0.05)
        (folder / "ferry.md").write_text(NEW, encoding="utf-8")
        wait_for(lambda: len(holder.kb.articles) == 2, what="the next reload")
    assert "the previous articles stay in service" in caplog.text


def test_snapshot_sees_links_and_ignores_the_rest(folder: Path) -> None:
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    (folder / ".hidden.md").write_text("x", encoding="utf-8")
    (folder / "dangling.md").symlink_to(folder / "nowhere.md")
    assert sorted((s.name, s.size) for s in snapshot(folder)) == [("dangling.md", -1), ("ferry.md", len(OLD.encode()))]
    assert snapshot(folder / "missing") == frozenset()


# -- the REPL -----------------------------------------------------------------


def test_repl_reload_command_says_what_changed(folder: Path, holder: KnowledgeHolder) -> None:
    out = io.StringIO()
    repl = Repl(holder, out, color=False)
    (folder / "gare.md").write_text(OTHER, encoding="utf-8")
    (folder / "ferry.md").write_text(BROKEN, encoding="utf-8")
    repl.handle(":reload")
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Rechargé : 2 articles (avant : 1), ")
    assert lines[1] == ("Changements : ajoutés : gare.md ; version précédente gardée (le nouveau fichier est "
                        "en erreur) : ferry.md.")
    assert lines[2].startswith("- ferry.md:3: expected '---' closing")
    repl.handle("Qui a été nommé directeur ?")
    assert "Haddock" in out.getvalue()  # the previous version answers


def test_repl_watches_the_folder_and_says_so_between_answers(folder: Path, holder: KnowledgeHolder) -> None:
    read, write = os.pipe()
    out = io.StringIO()
    with open(read, encoding="utf-8") as stdin, open(write, "w", encoding="utf-8") as feed:
        session = threading.Thread(target=run_repl, args=(holder, stdin, out, FAST))
        session.start()
        feed.write("Qui a été nommé directeur ?\n")
        feed.flush()
        wait_for(lambda: "Haddock" in out.getvalue(), what="the first answer")
        (folder / "ferry.md").write_text(NEW, encoding="utf-8")
        wait_for(lambda: "Les articles ont changé" in out.getvalue(), what="the notice")
        feed.write("Qui a été nommé directeur ?\n:quit\n")
        feed.flush()
        session.join(10)
    assert not session.is_alive()
    text = out.getvalue()
    assert "Les articles ont changé, la base est rechargée : mis à jour : ferry.md.\n\n" in text
    assert text.index("Haddock") < text.index("Les articles ont changé") < text.index("Tournesol")
    assert holder._listeners == ()  # the session's listener left with it


# -- the Telegram bot ---------------------------------------------------------


@pytest.fixture
def fake() -> Iterator[FakeBotApi]:
    with FakeBotApi() as api:
        yield api


@pytest.fixture
def logs() -> Iterator[io.StringIO]:
    with captured_logs([TOKEN], logging.INFO) as stream:
        yield stream


def test_telegram_answers_through_reloads_and_tells_the_admins(
        fake: FakeBotApi, folder: Path, holder: KnowledgeHolder, logs: io.StringIO,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.conversation import Conversation

    ask = Conversation.ask
    held, release = threading.Event(), threading.Event()

    def held_once(self: Conversation, kb: KnowledgeBase, question: str) -> Any:
        if "lundi" in question and not release.is_set():
            held.set()
            release.wait(10)  # the question is in flight, on the knowledge base read when it came
        return ask(self, kb, question)

    monkeypatch.setattr(Conversation, "ask", held_once)
    bot = RunningBot(fake, holder).start()
    try:
        with KnowledgeWatcher(holder, FAST):
            fake.send_text(70, "Qui a été nommé directeur du port, et commence-t-il lundi ?")
            wait_for(held.is_set, what="the question in flight")
            (folder / "ferry.md").write_text(NEW, encoding="utf-8")
            wait_for(lambda: "Tournesol" in holder.kb.articles[0].body, what="the reload")
            release.set()
            (in_flight,) = fake.wait_sent(70)
            fake.send_text(71, "Qui a été nommé directeur du port ?")
            (after,) = fake.wait_sent(71)
            (folder / "ferry.md").write_text(BROKEN, encoding="utf-8")
            (notice,) = fake.wait_sent(ADMIN)
            fake.send_text(72, "Qui a été nommé directeur du port ?")
            (still,) = fake.wait_sent(72)
        fake.send_text(ADMIN, "/reload", language_code="en")
        reply = fake.wait_sent(ADMIN, 2)[1]
        fake.send_text(73, "/reload", language_code="en")
        refused = fake.wait_sent(73)[0]
    finally:
        bot.stop()
    assert "Il commence lundi." in plain(in_flight.text)  # the old version: the new one says "mardi"
    assert "Tournesol" in plain(after.text) and "Tournesol" in plain(still.text)
    told = plain(notice.text)
    assert told.startswith("Les articles ont changé, la base est rechargée : version précédente gardée (le "
                           "nouveau fichier est en erreur) : ferry.md.\nRechargé : 1 articles (avant : 1)")
    assert "• ferry.md:3: expected '---' closing the front matter" in told
    assert plain(reply.text).startswith("Reloaded: 1 articles (before: 1), ")
    assert plain(reply.text).endswith("Changes: previous version kept (the new file has errors): ferry.md.")
    assert refused.text == html.escape(EN.telegram_unknown_command.format(command="/reload"))
    assert "knowledge folder changed: previous version kept" in logs.getvalue()
    assert "knowledge file not loaded: ferry.md:3: " in logs.getvalue()
    assert fake.refusals == []
