"""newslit.templates: every page comes from a template, and escaping is the engine's job.

Each template is rendered straight from the environment with a hostile string in every field it shows,
even the fields the module fills with HTML it made itself (a table, a chart's marker, a drawn question):
given as a plain string, each must come out escaped and whole, never as markup, never evaluated as a
template. A name a template needs but is not given is an error (StrictUndefined), never an empty string.
"""
from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from html.parser import HTMLParser
from itertools import count
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
from markupsafe import Markup, escape

from newslit import templates
from newslit.answers import store
from newslit.templates import ENV, macros, render

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("report.html.j2", "handout_page.html.j2", "handout.html.j2", "handout_article.html.j2",
         "handout_markdown.html.j2", "handout_index.html.j2", "hand_in.html.j2", "scoring.html.j2")
MACRO_FILES = ("report_parts.html.j2", "handout_parts.html.j2")
PARTS = ("search_results.html.j2",  # a display of the notebooks, rendered by newslit.notebook.search
         "report_live_head.html.j2")  # the live class view's page head, included by report.html.j2
ACTIVE_TAGS = {"script", "iframe", "svg", "object", "embed", "math", "base", "link", "form", "frame"}


class Hostile:
    """Issues a new hostile string per field: markup, an attribute break-out, template syntax, an entity."""

    def __init__(self):
        self.numbers, self.issued = count(1), []

    def __call__(self) -> str:
        n = next(self.numbers)
        text = f"<script>alert({n})</script>\"><img src=x onerror=alert({n})>'{{{{7*7}}}}&amp;F{n}#"
        self.issued.append(text)
        return text


