"""``scscall serve``: live preview of the archive and the decks from one port.

Built on sphinx-autobuild's parts: watchfiles watches the source folder
(through sphinx-autobuild's ``RebuildServer`` and ``IgnoreFilter``), starlette
serves the two outputs (``StaticFiles`` refuses any path outside its folder),
uvicorn runs it, and sphinx-autobuild's injector middleware adds the reload
client to every HTML page.

Two things differ from ``sphinx-autobuild``, both for speed and for the decks:

* the builds run in this process, one incremental build per builder, each into
  its own output and environment: a saved deck is re-read by both builders
  without starting a Python and importing Sphinx for every save;
* the reload client is ours: it reloads with ``location.reload()``, which keeps
  ``#/h/v``, so reveal.js (``hash: true``) opens the same slide again, and it
  shows the problems of the last build in the page.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import sys
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..config import ConfError, read_settings
from .common import Runner

HELP = "live preview: build the archive and the decks, rebuild and reload on every save"

#: the decks first: their tabs reload as soon as their output is written
BUILDERS = ("revealjs", "html")
RELOAD_PATH = "/_scscall/reload"
#: editors' swap, backup and lock files: a save of theirs is not a change of the sources
EDITOR_FILES = (r"\.sw[a-p]x?$", r"~$", r"/\.#", r"/4913$", r"\.tmp$", r"/__pycache__/")
IGNORED_FOLDERS = (".git", ".hg", ".svn", ".tox", ".venv", "venv", "node_modules", "_build")

#: the reload client: reloads when a build is done, shows the last build's problems
RELOAD_CLIENT = """
<script>
(() => {
  const slides = %(slides)s;
  const shown = location.pathname.startsWith(slides) ? "revealjs" : "html";
  const socket = new WebSocket(`ws://${location.host}%(path)s`);
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.reload) {
      if (message.reload === shown) location.reload();
      return;
    }
    document.getElementById("scscall-serve-problems")?.remove();
    if (!message.problems.length) return;
    const box = document.createElement("pre");
    box.id = "scscall-serve-problems";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;z-index:2147483647;left:0;right:0;bottom:0;margin:0;"
      + "max-height:40vh;overflow:auto;padding:1em;background:#7a0010;color:#fff;"
      + "font:14px/1.4 monospace;white-space:pre-wrap;text-align:left";
    box.textContent = "scscall serve: the last build reported\\n\\n" + message.problems.join("\\n");
    document.body.append(box);
  };
})();
</script>
"""


def reload_client(slides_path: str) -> bytes:
    """The client for a server with the decks under *slides_path*."""
    client = RELOAD_CLIENT.replace("%(path)s", RELOAD_PATH)
    return client.replace("%(slides)s", json.dumps(slides_path + "/")).encode("utf-8")


#: what Sphinx says when a second application registers the extensions' directives again
ALREADY_REGISTERED = "is already registered"


def say(message: str) -> None:
    print(f"[scscall serve] {message}", flush=True)


class _Tee(io.TextIOBase):
    """Sphinx's warning stream: shown in the terminal and kept for the page."""

    def __init__(self, terminal) -> None:
        self.terminal = terminal
        self.kept = io.StringIO()
        self.dropping = False

    def write(self, text: str) -> int:
        if self.dropping and ALREADY_REGISTERED in text:
            return len(text)
        self.terminal.write(text)
        return self.kept.write(text)

    def flush(self) -> None:
        self.terminal.flush()


@dataclass
class Outputs:
    """Where ``serve`` builds to: one output and one environment per builder."""

    root: Path

    def of(self, builder: str) -> Path:
        return self.root / builder

    def doctrees(self, builder: str) -> Path:
        return self.root / ".doctrees" / builder


