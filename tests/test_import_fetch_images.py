"""`scscall import --fetch-images` against a local HTTP server started by the test."""

from __future__ import annotations

import http.server
import re
import threading
import time
from pathlib import Path

import pytest
from import_support import REGISTRY

from sphinxcontrib_scscall.commands import main
from sphinxcontrib_scscall.importer.files import Importer, Source
from sphinxcontrib_scscall.importer.remote_images import FetchedImages

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)
SLOW_SECONDS = 1.5


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/ok.png":
            self._send(200, PNG, "image/png")
        elif self.path == "/page.png":
            self._send(200, b"<!doctype html><title>not an image</title>", "image/png")
        elif self.path == "/huge.png":
            self._send(200, PNG + bytes(5000), "image/png")
        elif self.path == "/slow.png":
            time.sleep(SLOW_SECONDS)
            self._send(200, PNG, "image/png")
        elif self.path == "/loop.png":
            self.send_response(302)
            self.send_header("Location", "/loop.png")
            self.end_headers()
        else:
            self._send(404, b"missing", "text/plain")

    def _send(self, status, body, kind):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client giving up on a slow or oversized answer is the point of the test


@pytest.fixture(scope="module")
def server():
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def deck(base: str) -> str:
    names = ["ok", "missing", "page", "huge", "slow", "loop", "ok"]
    images = "\n\n".join(f"![{name} picture]({base}/{name}.png)" for name in names)
    return f"# Call 2025-01-09\n\n## Pictures\n\n{images}\n"


def test_each_image_fetched_or_reported_and_kept_remote(server, tmp_path):
    source = tmp_path / "20250109.md"
    source.write_text(deck(server))
    out = tmp_path / "out"
    fetched = FetchedImages(out, timeout=0.5, max_bytes=1000)
    report = Importer(out, REGISTRY, fetched=fetched).import_one(Source(str(source), source))
    assert report.ok, report.error
    text = (out / "2025-01-09.md").read_text()
    local = re.findall(r"\]\((images/[0-9a-f]+\.png)\)", text)
    assert len(local) == 2 and local[0] == local[1]  # one copy for the URL written twice
    assert (out / local[0]).read_bytes() == PNG
    for name in ("missing", "page", "huge", "slow", "loop"):
        assert f"]({server}/{name}.png)" in text  # the remote reference is kept
    lines = [re.match(r"\s*line (\d+): (.*)", line).groups() for line in report.details()]
    reasons = {
        "missing": "HTTP 404",
        "page": "not an image by its content",
        "huge": "over the size cap of 1,000 bytes",
        "slow": "no answer in 0.5 s",
        "loop": "too many redirects",
    }
    source_lines = source.read_text().splitlines()
    for name, reason in reasons.items():
        url = f"{server}/{name}.png"
        deck_line = next(n for n, line in enumerate(source_lines, 1) if url in line)
        assert any(
            number == str(deck_line) and url in message and reason in message
            for number, message in lines
        ), (name, lines)
    assert (report.images_fetched, report.images_failed) == (2, 5)
    assert (len(fetched.fetched), len(fetched.failed)) == (1, 5)
    assert sorted(path.name for path in (out / "images").iterdir()) == [Path(local[0]).name]


def test_slide_background_is_fetched_too(server, tmp_path):
    source = tmp_path / "20250109.md"
    source.write_text(
        f"---\ntype: slide\n---\n\n# Call\n\n---\n\n"
        f'<!-- .slide: data-background="{server}/ok.png" -->\n\n# Walrus\n'
    )
    out = tmp_path / "out"
    fetched = FetchedImages(out, timeout=0.5)
    assert Importer(out, REGISTRY, fetched=fetched).import_one(Source(str(source), source)).ok
    name = fetched.fetched[f"{server}/ok.png"]
    assert f':data-background-image: "images/{name}"' in (out / "2025-01-09.md").read_text()


def test_command_counts_fetched_and_failed(server, tmp_path, capsys):
    source = tmp_path / "20250109.md"
    source.write_text(f"# Call\n\n![ok]({server}/ok.png)\n\n![gone]({server}/missing.png)\n")
    out = tmp_path / "out"
    assert main(["import", str(source), "--out", str(out), "--fetch-images"]) == 0
    output = capsys.readouterr().out
    assert "remote images: 1 fetched, 1 failed" in output
    assert f"{server}/missing.png not fetched (HTTP 404)" in output


def test_without_the_flag_nothing_is_fetched(server, tmp_path):
    source = tmp_path / "20250109.md"
    source.write_text(f"# Call\n\n![ok]({server}/ok.png)\n")
    out = tmp_path / "out"
    assert main(["import", str(source), "--out", str(out), "--quiet"]) == 0
    assert not (out / "images").exists()
    assert f"]({server}/ok.png)" in (out / "2025-01-09.md").read_text()
