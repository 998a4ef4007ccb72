"""``scscall serve``: incremental in-process builds, and the server's reliability.

The server tests run the real command in its own process group on 127.0.0.1 and
a free port, talk to it over HTTP and its reload websocket, and bound every
wait by a deadline.
"""

from __future__ import annotations

import filecmp
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from archive_project import CONF, DECK_2023_11, archive_project

from sphinxcontrib_scscall.commands import build_parser
from sphinxcontrib_scscall.commands.serve import (
    RELOAD_PATH,
    LiveBuild,
    Outputs,
    slides_mount,
)

DECK = "community-calls/2023-11-30"
BROKEN_RST = (
    "Broken call\n===========\n\n.. team-report:: iaas\n   :reporter: fkr\n\n   - a\n  - b\n"
)
SERVE = [sys.executable, "-m", "sphinxcontrib_scscall", "serve"]
START_TIMEOUT = 120
REBUILD_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- builds in-process ----------------------------------------------------------


def test_defaults_are_the_contracts():
    args = build_parser().parse_args(["serve"])
    assert (args.srcdir, args.port, args.host) == (Path("docs"), 8000, "127.0.0.1")


@pytest.mark.parametrize(
    ("slides_url", "mount"),
    [("slides/", "/slides"), ("decks/2024/", "/decks/2024"), ("https://x.org/s/", "/slides")],
)
def test_decks_are_served_under_the_slides_url(slides_url, mount):
    assert slides_mount(slides_url) == mount


def test_a_saved_deck_gives_what_a_clean_build_gives(tmp_path):
    source = archive_project(tmp_path / "src")
    live = LiveBuild(source, Outputs(tmp_path / "out"))
    assert live() == []
    deck = source / f"{DECK}.md"
    deck.write_text(deck.read_text().replace("first draft", "second draft"))
    assert live([deck]) == []
    live.close()
    clean = LiveBuild(source, Outputs(tmp_path / "clean"))
    assert clean() == []
    clean.close()
    for builder in ("html", "revealjs"):
        served, fresh = tmp_path / "out" / builder, tmp_path / "clean" / builder
        assert "second draft" in (served / f"{DECK}.html").read_text()
        pages = [path.relative_to(fresh) for path in fresh.rglob("*.html")]
        assert len(pages) > 3
        mismatch, errors = filecmp.cmpfiles(served, fresh, pages, shallow=False)[1:]
        assert (mismatch, errors) == ([], []), builder


def test_a_saved_static_file_is_copied_and_a_saved_deck_keeps_them(tmp_path):
    source = archive_project(tmp_path / "src", conf=CONF + 'html_static_path = ["_static"]\n')
    (source / "_static").mkdir()
    style = source / "_static" / "look.css"
    style.write_text("h1 { color: green }\n")
    outputs = Outputs(tmp_path / "out")
    live = LiveBuild(source, outputs)
    assert live() == []
    copied = outputs.of("html") / "_static" / "look.css"
    theme_file = outputs.of("html") / "_static" / "basic.css"
    theme_stamp = theme_file.stat().st_mtime_ns
    deck = source / f"{DECK}.md"
    deck.write_text(deck.read_text().replace("first draft", "second draft"))
    assert live([deck]) == []
    # a save of a deck leaves the static files as they were copied
    assert theme_file.stat().st_mtime_ns == theme_stamp
    assert copied.read_text() == style.read_text()
    style.write_text("h1 { color: navy }\n")
    assert live([style]) == []
    live.close()
    assert copied.read_text() == style.read_text()
    assert "second draft" in (outputs.of("html") / f"{DECK}.html").read_text()