@contextlib.contextmanager
def keeping_static_files(builder):
    """A build of *builder* that leaves its static and extra files as the last one copied them.

    Sphinx copies every static file again in each build (the reveal.js tree and the
    theme's, and renders the templated ones): about a tenth of a one-deck rebuild. A
    save of documents leaves them as they were; downloads and images are still copied.
    """
    builder.copy_static_files = builder.copy_extra_files = lambda: None
    try:
        yield
    finally:
        del builder.copy_static_files, builder.copy_extra_files


@dataclass
class LiveBuild:
    """Incremental builds of both outputs in this process, one at a time.

    Each builder's Sphinx application lives from one build to the next: a fresh
    one would load the pickled environment and compile the theme's templates
    again, most of the time of a one-deck rebuild. A change of a Python file
    (``conf.py``, a local extension) or a failed build starts fresh ones.
    """

    srcdir: Path
    outputs: Outputs
    #: each builder's problems of its last build
    problems_of: dict[str, list[str]] = field(default_factory=dict)
    _apps: dict = field(default_factory=dict)
    _docnames: dict[str, set[str]] = field(default_factory=dict)
    _initial_assets: dict[int, tuple[list, list]] = field(default_factory=dict)
    _docutils: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)
    _warnings: _Tee = field(default_factory=lambda: _Tee(sys.stderr))
    _lock: threading.Lock = field(default_factory=threading.Lock)
    #: the files the watcher saw change, for the builds now running
    _changed: tuple[Path, ...] = ()

    @property
    def problems(self) -> list[str]:
        return [problem for builder in BUILDERS for problem in self.problems_of.get(builder, [])]

    def __call__(
        self, changed_paths: Sequence[Path] = (), built: Callable[[str], None] = lambda _: None
    ) -> list[str]:
        """Build both outputs, calling *built* with each builder's name when its output is
        written; return the problems reported."""
        with self._lock:
            started = time.perf_counter()
            if any(path.suffix == ".py" for path in changed_paths):
                self.close()
            self._changed = tuple(changed_paths)
            took = {}
            for builder in BUILDERS:
                self.problems_of[builder] = self._build(builder)
                took[builder] = time.perf_counter() - started - sum(took.values())
                built(builder)
            each = ", ".join(f"{builder} {seconds:.2f} s" for builder, seconds in took.items())
            summary = f"built in {sum(took.values()):.2f} s ({each})"
            changed = ", ".join(sorted({path.name for path in changed_paths})[:5])
            say(f"{summary}: {changed}" if changed else summary)
            if self.problems:
                say(f"{len(self.problems)} problem(s); still serving, fix them and save again")
            return self.problems

    def close(self) -> None:
        """Forget the applications (and the directives they registered with docutils)."""
        self._apps.clear()
        self._initial_assets.clear()
        self._docutils.close()

    def _build(self, builder: str) -> list[str]:
        from sphinx.environment import CONFIG_OK
        from sphinx.util import logging as sphinx_logging

        self._warnings.kept = io.StringIO()
        try:
            running = self._apps.get(builder)
            app = running or self._start(builder)
            self._forget_page_assets(app)
            # the loggers are global: point them at the application that builds now
            sphinx_logging.setup(app, io.StringIO(), self._warnings)
            only_documents = running is not None and self._only_documents_changed(app)
            with keeping_static_files(app.builder) if only_documents else contextlib.nullcontext():
                app.build()
            # the configuration read at start-up is the environment's from now on; without
            # this every later build would see a new configuration and re-read everything
            app.env.config_status = CONFIG_OK
            self._drop_removed_pages(builder, app)
        except Exception as err:  # the server must keep running whatever a build does
            traceback.print_exc()
            self.close()
            return [f"{builder} build failed: {type(err).__name__}: {err}"]
        return [line for line in self._warnings.kept.getvalue().splitlines() if line.strip()]

    def _only_documents_changed(self, app) -> bool:
        """Whether every path of this build's save is one of the project's documents (not a
        static file, a template or an image)."""
        env = app.env
        return bool(self._changed) and all(
            env.path2doc(str(path)) in env.found_docs for path in self._changed
        )

    def _start(self, builder: str):
        from sphinx.application import Sphinx
        from sphinx.util.docutils import docutils_namespace, patch_docutils

        if not self._apps:
            # the extensions' directives and roles go into docutils' global registry
            # and must stay there for as long as their applications build
            self._docutils.enter_context(patch_docutils(self.srcdir))
            self._docutils.enter_context(docutils_namespace())
        # the second application finds the first one's directives: the same ones, not a conflict
        self._warnings.dropping = bool(self._apps)
        try:
            self._apps[builder] = Sphinx(
                str(self.srcdir),
                str(self.srcdir),
                str(self.outputs.of(builder)),
                str(self.outputs.doctrees(builder)),
                builder,
                status=None,
                warning=self._warnings,
                freshenv=False,
            )
        finally:
            self._warnings.dropping = False
        self._apps[builder].connect("env-get-outdated", self._changed_documents)
        return self._apps[builder]

    def _changed_documents(self, app, env, added, changed, removed) -> list[str]:
        """The documents the watcher saw change, whatever their mtime says.

        Sphinx re-reads a document whose mtime is newer than its last reading; the
        file system stamps mtimes with a coarser clock than the one Sphinx reads, so a
        save landing just after a reading can look older than it and be missed.
        """
        docnames = (env.path2doc(str(path)) for path in self._changed)
        return sorted(
            docname for docname in docnames if docname in env.found_docs and docname not in added
        )

    def _forget_page_assets(self, app) -> None:
        """Undo what ``app.add_css_file`` in one page's ``html-page-context`` left behind.

        Sphinx keeps such a file in the application's registry, and the builder keeps
        the last page's, so the next build of a long-lived application would add them
        to every page. The builder's lists are made again as its start-up makes them.
        """
        registry = app.registry
        initial = self._initial_assets.setdefault(
            id(app), (list(registry.css_files), list(registry.js_files))
        )
        registry.css_files[:], registry.js_files[:] = (list(files) for files in initial)
        app.builder.init_css_files()
        app.builder.init_js_files()

    def _drop_removed_pages(self, builder: str, app) -> None:
        """A deleted or renamed source must not live on as its old page."""
        current = set(app.env.all_docs)
        for docname in self._docnames.get(builder, set()) - current:
            Path(app.builder.get_outfilename(docname)).unlink(missing_ok=True)
        self._docnames[builder] = current


