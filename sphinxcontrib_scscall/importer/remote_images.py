"""``--fetch-images``: copies of the remote images a deck shows, so the archive keeps them.

Each http/https image is downloaded once per run into ``DIR/images/`` under a
name made from its URL's hash. An image that cannot be had (HTTP error, no
answer within the timeout, a redirect loop, over the size cap, or content
that is not an image) keeps its remote reference; every attempt is reported
with the URL and the deck line.
"""

from __future__ import annotations

import hashlib
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import filetype
import requests

TIMEOUT_SECONDS = 10.0
MAX_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 5
IMAGES_FOLDER = "images"
_SVG = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE svg[^>]*>\s*)?<svg\b", re.S
)


class ImageRefused(Exception):
    """An image that was not fetched, with the reason."""


@dataclass
class FetchedImages:
    """The images fetched in one run: URL -> file name under ``images/``, and the failures."""

    out_dir: Path
    timeout: float = TIMEOUT_SECONDS
    max_bytes: int = MAX_BYTES
    fetched: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)  # URL -> reason
    session: requests.Session = field(default_factory=requests.Session)

    def __post_init__(self):
        self.session.max_redirects = MAX_REDIRECTS
        self.session.headers["User-Agent"] = "scscall-import"

    def local_path(self, url: str) -> tuple[str | None, str]:
        """(``images/<name>`` or None, what happened) for the image at *url*."""
        if url in self.fetched:
            return f"{IMAGES_FOLDER}/{self.fetched[url]}", "fetched earlier"
        if url in self.failed:
            return None, self.failed[url]
        try:
            data, extension = self._download(url)
        except ImageRefused as err:
            self.failed[url] = str(err)
            return None, str(err)
        name = f"{hashlib.sha256(url.encode()).hexdigest()[:16]}.{extension}"
        folder = self.out_dir / IMAGES_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / name
        if not target.is_symlink() and (not target.exists() or target.read_bytes() != data):
            target.write_bytes(data)
        self.fetched[url] = name
        return f"{IMAGES_FOLDER}/{name}", f"fetched ({len(data)} bytes)"

    def _too_large(self) -> str:
        return f"over the size cap of {self.max_bytes:,} bytes"

    def _download(self, url: str) -> tuple[bytes, str]:
        deadline = time.monotonic() + self.timeout
        try:
            with self.session.get(url, stream=True, timeout=self.timeout) as response:
                if response.status_code >= 400:
                    raise ImageRefused(f"HTTP {response.status_code}")
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise ImageRefused(self._too_large())
                chunks, size = [], 0
                for chunk in response.iter_content(64 * 1024):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise ImageRefused(self._too_large())
                    if time.monotonic() > deadline:
                        raise ImageRefused(f"no complete answer in {self.timeout:g} s")
                    chunks.append(chunk)
        except requests.TooManyRedirects:
            raise ImageRefused("too many redirects") from None
        except requests.Timeout:
            raise ImageRefused(f"no answer in {self.timeout:g} s") from None
        except requests.RequestException as err:
            raise ImageRefused(f"cannot be fetched ({type(err).__name__})") from None
        data = b"".join(chunks)
        return data, image_extension(data)


def image_extension(data: bytes) -> str:
    """The extension of the image *data* is by its content (ImageRefused when it is none)."""
    kind = filetype.guess(data[:8192])
    if kind is not None and kind.mime.startswith("image/"):
        return kind.extension
    if _SVG.match(data[:4096]):
        return "svg"
    raise ImageRefused("not an image by its content")


def is_remote(url: str) -> bool:
    return urllib.parse.urlsplit(url).scheme in ("http", "https")