def test_a_save_stamped_before_the_last_reading_is_still_built(tmp_path):
    # the file system's coarse clock can stamp a save just after a reading with an
    # earlier mtime; the watcher saw the save, so the deck is read again anyway
    source = archive_project(tmp_path / "src")
    outputs = Outputs(tmp_path / "out")
    live = LiveBuild(source, outputs)
    assert live() == []
    deck = source / f"{DECK}.md"
    stamp = deck.stat()
    deck.write_text(deck.read_text().replace("first draft", "late draft"))
    os.utime(deck, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert live([deck]) == []
    live.close()
    for builder in ("html", "revealjs"):
        assert "late draft" in (outputs.of(builder) / f"{DECK}.html").read_text(), builder


def test_deleted_and_renamed_decks_leave_no_stale_page(tmp_path):
    source = archive_project(tmp_path / "src")
    outputs = Outputs(tmp_path / "out")
    live = LiveBuild(source, outputs)
    live()
    deck = source / f"{DECK}.md"
    renamed = source / "community-calls/2023-12-01.md"
    deck.rename(renamed)
    live([deck, renamed])
    for builder in ("html", "revealjs"):
        assert not (outputs.of(builder) / f"{DECK}.html").exists()
        assert (outputs.of(builder) / "community-calls/2023-12-01.html").is_file()
    renamed.unlink()
    live([renamed])
    assert not (outputs.of("html") / "community-calls/2023-12-01.html").exists()
    assert "2023-12-01" not in (outputs.of("html") / "archive.html").read_text()
    live.close()


def test_a_broken_configuration_is_a_problem_not_a_crash(tmp_path):
    source = archive_project(tmp_path / "src")
    live = LiveBuild(source, Outputs(tmp_path / "out"))
    live()
    conf = source / "conf.py"
    good = conf.read_text()
    conf.write_text(good + "scscall_teams = {\n")
    problems = live([conf])
    assert problems and all("build failed" in problem for problem in problems)
    conf.write_text(good)
    assert live([conf]) == []
    live.close()


# --- the server -------------------------------------------------------------------


class Server:
    """``scscall serve`` in its own session; :meth:`stop` is Ctrl-C."""

    def __init__(self, source: Path, out: Path) -> None:
        self.port = free_port()
        self.log = out.parent / "serve.log"
        out.parent.mkdir(parents=True, exist_ok=True)
        self.log_file = self.log.open("w")
        self.process = subprocess.Popen(
            [*SERVE, str(source), "--port", str(self.port), "--out", str(out)],
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        deadline = time.monotonic() + START_TIMEOUT
        while "serving on" not in self.log.read_text():
            assert self.process.poll() is None, self.log.read_text()
            assert time.monotonic() < deadline, self.log.read_text()
            time.sleep(0.2)
        self.wait_answering()

    def wait_answering(self) -> None:
        deadline = time.monotonic() + 30
        while True:
            try:
                self.get("/")
                return
            except OSError:
                assert time.monotonic() < deadline
                time.sleep(0.1)

    def get(self, path: str) -> tuple[int, str]:
        """GET *path* exactly as written (no normalising of ``..``)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.putrequest("GET", path, skip_host=False)
            connection.endheaders()
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def get_between_builds(self, path: str) -> str:
        """The page at *path*, or "" while a build rewrites it under the response."""
        try:
            status, body = self.get(path)
        except http.client.IncompleteRead:
            return ""
        assert status == 200
        return body

    def session(self):
        from websockets.sync.client import connect

        return connect(f"ws://127.0.0.1:{self.port}{RELOAD_PATH}", open_timeout=30)

    def problems(self) -> list[str]:
        with self.session() as socket_:
            return json.loads(socket_.recv(timeout=30))["problems"]

    def save_and_wait(self, path: Path, text: str | None) -> list[str]:
        """Write (None: delete) *path*, wait for the rebuild's reload; the problems after it."""
        with self.session() as socket_:
            json.loads(socket_.recv(timeout=30))
            if text is None:
                path.unlink()
            else:
                path.write_text(text)
            reloads = [json.loads(socket_.recv(timeout=REBUILD_TIMEOUT)) for _ in range(2)]
        # the decks' tabs first, the archive's when its (slower) build is done
        assert reloads == [{"reload": "revealjs"}, {"reload": "html"}]
        return self.problems()

    def stop(self) -> int:
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            return self.process.wait(timeout=30)
        finally:
            self.log_file.close()

    def session_alive(self) -> bool:
        try:
            os.killpg(self.process.pid, 0)
        except ProcessLookupError:
            return False
        return True


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve")
    source = archive_project(root / "src")
    running = Server(source, root / "out")
    running.source = source
    yield running
    if running.process.poll() is None:
        running.stop()


def test_both_outputs_from_one_port_with_the_reload_client(server):
    status, archive_page = server.get(f"/{DECK}.html")
    assert status == 200 and "Zuul redeployment" in archive_page
    status, deck_page = server.get(f"/slides/{DECK}.html")
    assert status == 200 and 'class="reveal"' in deck_page
    for page in (archive_page, deck_page):
        assert RELOAD_PATH in page


@pytest.mark.parametrize(
    "path",
    [
        "/../conf.py",
        "/%2e%2e/conf.py",
        "/slides/../../conf.py",
        "/slides/%2e%2e/%2e%2e/src/conf.py",
        "/..%2fsrc%2fconf.py",
        "//etc/passwd",
        "/.doctrees/html/environment.pickle",
    ],
)
def test_nothing_outside_the_output_is_served(server, path):
    conf_text = (server.source / "conf.py").read_text()
    status, body = server.get(path)
    assert status == 404
    assert conf_text not in body and "root:" not in body


def test_a_syntax_error_is_shown_and_recovers(server):
    deck = server.source / "community-calls/2024-03-14.rst"
    good = deck.read_text()
    problems = server.save_and_wait(deck, BROKEN_RST)
    assert any("2024-03-14.rst" in problem for problem in problems), problems
    assert server.get("/")[0] == 200
    assert server.save_and_wait(deck, good) == []


def test_deleted_and_renamed_decks(server):
    deck = server.source / f"{DECK}.md"
    server.save_and_wait(deck, None)
    assert server.get(f"/{DECK}.html")[0] == 404
    assert server.get(f"/slides/{DECK}.html")[0] == 404
    renamed = server.source / "community-calls/2023-11-29.md"
    server.save_and_wait(renamed, DECK_2023_11)
    assert server.get("/slides/community-calls/2023-11-29.html")[0] == 200
    assert "2023-11-29" in server.get("/archive.html")[1]
    server.save_and_wait(renamed, None)
    server.save_and_wait(deck, DECK_2023_11)
    assert server.get(f"/{DECK}.html")[0] == 200


def test_fifty_saves_in_five_seconds(server):
    deck = server.source / f"{DECK}.md"
    started = time.monotonic()
    for number in range(50):
        deck.write_text(DECK_2023_11.replace("first draft", f"draft {number}"))
        time.sleep(max(0.0, started + (number + 1) * 0.1 - time.monotonic()))
    assert time.monotonic() - started <= 5.5
    deadline = time.monotonic() + REBUILD_TIMEOUT
    for page in (f"/slides/{DECK}.html", f"/{DECK}.html"):
        while "draft 49" not in server.get_between_builds(page):
            assert time.monotonic() < deadline, f"the last save never reached {page}"
            time.sleep(0.2)
    assert server.problems() == []


def test_ctrl_c_stops_the_server_and_everything_it_started(tmp_path):
    source = archive_project(tmp_path / "src")
    running = Server(source, tmp_path / "out")
    # Ctrl-C in the middle of a rebuild
    deck = source / f"{DECK}.md"
    deck.write_text(deck.read_text() + "\nmore\n")
    time.sleep(0.3)
    assert running.stop() == 0
    deadline = time.monotonic() + 10
    while running.session_alive():
        assert time.monotonic() < deadline, "processes of the server outlived it"
        time.sleep(0.1)
    assert "stopped" in running.log.read_text()
