"""Every ``scscall_*`` configuration value: registered, typed and validated in one place.

:data:`VALUES` is the one table of the extension's settings. A build registers
it (:func:`setup_config`) and checks it once when the configuration is read:
a value of the wrong type, an unusable team entry or a missing file is one
warning naming ``conf.py`` (and the line that sets the value), and the default
is used instead. The result is a :class:`Settings` record, which directives,
collectors and the command line all read through :func:`settings`; the command
line reads ``conf.py`` through Sphinx's own :class:`~sphinx.config.Config`
(:func:`read_settings`), so a path means the same in a build and in a command.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.tags import Tags

from .shared import WEB_SCHEMES, logger, url_scheme
from .teams import DEFAULT_TEAMS, TeamRegistry

DEFAULT_CALLS = ("community-calls/*", "**/community-calls/*")
SLIDE_THEMES = ("scs", "none")
SEARCH_MODES = ("reports", "sphinx")


@dataclass(frozen=True)
class Value:
    """One configuration value: its default, what a change rebuilds, and what it may be."""

    name: str
    default: Any
    rebuild: str
    kinds: tuple[type, ...]
    choices: tuple[str, ...] = ()


VALUES = (
    Value("scscall_calls", list(DEFAULT_CALLS), "env", (list, tuple)),
    Value("scscall_teams", DEFAULT_TEAMS, "env", (dict,)),
    Value("scscall_events_file", None, "env", (str, list, tuple, type(None))),
    Value("scscall_github_org", "SovereignCloudStack", "env", (str,)),
    Value("scscall_slides_url", "slides/", "html", (str,)),
    Value("scscall_archive_url", "../", "html", (str,)),
    Value("scscall_slide_theme", "scs", "html", (str,), SLIDE_THEMES),
    Value("scscall_generate_team_pages", True, "env", (bool,)),
    Value("scscall_team_pages_dir", None, "env", (str, type(None))),
    Value("scscall_search", "reports", "html", (str,), SEARCH_MODES),
    Value("scscall_schedule", None, "", (str, type(None))),
    Value("scscall_lightning_talks", None, "env", (str, type(None))),
)
#: locations of the other output, written into every page as links
LINK_VALUES = ("scscall_slides_url", "scscall_archive_url")


@dataclass(frozen=True)
class Settings:
    """The checked configuration of one build (or one command)."""

    calls: tuple[str, ...]
    teams: TeamRegistry
    #: paths relative to the source directory, without a leading slash
    events_files: tuple[str, ...]
    github_org: str
    slides_url: str
    archive_url: str
    slide_theme: str
    generate_team_pages: bool
    team_pages_dir: str | None
    search: str
    schedule: str | None
    lightning_talks: str | None
    #: the folder of ``conf.py`` and the source directory (the same in a plain project)
    confdir: Path = field(default=Path("."))
    srcdir: Path = field(default=Path("."))

    def source_path(self, relative: str) -> Path:
        """A configured file (relative to the source dir, a leading ``/`` allowed)."""
        return self.srcdir / relative.lstrip("/")

    @property
    def uses_scs_theme(self) -> bool:
        return self.slide_theme == "scs"


Warn = Callable[[str, str], None]
_settings_of: weakref.WeakKeyDictionary[Config, Settings] = weakref.WeakKeyDictionary()


def settings(config: Config) -> Settings:
    """The checked settings of *config* (checked on first use, normally at ``config-inited``)."""
    if config not in _settings_of:
        _settings_of[config] = check(config, _warner(config))
    return _settings_of[config]


def _conf_py(config: Config) -> Path:
    return Path(config._raw_config.get("__file__", "conf.py"))  # set by Sphinx when it reads it


def _warner(config: Config) -> Warn:
    conf_py = _conf_py(config)
    try:
        lines = conf_py.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []

    def warn(name: str, message: str) -> None:
        pattern = re.compile(rf"^\s*{re.escape(name)}\s*[:=]")
        line = next((n for n, text in enumerate(lines, start=1) if pattern.match(text)), None)
        location = f"{conf_py}:{line}" if line else str(conf_py)
        logger.warning(f"{name}: {message}", location=location, type="scscall", subtype="config")

    return warn


def check(config: Config, warn: Warn) -> Settings:
    """Check every value of *config*, warning about (and replacing) each unusable one."""
    values = {value.name: _checked_value(config, value, warn) for value in VALUES}
    srcdir = Path(getattr(config, "_scscall_srcdir", None) or _conf_py(config).parent)
    teams = TeamRegistry(valid_teams(values["scscall_teams"], warn))
    events_files = _events_files(values["scscall_events_file"], srcdir, warn)
    for name in ("scscall_schedule", "scscall_lightning_talks"):
        if values[name] and not (srcdir / values[name].lstrip("/")).is_file():
            warn(name, f"no file {values[name]!r} in the source directory")
    return Settings(
        calls=tuple(values["scscall_calls"]),
        teams=teams,
        events_files=events_files,
        github_org=values["scscall_github_org"],
        slides_url=values["scscall_slides_url"],
        archive_url=values["scscall_archive_url"],
        slide_theme=values["scscall_slide_theme"],
        generate_team_pages=values["scscall_generate_team_pages"],
        team_pages_dir=(values["scscall_team_pages_dir"] or "").strip("/") or None,
        search=values["scscall_search"],
        schedule=values["scscall_schedule"],
        lightning_talks=values["scscall_lightning_talks"],
        confdir=_conf_py(config).parent,
        srcdir=srcdir,
    )


def _checked_value(config: Config, value: Value, warn: Warn) -> Any:
    current = getattr(config, value.name)
    problem = None
    if not isinstance(current, value.kinds):
        kinds = " or ".join("None" if kind is type(None) else kind.__name__ for kind in value.kinds)
        problem = f"must be {kinds}, got {type(current).__name__}"
    elif value.choices and current not in value.choices:
        problem = f"must be one of {', '.join(map(repr, value.choices))}, got {current!r}"
    elif isinstance(current, list | tuple) and not all(isinstance(item, str) for item in current):
        problem = "must be a list of strings"
    elif value.name in LINK_VALUES and url_scheme(current) not in ("", *WEB_SCHEMES):
        # these end up as links on every page and deck
        problem = f"must be a relative path or an http(s) URL, got {current!r}"
    if problem is None:
        return current
    warn(value.name, f"{problem}; using {value.default!r}")
    # Sphinx checks the types after us: it then sees a usable value and says nothing more
    setattr(config, value.name, value.default)
    return value.default


def _events_files(raw, srcdir: Path, warn: Warn) -> tuple[str, ...]:
    files = [raw] if isinstance(raw, str) else list(raw or ())
    usable = []
    for name in files:
        relative = name.strip().lstrip("/")
        if not (srcdir / relative).is_file():
            warn("scscall_events_file", f"no file {name!r} in the source directory")
            continue
        usable.append(relative)
    return tuple(usable)


TEAM_FIELDS = frozenset({"name", "mission", "minutes", "aliases"})


def valid_teams(teams: dict, warn: Warn) -> dict[str, dict]:
    """``scscall_teams`` without the entries that can't be used (each one a warning)."""
    valid = {}
    for key, spec in teams.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("name", key), str):
            warn("scscall_teams", f"[{key!r}] must be a dict with a 'name' string; ignored")
            continue
        unknown = sorted(set(spec) - TEAM_FIELDS, key=str)
        if unknown:
            known = ", ".join(sorted(TEAM_FIELDS))
            warn(
                "scscall_teams",
                f"[{key!r}]: unknown key(s) {', '.join(map(repr, unknown))} (known: {known})",
            )
        aliases = spec.get("aliases", [])
        if not isinstance(aliases, list | tuple) or not all(isinstance(a, str) for a in aliases):
            warn("scscall_teams", f"[{key!r}]['aliases'] must be a list of strings")
            spec = {**spec, "aliases": []}
        valid[str(key)] = spec
    return valid