def slides_mount(slides_url: str) -> str:
    """The path the decks are served under: ``scscall_slides_url`` when it is a relative path."""
    parts = urlsplit(slides_url)
    path = parts.path.strip("/")
    if parts.scheme or parts.netloc or not path or ".." in path.split("/"):
        say(
            f"scscall_slides_url {slides_url!r} is not a folder below the archive; decks at /slides/"
        )
        return "/slides"
    return "/" + path


def watcher_class():
    """sphinx-autobuild's watcher, building in a thread of this process and telling every tab."""
    from sphinx_autobuild.server import RebuildServer

    class LiveWatcher(RebuildServer):
        def __init__(self, paths, ignore_filter, live_build: LiveBuild) -> None:
            super().__init__(paths, ignore_filter, change_callback=live_build)
            self.live_build = live_build
            self.generation = dict.fromkeys(BUILDERS, 0)
            self.rebuilt = asyncio.Condition()

        async def watch(self) -> None:
            import watchfiles

            loop = asyncio.get_running_loop()

            def built(builder: str) -> None:
                asyncio.run_coroutine_threadsafe(self.announce(builder), loop)

            async for changes in watchfiles.awatch(
                *self.paths, watch_filter=lambda _, path: not self.ignore(path)
            ):
                changed = [Path(path) for _, path in changes]
                await in_daemon_thread(lambda changed=changed: self.live_build(changed, built))

        async def announce(self, builder: str) -> None:
            async with self.rebuilt:
                self.generation[builder] += 1
                self.rebuilt.notify_all()

        async def watch_reloads(self, ws) -> None:
            """Tell the tab each output that was built again (it reloads if it shows that one)."""
            await ws.send_text(json.dumps({"problems": self.live_build.problems}))
            seen = dict(self.generation)
            while True:
                async with self.rebuilt:
                    await self.rebuilt.wait_for(lambda seen=seen: self.generation != seen)
                    fresh = [b for b in BUILDERS if self.generation[b] != seen[b]]
                    seen = dict(self.generation)
                for builder in fresh:
                    await ws.send_text(json.dumps({"reload": builder}))

    return LiveWatcher


