"""Call decks on phones: reveal.js 5's scroll view, readable, without speaker notes.

Below ``scrollActivationWidth`` (435 px, reveal.js's own default) reveal.js 5
shows a deck as a page of slides to scroll through instead of a 16:9 strip in
the middle of a tall screen. sphinx-revealjs switches that off
(``scrollActivationWidth: None``) for every deck; call decks get it back unless
the author's ``revealjs_script_conf`` sets it. In the scroll view a call deck
is laid out on a narrower, portrait frame, so its text is read at about the
size of a phone's body text instead of a fifth of the projector's; reveal.js
keeps the speaker notes (``aside.notes``) hidden there as everywhere in the
audience's view.

Every slide page also gets a viewport that lets the reader zoom (sphinx-revealjs's
template forbids it, WCAG 2.1 SC 1.4.4).
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from .builders import is_slide_builder
from .call_deck import calls_of

#: reveal.js 5's default width below which it shows the scroll view
SCROLL_ACTIVATION_WIDTH = 435
#: the slide frame on phones (slide pixels): a 390-px screen shows it at 0.54, so the
#: theme's 36-px text reads at about 20 px
PHONE_FRAME = {"width": 720, "height": 1280}
TEMPLATES_DIR = Path(__file__).parent / "theme" / "templates"
SLIDE_PAGE_TEMPLATE = "scscall-slide-page.html"


def phone_conf_expression() -> str:
    """The page's reveal.js options: the scroll view, on a phone frame when the screen is narrow.

    The scroll view is switched on once reveal.js is ready, not in the options it
    starts with: reveal.js 5.2 lays the deck out at the window's ``load`` event, and
    when a plugin (the theme's fitting plugin waits for the fonts) is still
    starting by then, switching to the scroll view there fails before the deck
    exists. The speaker view loads the deck with ``?scrollActivationWidth=false``
    into small frames; those keep the slides as they are.
    """
    return f"""(() => {{
        if (/[?&]scrollActivationWidth=/.test(location.search)) return {{}};
        Reveal.on("ready", () => Reveal.configure({{scrollActivationWidth: {SCROLL_ACTIVATION_WIDTH}}}));
        return window.innerWidth <= {SCROLL_ACTIVATION_WIDTH} ? {json.dumps(PHONE_FRAME)} : {{}};
    }})()"""


def _note_author_choice(app: Sphinx, config: Config) -> None:
    # sphinx-revealjs fills in its None when its builder starts, after this
    app.scscall_author_scroll_width = "scrollActivationWidth" in (config.revealjs_script_conf or {})
    if str(TEMPLATES_DIR) not in config.templates_path:
        config.templates_path = [*config.templates_path, str(TEMPLATES_DIR)]


def _phone_ready_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    if not is_slide_builder(app.builder):
        return None
    page_confs = context.get("revealjs_page_confs")
    wanted = pagename in calls_of(app.env) and not app.scscall_author_scroll_width
    if page_confs is not None and wanted:
        page_confs.append(phone_conf_expression())
    return SLIDE_PAGE_TEMPLATE if templatename == "page.html" else None


def setup_phone_view(app: Sphinx) -> None:
    app.connect("config-inited", _note_author_choice)
    app.connect("html-page-context", _phone_ready_page)