def _check_at_config_inited(app: Sphinx, config: Config) -> None:
    config._scscall_srcdir = str(app.srcdir)
    _settings_of.pop(config, None)
    settings(config)


def setup_config(app: Sphinx) -> None:
    for value in VALUES:
        # the types are ours to check (once, with the file and line of conf.py)
        app.add_config_value(value.name, value.default, value.rebuild, types=Any)
    # before Sphinx's own type check (priority 800), which then finds usable values
    app.connect("config-inited", _check_at_config_inited, priority=400)


class ConfError(Exception):
    """A ``conf.py`` the command line cannot read."""


def read_settings(conf: str | Path | None, warn: Warn | None = None) -> Settings:
    """The settings of a Sphinx project for a command (``conf.py``, or its folder).

    Without *conf*, the defaults. Problems with single values are passed to *warn*
    (default: ignored, the value's default is used), as a build would.
    """
    warn = warn or (lambda name, message: None)
    if conf is None:
        config = Config({}, {})
    else:
        path = Path(conf)
        confdir = path if path.is_dir() else path.parent
        if not (confdir / "conf.py").is_file():
            raise ConfError(f"no Sphinx configuration at {confdir / 'conf.py'}")
        try:
            config = Config.read(confdir.resolve(), overrides={}, tags=Tags())
        except Exception as err:
            raise ConfError(f"cannot read {confdir / 'conf.py'}: {err}") from None
    for value in VALUES:
        config.add(value.name, value.default, value.rebuild, types=Any)
    return check(config, warn)