def in_daemon_thread(work: Callable[[], object]) -> asyncio.Future:
    """Run *work* in a daemon thread: Ctrl-C in the middle of a build does not wait for it."""
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    def settle(set_outcome: Callable[[object], None], value: object) -> None:
        if not future.done():  # the awaiting task may have been cancelled by Ctrl-C
            set_outcome(value)

    def run() -> None:
        try:
            outcome = (future.set_result, work())
        except BaseException as err:  # handed to the awaiting task
            outcome = (future.set_exception, err)
        if not loop.is_closed():
            loop.call_soon_threadsafe(settle, *outcome)

    threading.Thread(target=run, name="scscall-build", daemon=True).start()
    return future


def create_app(srcdir: Path, outputs: Outputs, live_build: LiveBuild, slides_url: str):
    """The starlette application: decks under *slides_url*, the archive at ``/``."""
    from sphinx_autobuild.filter import IgnoreFilter
    from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.routing import Mount, WebSocketRoute
    from starlette.staticfiles import StaticFiles

    slides_path = slides_mount(slides_url)

    class ReloadClientInjector(JavascriptInjectorMiddleware):
        def __init__(self, app) -> None:
            super().__init__(app, ws_url="")
            self.script = reload_client(slides_path)

    ignored = IgnoreFilter(
        [outputs.root, *(srcdir / name for name in IGNORED_FOLDERS)], EDITOR_FILES
    )
    watcher = watcher_class()([srcdir], ignored, live_build)
    for builder in BUILDERS:
        outputs.of(builder).mkdir(parents=True, exist_ok=True)
    return Starlette(
        routes=[
            WebSocketRoute(RELOAD_PATH, watcher),
            Mount(
                slides_path,
                app=StaticFiles(directory=outputs.of("revealjs"), html=True),
            ),
            Mount("/", app=StaticFiles(directory=outputs.of("html"), html=True)),
        ],
        middleware=[Middleware(ReloadClientInjector)],
        lifespan=watcher.lifespan,
    )


def configure(parser: argparse.ArgumentParser) -> Runner:
    parser.add_argument(
        "srcdir", nargs="?", default="docs", type=Path, help="the Sphinx source folder (docs)"
    )
    parser.add_argument("--port", type=int, default=8000, help="the port to serve on (8000)")
    parser.add_argument(
        "--host", default="127.0.0.1", help="the address to bind (127.0.0.1: this machine only)"
    )
    parser.add_argument(
        "--out", type=Path, help="the folder to build into (default: SRCDIR/_build/serve)"
    )
    return run_serve


def _slides_url(srcdir: Path) -> str:
    try:
        return read_settings(srcdir / "conf.py").slides_url
    except ConfError:  # the initial build has reported it; the default until it is fixed
        return "slides/"


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    srcdir = args.srcdir.resolve()
    if not (srcdir / "conf.py").is_file():
        print(
            f"error: {args.srcdir} has no conf.py: give the Sphinx source folder", file=sys.stderr
        )
        return 2
    outputs = Outputs((args.out or srcdir / "_build" / "serve").resolve())
    live_build = LiveBuild(srcdir, outputs)
    say(f"building {srcdir} into {outputs.root}")
    try:
        live_build()
        app = create_app(srcdir, outputs, live_build, _slides_url(srcdir))
        say(f"serving on http://{args.host}:{args.port}/ (Ctrl-C stops)")
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    except KeyboardInterrupt:
        pass
    say("stopped")
    return 0
