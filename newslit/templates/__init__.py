"""HTML from templates: the one Jinja2 environment every page of the module is written with.

The class report (``newslit.classroom.report``), the printable handouts (``newslit.teacher.handouts``)
and the readable hand-in copy (``newslit.answers.store.render_html``) are ``*.html.j2`` files in this
folder, shipped as package data. The environment escapes every ``{{ … }}`` (autoescape), so escaping
is the engine's job, not each call site's: a value is escaped unless it is ``Markup``, which only
HTML the module made itself may be (a part rendered by another template, the Markdown renderer's
output, a notebook's stored output, a chart's marker). A name a template uses but is not given is an
error (``StrictUndefined``), never an empty string.

    from newslit.templates import render, macros
    page = render("hand_in.html.j2", student=..., ...)      # -> str
    cell = macros("report_parts.html.j2").table(columns, rows)  # a template's macros, from Python -> Markup

The filter ``nl2br`` escapes a text and turns its line breaks into ``<br>``. This module imports only
Jinja2 and MarkupSafe (no pandas: the answer store uses it).

Speed: escaping makes one ``Markup`` string per value, and ``Markup`` objects (unlike plain strings) are
watched by Python's cycle collector, which then scans the whole heap again and again while a big page
is rendered (a 30,000-student report: about a second of its time, with the class's data in memory).
They hold no cycles, so ``render`` pauses the collector (``collection_paused``; memory is still freed
as usual), and so does the class report while it builds a table. (Never around code that starts
processes: they would inherit the pause.)
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

__all__ = ["ENV", "FOLDER", "Markup", "collection_paused", "escape", "macros", "render"]

FOLDER = Path(__file__).resolve().parent


def nl2br(text) -> Markup:
    """``text`` escaped, each line break a ``<br>``."""
    return Markup("<br>").join(escape(str(text)).split("\n"))


ENV = Environment(
    loader=FileSystemLoader(FOLDER),
    # On for every template here (.html, .j2) and for templates made from strings.
    autoescape=select_autoescape(enabled_extensions=("html", "j2"), default_for_string=True, default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,  # the templates are package data: read once per process
)
ENV.filters["nl2br"] = nl2br


@contextmanager
def collection_paused():
    """Pause the cycle collector (see "Speed" above); nested uses are fine."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def render(name: str, /, **context) -> str:
    """The template ``name`` rendered with ``context``."""
    template = ENV.get_template(name)
    with collection_paused():
        return template.render(**context)


def macros(name: str, /):
    """The macros of the template ``name``, to call from Python; each returns ``Markup``."""
    return ENV.get_template(name).module
