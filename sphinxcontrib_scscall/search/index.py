"""The Pagefind index: the records written as pages into a temporary folder, indexed once.

One run of Pagefind's binary per build indexes every record (the Python API
waits 0.1 s per call, which for thousands of records would dominate the build).
It starts once every deck is read and works in its own process while Sphinx
writes the pages, so on two cores it costs the build little of its wall time.
The index goes to ``_pagefind/`` in the output, replacing the previous one, so
an incremental build leaves the same files as a clean one.

Pagefind gzips every file it writes, and its script inflates them in
JavaScript, on the page's main thread: on the way to a search's first results
that took longer than the search itself (about 0.1 s of a loaded two-core
machine, for the WebAssembly, the metadata, the filters and the chunks of two
words). :func:`store_uncompressed` leaves the files every search loads before
it ranks stored as the uncompressed data Pagefind's script accepts as well; the
results' fragments, a few hundred bytes each and thousands of files, stay
compressed.

Pagefind writes its filter lists in hash-map order, which changes from run to
run (its fragments and word indexes are stable since 1.3), so
:func:`canonicalize_filters` sorts them and renames the files after their new
content: two builds of the same decks give byte-identical indexes.

Pagefind lists results of equal score in no set order, and tells the page a
result's date only with its fragment, one request per result. So beside the
index goes :data:`NEWEST_FIRST`, the page ids newest call first, taken from the
index's own date sort: the search page breaks ties with it without a request
per result or a second, date-sorted search.

The search page starts loading the index as soon as its HTML arrives, rather
than one request after another as Pagefind would (its script, then its entry
file, then its metadata and WebAssembly, then the chunks of the words).
:func:`describe_index` tells the page what to request: the files every search
needs and the word range of each index chunk.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import cbor2

from ..shared import logger
from .records import DATE_SORT, Record, record_html

INDEX_DIR = "_pagefind"
#: every Pagefind index file is this signature and CBOR (the WebAssembly: its code), gzipped
#: as Pagefind writes it
SIGNATURE = b"pagefind_dcd"
#: what Pagefind's script reads on the way to every search's ranking, relative to the index,
#: besides the metadata and the filter chunks (:func:`write_chunk` writes those uncompressed)
LOADED_BEFORE_RANKING = ("wasm.*.pagefind", "index/*.pf_index")
#: names the Pagefind binary to run instead of ``pagefind[bin]``'s (a newer release, a
#: distribution's package), as for Pagefind's own Python API
BINARY_PATH_VARIABLE = "PAGEFIND_BINARY_PATH"
#: beside the index: Pagefind's page ids, newest call first (the search page's tie-break)
NEWEST_FIRST = "scscall-newest-first.json"


def pagefind_executable() -> Path | None:
    """The binary :data:`BINARY_PATH_VARIABLE` names, else that of the ``pagefind[bin]``
    package; None when the variable names no file or the package is not installed."""
    named = os.environ.get(BINARY_PATH_VARIABLE)
    if named:
        return Path(named) if Path(named).is_file() else None
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return None
    try:
        return get_executable()
    except FileNotFoundError:
        return None


@dataclass
class IndexRun:
    """A run of Pagefind under way: the records' pages in *site*, the index going to *target*."""

    process: subprocess.Popen
    site: tempfile.TemporaryDirectory
    target: Path
    stamp: Path
    digest: str

    def finish(self) -> bool:
        """Wait for Pagefind and complete the index; False (and a warning) when it failed."""
        try:
            _stdout, stderr = self.process.communicate()
        finally:
            self.site.cleanup()
        if self.process.returncode != 0:
            logger.warning(
                f"Pagefind could not index the reports (exit status {self.process.returncode}): "
                f"{stderr.strip()[-500:]}; the search page falls back to Sphinx's search",
                type="scscall",
                subtype="search",
            )
            shutil.rmtree(self.target, ignore_errors=True)
            return False
        canonicalize_filters(self.target)
        store_uncompressed(self.target)
        write_newest_first(self.target)
        self.stamp.parent.mkdir(parents=True, exist_ok=True)
        self.stamp.write_text(self.digest, encoding="utf-8")
        return True

    def cancel(self) -> None:
        """Stop Pagefind (the build failed) and leave no half-written index."""
        self.process.kill()
        self.process.communicate()
        self.site.cleanup()
        shutil.rmtree(self.target, ignore_errors=True)


def start_index(
    executable: Path, records: list[Record], outdir: Path, language: str, stamp: Path
) -> IndexRun | None:
    """Start indexing *records* into ``outdir/_pagefind``; None when there is nothing to run.

    Pagefind works in a process of its own while the caller goes on (Sphinx writes
    the pages meanwhile); :meth:`IndexRun.finish` completes the index. *stamp* keeps
    a digest of the records indexed last: when they are the same and the index is
    still there, as in a rebuild that changed no deck, Pagefind is not run.
    """
    target = outdir / INDEX_DIR
    if not records:
        # nothing to index (no call deck yet): the search page uses Sphinx's search
        shutil.rmtree(target, ignore_errors=True)
        stamp.unlink(missing_ok=True)
        return None
    pages = [record_html(record, language) for record in records]
    # the binary's size and time stand for its version: an upgrade, or another binary named
    # in PAGEFIND_BINARY_PATH, indexes again
    binary = executable.stat()
    identity = [str(executable), str(binary.st_size), str(binary.st_mtime_ns), language]
    digest = hashlib.sha256("\0".join([*identity, *pages]).encode()).hexdigest()
    unchanged = stamp.is_file() and stamp.read_text(encoding="utf-8") == digest
    # an index written before the newest-first list existed is written again
    complete = all((target / name).is_file() for name in ("pagefind-entry.json", NEWEST_FIRST))
    if unchanged and complete:
        return None
    shutil.rmtree(target, ignore_errors=True)
    stamp.unlink(missing_ok=True)
    site = tempfile.TemporaryDirectory(prefix="scscall-search-")
    # zero-padded names in the archive's order: Pagefind numbers the pages by path
    width = len(str(len(pages)))
    for number, page in enumerate(pages):
        (Path(site.name) / f"{number:0{width}d}.html").write_text(page, encoding="utf-8")
    command = [
        str(executable),
        "--site",
        site.name,
        "--output-path",
        str(target),
        "--force-language",
        language,
        "--quiet",
    ]
    with on_one_cpu():
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
    return IndexRun(process, site, target, stamp, digest)