class Parsed(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes, self.text = [], [], []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.text.append(data)


def assert_only_escaped(page: str, hostile: Hostile, *, lowered: bool = False, allowed=frozenset()) -> None:
    """Every issued string is in the page escaped and, read back, whole; none is markup or a handler.
    ``allowed``: active tags the template itself writes (the live class view's one script and its form)."""
    assert hostile.issued
    parsed = Parsed(page)
    assert not (ACTIVE_TAGS - allowed) & set(parsed.tags), sorted((ACTIVE_TAGS - allowed) & set(parsed.tags))
    assert [tag for tag in parsed.tags if tag in allowed] == sorted(allowed, key=parsed.tags.index)
    assert not [a for a in parsed.attributes if a[1].startswith("on")]
    assert page.lower().count("<script") == ("script" in allowed)
    readable = "".join(parsed.text) + "\n".join(value for _, _, value in parsed.attributes)
    for text in hostile.issued:
        assert text not in page, text                               # never as it was given
        assert str(escape(text)) in page, text                      # the engine's escaping
        assert text in readable, text                               # read back whole ({{7*7}} not evaluated)


# ---------------------------------------------------------------- the environment

def test_one_environment_with_autoescape_and_strict_undefined():
    assert ENV.undefined is jinja2.StrictUndefined
    assert all(ENV.autoescape(name) for name in ENV.list_templates(extensions=["j2"]))  # on for .html, .j2
    assert ENV.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    assert ENV.from_string("{{ x }}").render(x=Markup("<b>")) == "<b>"  # only Markup passes as HTML
    assert str(templates.nl2br("<b>\nx")) == "&lt;b&gt;<br>x"


def test_every_template_compiles_and_is_shipped():
    names = sorted(ENV.list_templates(extensions=["j2"]))
    assert sorted(PAGES + MACRO_FILES + PARTS) == names
    for name in names:
        ENV.get_template(name)
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "newslit.templates" in config["tool"]["setuptools"]["packages"]
    shipped = config["tool"]["setuptools"]["package-data"]["newslit.templates"]
    assert all(any(Path(name).match(pattern) for pattern in shipped) for name in names)


LIVE_HEAD = "report_live_head.html.j2"  # the teachers' live class view loads its one script from the service


def test_no_template_holds_a_script_or_an_html_comment():
    for path in templates.FOLDER.glob("*.j2"):
        text = path.read_text(encoding="utf-8")
        if path.name == LIVE_HEAD:
            assert re.findall(r"<\s*script[^>]*>", text, re.I) == ["<script src='{{ live.script }}' defer>"]
            text = text.replace("<script src='{{ live.script }}' defer></script>", "")
        assert not re.search(r"<\s*script|<!--|javascript:", text, re.I), path.name


@pytest.mark.parametrize("name", PAGES)
def test_a_page_rendered_without_its_variables_raises(name):
    with pytest.raises(jinja2.UndefinedError):
        render(name)


def test_a_part_missing_a_field_raises():
    with pytest.raises(jinja2.UndefinedError):
        macros("report_parts.html.j2").totals({"students": 3})
    with pytest.raises(jinja2.UndefinedError):
        render("hand_in.html.j2", student="Anna", exported="now")  # no groups


def test_the_templates_module_is_light():
    """The answer store uses it: it imports no pandas and no other part of newslit."""
    code = ("import sys, newslit.templates; print(sorted(m for m in sys.modules if m.startswith('newslit')), "
            "'pandas' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["['newslit',", "'newslit.templates']", "False"], done.stdout


def test_the_page_builders_leave_escaping_to_the_engine():
    """No hand-made escaping and no HTML in the code of the report, the store or the handouts' pages."""
    for relative in ("newslit/classroom/report.py", "newslit/answers/store.py"):
        source = (ROOT / relative).read_text(encoding="utf-8")
        assert "html.escape" not in source and "import html" not in source, relative
        tag = re.search(r"""["']<(?:section|table|tr|td|p|div|ul|li|h\d|article|figure|html)\b""", source)
        assert tag is None, relative


# ---------------------------------------------------------------- hostile strings in every field

def _question(hostile: Hostile, private: bool) -> SimpleNamespace:
    return SimpleNamespace(id=hostile(), label=hostile(), prompt=hostile(), notebook=hostile(), kind=hostile(),
                           private=private)


@pytest.mark.parametrize("live", [False, True], ids=["file", "live class view"])
def test_the_report_page_escapes_every_field(live):
    h = Hostile()
    if live:
        classes, notebooks = [h(), h()], [(h(), h())]
        live = {"version": h(), "xsrf": h(), "script": h(), "classes": classes, "chosen": (classes[1], notebooks[0][0]),
                "notebooks": notebooks, "count": 2}
    else:
        live = None
    written = {"groups": [(h(), [(h(), h(), h()), (h(), h(), None)])], "count": 2, "capped": False,
               "max_texts": h(), "private": False}
    cards = [{"q": _question(h, private), "facts": h(), "chart": h(), "table": h(), "heading": h(),
              "article": SimpleNamespace(title=h(), students=h()),
              "written": dict(written, private=private, capped=private)} for private in (False, True)]
    page = render("report.html.j2",
                  header={"classes": [h(), h()], "sample": True},
                  totals={"students": h(), "questions": h(), "files_read": h(), "skipped": h(),
                          "saved_range": [h(), h()], "chart": h(), "table": h()},
                  starters={"chart": h(), "table": h()},
                  measures=[{"title": h(), "message": h(), "detail": h(), "table": h(), "chart": h()}],
                  questions=cards,
                  students={"names": False, "table": h(), "flagged": h(), "low": h()},
                  skipped={"files": [(h(), h()), (h(), h())], "names": False, "ignored": h(), "notes": [h()]},
                  live=live)
    assert_only_escaped(page, h, allowed=frozenset({"script", "form"} if live else ()))
    assert len(re.findall("<style>", page)) == 1 and "<section id='skipped' class='teacher-only'>" in page


def test_the_report_parts_called_from_python_escape_every_field():
    h = Hostile()
    parts = macros("report_parts.html.j2")
    page = parts.table([h(), h()], [[(h(), True), (h(), False)], [(h(), False), (h(), True)]])
    page += parts.figure(h(), h(), h(), h())
    assert_only_escaped(page, h)
    assert page.count("<bdi>") == 2


def test_the_empty_report_parts_escape_every_field():
    h = Hostile()
    parts = macros("report_parts.html.j2")
    page = parts.starters({"chart": "", "table": ""}) + parts.skipped(
        {"files": [], "names": True, "ignored": 0, "notes": [h()]}) + parts.header({"classes": [h()], "sample": False})
    assert_only_escaped(page, h)
    assert "No question has two or more answers yet." in page and "None: every answer file was read." in page


def test_the_handout_pages_escape_every_field():
    h = Hostile()
    pages = [
        render("handout_page.html.j2", title=h(), body=h()),
        render("handout.html.j2", title=h(), site=h(), notebook=h(), body=h()),
        render("handout_article.html.j2", title=h(), site=h(),
               rows=[{"id": h(), "lines": h(), "note": h(), "heading": True, "text": h() + "\n" + h()},
                     {"id": h(), "lines": h(), "note": "", "heading": False, "text": h()}]),
        render("handout_index.html.j2", title=h(), site=h(), entries=[(h(), h(), h()), (h(), h(), h())]),
    ]
    for page in pages:
        assert page.startswith("<!DOCTYPE html>")
    assert_only_escaped("".join(pages), h)


def test_the_markdown_page_escapes_its_title_even_lowered():
    h = Hostile()
    page = render("handout_markdown.html.j2", title=h(), site=h(), html=h())
    assert_only_escaped(page, h)
    assert str(escape(h.issued[0].lower())) in page


def test_the_handout_body_escapes_every_field():
    h = Hostile()
    blocks = [{"kind": "key"}, {"kind": "html", "html": h()}, {"kind": "panel", "name": "trust_compare"},
              {"kind": "panel", "name": "name_entry"},
              {"kind": "outputs", "parts": [{"kind": "image", "png": h(), "alt": h()}, {"kind": "html", "html": h()},
                                            {"kind": "text", "text": h()}]}]
    body = macros("handout_parts.html.j2").notebook_body(blocks, [h(), h()])
    assert_only_escaped(body, h)
    assert "More questions" in body and "What the fact-check found" in body and "Write your name" in body


def test_the_hand_in_copy_escapes_every_field():
    h = Hostile()
    document = {"student": h(), "exported": h(),
                "answers": {"q1": {"value": h(), "saved": h()},
                            "q2": {"value": {h(): h(), "list": [h(), {h(): [h()]}, 3, None, True]}, "saved": h()},
                            "q3": {"value": h() + "\n" + h()}}}
    page = store.render_html(document)
    assert_only_escaped(page, h)
    assert "<br>" in page and "<p>None</p>" in page and "<p>True</p>" in page


def test_markup_the_module_made_passes_through_unchanged():
    """The other side of the rule: what the module itself drew (Markup) is not escaped twice."""
    parts = macros("handout_parts.html.j2")
    drawn = Markup("<section class='question' data-question-id='x'><p class='prompt'>A &amp; B</p></section>")
    body = parts.notebook_body([{"kind": "html", "html": drawn}], [])
    assert drawn in body
    table = macros("report_parts.html.j2").table(["a"], [[("1 & 2", False)]])
    page = render("handout_page.html.j2", title="t", body=table)
    assert "<td>1 &amp; 2</td>" in page and "&lt;table" not in page


def test_rendering_pauses_the_cycle_collector_and_restores_it():
    import gc

    assert gc.isenabled()
    with templates.collection_paused():
        assert not gc.isenabled()
        with templates.collection_paused():
            pass
        assert not gc.isenabled()  # a nested pause does not end the outer one
        render("handout_page.html.j2", title="t", body="b")
        assert not gc.isenabled()
    assert gc.isenabled()
    render("handout_page.html.j2", title="t", body="b")
    assert gc.isenabled()