@contextmanager
def on_one_cpu() -> Iterator[None]:
    """Start processes on one CPU of those this thread may use (Linux; elsewhere as is).

    Pagefind works beside Sphinx, which writes the pages on one core. Left to every core,
    its threads spent much of their time waking each other (futex calls): on two cores,
    1,959 records took 3.6 to 4.0 s of CPU, and 2.5 to 3.0 s on one core, in the same
    wall time. A process started here inherits the CPU; this thread gets its CPUs back.
    """
    cpus = os.sched_getaffinity(0) if hasattr(os, "sched_setaffinity") else set()
    if len(cpus) < 2:
        yield
        return
    os.sched_setaffinity(0, {max(cpus)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, cpus)


def uncompressed(data: bytes) -> bytes:
    """An index file's data as Pagefind's script reads it: the signature first."""
    return data if data.startswith(SIGNATURE) else gzip.decompress(data)


def read_chunk(path: Path) -> list:
    return cbor2.loads(uncompressed(path.read_bytes())[len(SIGNATURE) :])


def store_uncompressed(index: Path) -> None:
    """Store the files of :data:`LOADED_BEFORE_RANKING` uncompressed, under the same names."""
    for pattern in LOADED_BEFORE_RANKING:
        for path in index.glob(pattern):
            path.write_bytes(uncompressed(path.read_bytes()))


def write_chunk(folder: Path, language: str, value: list, digits: int, prefix: str = "") -> str:
    """Write *value* as an uncompressed chunk named after its content; its hash
    (``<language>_<hex>``)."""
    data = SIGNATURE + cbor2.dumps(value)
    chunk_hash = f"{language}_{hashlib.sha256(data).hexdigest()[:digits]}"
    suffix = "pf_meta" if prefix else "pf_filter"
    (folder / f"{prefix}{chunk_hash}.{suffix}").write_bytes(data)
    return chunk_hash


def canonicalize_filters(index: Path) -> None:
    """Sort the filter values and the language metas' lists, renaming what changed."""
    entry_path = index / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, details in entry["languages"].items():
        meta_path = index / f"pagefind.{details['hash']}.pf_meta"
        meta = read_chunk(meta_path)
        # [version, pages, word index chunks, filter chunks, sorts, meta fields]
        filters = []
        for name, chunk_hash in meta[3]:
            chunk_path = index / "filter" / f"{chunk_hash}.pf_filter"
            chunk = read_chunk(chunk_path)
            chunk_path.unlink()
            chunk[1] = sorted(chunk[1], key=lambda value_pages: value_pages[0])
            filters.append([name, write_chunk(index / "filter", language, chunk, 7)])
        meta[3] = sorted(filters)
        meta[4] = sorted(meta[4], key=lambda sort: sort[0])
        meta_path.unlink()
        details["hash"] = write_chunk(index, language, meta, 10, prefix="pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")


def describe_index(index: Path) -> dict | None:
    """What the search page loads from the finished *index*; None when there is no index.

    ``tag``: the metadata's content hash, which changes with the index (Pagefind's
    ``metaCacheTag``, so its entry file has a stable, preloadable address); ``files``:
    what Pagefind loads for every search, relative to the index folder; ``chunks``: the
    ``[first word, last word, hash]`` of each word index chunk, in order; ``newest_first``:
    :data:`NEWEST_FIRST`.
    """
    entry_path = index / "pagefind-entry.json"
    if not entry_path.is_file() or not (index / NEWEST_FIRST).is_file():
        return None
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    # the build forces one language
    [details] = entry["languages"].values()
    # [version, pages, word index chunks, filter chunks, sorts, meta fields]
    meta = read_chunk(index / f"pagefind.{details['hash']}.pf_meta")
    files = [
        f"pagefind-entry.json?ts={details['hash']}",
        f"pagefind.{details['hash']}.pf_meta",
        f"wasm.{details.get('wasm') or 'unknown'}.pagefind",
        *(f"filter/{chunk_hash}.pf_filter" for _name, chunk_hash in meta[3]),
    ]
    return {"tag": details["hash"], "files": files, "chunks": meta[2], "newest_first": NEWEST_FIRST}


def write_newest_first(index: Path) -> None:
    """Write :data:`NEWEST_FIRST`: the ids of the index's pages, newest call first."""
    entry = json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
    newest_first = []
    for details in sorted(entry["languages"].values(), key=lambda details: details["hash"]):
        meta = read_chunk(index / f"pagefind.{details['hash']}.pf_meta")
        # [version, pages as [id, word count], word index chunks, filter chunks, sorts, meta fields]
        pages, sorts = meta[1], dict(meta[4])
        # the sort lists page positions, oldest date first
        newest_first += [pages[position][0] for position in reversed(sorts[DATE_SORT])]
    (index / NEWEST_FIRST).write_text(json.dumps(newest_first, separators=(",", ":")), "utf-8")
