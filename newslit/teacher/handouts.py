"""Printable handouts: every student notebook as one self-contained HTML page, for paper.

    python -m newslit handouts [--out DIR]        # default: build/handouts/ at the module's root

For each student notebook (00 … 06) this writes ``NN-….html``: the notebook's Markdown prose, the
tables, passages and charts from its **stored outputs** (charts embedded as data URIs, with alt
text), and every question drawn from the catalogue with space to write (ruled lines for text,
boxes for choices, a 0–100 line for scales, a grid for sorting). No code, no answer key, no
feedback, no model answer: a question is drawn from its prompt, options, items and fields only, and
the notebooks' "The key" sections are left out. Beside them: ``article.html`` (the article with its
passage ids in the margin), ``source-packet.html`` when ``lessons/source-packet.md`` exists, one sheet per
post of the before-and-after task (``task-post-<post>.html``: the post and its pages, not what a check finds),
and ``index.html``. Every file passes the deny-list (``newslit.source.privacy``) before anything is written;
the folder is built in a temporary folder and then moved into place.

The pages come from templates (``newslit/templates/handout*.html.j2``): ``handout_page.html.j2`` is the
page shell with the print styles, the others extend it, and ``handout_parts.html.j2`` turns a notebook's
cells into the handout's body. The template engine escapes every string; what is already HTML (a
question drawn by ``question_html``, Markdown rendered by mistune, a stored output) arrives as ``Markup``.
"""
from __future__ import annotations

import ast
import base64
import html
import json
import os
import re
import shutil
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from newslit import questions
from newslit.answers.store import module_root
from newslit.notebook.reading import _KIND_NOTE, _spoken
from newslit.questions.entries import Question, for_notebook, get, notebook_key
from newslit.questions.kinds import get_kind
from newslit.questions.kinds.task import post_and_pages_html
from newslit.source import privacy, tasks
from newslit.source.article import load_article
from newslit.templates import Markup, macros, render

DEFAULT_OUT = Path("build") / "handouts"
MARKER = "index.html"  # a folder holding this (or nothing) may be replaced by a new build
SOURCE_PACKET = Path("lessons") / "source-packet.md"
RUBRIC = Path("lessons") / "rubric.md"  # students may see it: notebook 06's self-assessment uses its levels
SITE = "Reading the news critically"
# What a cell answers is data, not a heading: a cell whose metadata says ``newslit.answers.store`` (the ids
# of the questions it answers) is left out of handouts, so renaming a heading can never print a key.
PARTS = "handout_parts.html.j2"  # in newslit/templates/, with the pages
KEY_NOTE = macros(PARTS).key_note()  # what stands in for them (the ``key_note`` macro)


def answers_in(cell: dict) -> list[str]:
    """The question ids a notebook cell answers (its ``metadata.newslit.answers.store``; empty for most cells)."""
    return list(((cell.get("metadata") or {}).get("newslit") or {}).get("answers") or [])
DATA_URI = re.compile(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+")


def esc(text) -> str:
    return html.escape(str(text), quote=True)


# ---------------------------------------------------------------- questions on paper

def _lines(count: int) -> str:
    return "<div class='line'></div>" * count


def question_html(q: Question) -> str:
    """One question on paper, drawn from the catalogue's prompt, options, items and fields only; the answer
    space is the kind's (``Kind.handout_html`` in ``newslit/questions/kinds/``)."""
    about = f"<p class='about'>About passage {esc(q.passage)}</p>" if q.passage else ""
    private = " <em>(private: only you and your teacher see this)</em>" if q.private else ""
    return (f"<section class='question' data-question-id='{esc(q.id)}' data-kind='{esc(q.kind)}'>"
            f"<h4>{esc(q.label)}{private} <span class='qid'>{esc(q.id)}</span></h4>{about}"
            f"<p class='prompt'>{esc(q.prompt)}</p>{get_kind(q.kind).handout_html(q)}</section>")


# ---------------------------------------------------------------- notebook cells

@lru_cache(maxsize=1)
def _markdown():
    import mistune

    return mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])


def markdown(text: str) -> str:
    """Markdown to HTML; HTML comments are dropped, any other raw HTML is escaped, not passed through."""
    return _markdown()(re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL))


def call_of(source: str) -> tuple[str, list] | None:
    """``nl.name("a", "b")`` -> ("name", ["a", "b"]); None for anything else (imports, assignments)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    body = [node for node in tree.body if not isinstance(node, ast.Import)]  # `import newslit as nl; nl.…`
    if len(body) != 1 or not isinstance(body[0], ast.Expr):
        return None
    call = body[0].value
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
        return None
    return call.func.attr, [a.value for a in call.args if isinstance(a, ast.Constant)]


# Cells that only make sense live (buttons, a name box, a chart of one's own answers): their paper form is
# the ``panel`` macro of handout_parts.html.j2.
PANELS = ("name_entry", "saving_as", "hand_in", "trust_compare", "your_answer")  # saving_as has no paper form


def _joined(value) -> str:
    """A notebook string field, stored either as one string or as a list of lines."""
    return value if isinstance(value, str) else "".join(value)


def output_parts(outputs: list) -> list[dict]:
    """A code cell's stored outputs, for the ``outputs`` macro: charts (checked base64) with their alt
    text, HTML as it was stored (never a script), else plain text."""
    parts = []
    for output in outputs:
        data = output.get("data", {})
        if "image/png" in data:
            alt = _joined(data.get("text/plain", "A chart.")).removeprefix("[chart]").strip()
            png = "".join(_joined(data["image/png"]).split())
            base64.b64decode(png, validate=True)
            parts.append({"kind": "image", "png": png, "alt": alt})
        elif "text/html" in data:
            stored = _joined(data["text/html"])
            if re.search(r"<\s*script", stored, re.IGNORECASE):
                raise ValueError("a stored output holds a <script>; handouts never carry scripts")
            parts.append({"kind": "html", "html": Markup(stored)})  # written by the module's own notebooks
        elif "text/plain" in data:
            parts.append({"kind": "text", "text": _joined(data["text/plain"])})
    return parts


def outputs_html(outputs: list) -> Markup:
    """A code cell's stored outputs as HTML: charts as embedded images with alt text, HTML as it was stored."""
    return macros(PARTS).outputs(output_parts(outputs))


def _heading(source: str) -> tuple[int, str] | None:
    match = re.match(r"\s*(#{1,6})\s+(.+)", source)
    return (len(match.group(1)), match.group(2).strip()) if match else None


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def notebook_body(nb: dict, notebook: str) -> tuple[str, Markup, list[str]]:
    """(title, body HTML, question ids in order) of one notebook, without code or the cells that answer
    its questions (``answers_in``). Each cell becomes a block for the ``notebook_body`` macro."""
    title, blocks, asked, in_key = f"Notebook {notebook}", [], [], False
    for cell in nb["cells"]:
        kind, source = cell["cell_type"], _source(cell)
        heading = _heading(source) if kind == "markdown" else None
        if answers_in(cell):
            if not in_key:
                blocks.append({"kind": "key"})
            in_key = True
            continue
        in_key = False
        if kind == "markdown":
            if heading and heading[0] == 1 and title.startswith("Notebook"):
                title = heading[1]
            blocks.append({"kind": "html", "html": Markup(markdown(source))})  # mistune escapes raw HTML
        elif kind == "code":
            blocks.append(_code_cell(source, cell.get("outputs", []), asked))
    missing = [q for q in for_notebook(notebook) if q.id not in asked]
    # never happens while the notebooks ask every catalogue question; a safety net
    asked += [q.id for q in missing]
    body = macros(PARTS).notebook_body(blocks, [Markup(question_html(q)) for q in missing])
    return title, body, asked


def _code_cell(source: str, outputs: list, asked: list[str]) -> dict:
    call = call_of(source)
    if call and call[0] == "ask" and call[1]:
        asked.append(call[1][0])
        return {"kind": "html", "html": Markup(question_html(get(call[1][0])))}  # escaped by question_html
    if call and call[0] in PANELS:
        return {"kind": "panel", "name": call[0]}
    return {"kind": "outputs", "parts": output_parts(outputs)}


# ---------------------------------------------------------------- pages

def page(title: str, body) -> str:
    """A handout page around ``body`` (escaped unless it is ``Markup``)."""
    return render("handout_page.html.j2", title=title, body=body)


def handout_page(path: Path) -> tuple[str, str, list[str]]:
    """(title, full HTML, question ids) of one student notebook's handout."""
    nb = json.loads(path.read_text(encoding="utf-8"))  # plain JSON: importing nbformat costs seconds
    notebook = notebook_key(path)
    title, body, asked = notebook_body(nb, notebook)
    return title, render("handout.html.j2", title=title, site=SITE, notebook=notebook, body=body), asked


def article_page() -> str:
    """The whole article, one passage a row, with its id and seed lines in the margin."""
    rows = [{"id": p.id, "lines": f"line {p.line}" if p.line == p.last_line else f"lines {p.line}–{p.last_line}",
             "note": _KIND_NOTE.get(p.kind, ""), "heading": p.kind in ("headline", "heading"), "text": _spoken(p)}
            for p in load_article().passages]
    return render("handout_article.html.j2", title="The article, with passage ids", site=SITE, rows=rows)


def markdown_page(path: Path, title: str) -> str:
    """A printable page from one of lessons/' student-safe Markdown files (raw HTML escaped)."""
    html_text = Markup(markdown(path.read_text(encoding="utf-8")))  # mistune escapes raw HTML
    return render("handout_markdown.html.j2", title=title, site=SITE, html=html_text)


def source_packet_page(path: Path) -> str:
    return markdown_page(path, "Source packet")


def task_post_page(number: int, post) -> str:
    """One post of the before-and-after task with its pages, for a student who checks it on paper (what a
    check finds is not on it: that is in lessons/before-and-after-task.md, for teachers)."""
    body = Markup(f"<p>Check this post in about eight minutes. Read only the pages you would look up, then answer "
                  f"the task's questions on your handout.</p>{post_and_pages_html(post)}")
    return page(f"Check a post: sheet {number}", body)


def index_page(entries: list[tuple[str, str, str]]) -> str:
    return render("handout_index.html.j2", title="Printable handouts", site=SITE, entries=entries)


# ---------------------------------------------------------------- building

def student_notebooks(root: Path) -> list[Path]:
    return questions.student_notebooks(root / "notebooks")


def check(name: str, text: str) -> None:
    """Refuse a file that carries a script or anything the deny-list forbids students to see."""
    if re.search(r"<\s*script", text, re.IGNORECASE):
        raise ValueError(f"{name}: holds a <script>")
    found = privacy.problems(DATA_URI.sub("", text), "students")
    if found:
        raise ValueError(f"{name}: the deny-list forbids: {'; '.join(found)}")


def render_all(root: Path) -> dict[str, str]:
    """File name -> HTML for every handout, the article, the source packet (if any) and the index."""
    files, entries = {}, []
    for path in student_notebooks(root):
        title, text, asked = handout_page(path)
        name = path.with_suffix(".html").name
        files[name] = text
        entries.append((name, title, f"{len(asked)} questions"))
    files["article.html"] = article_page()
    entries.append(("article.html", "The article, with its passage ids", "every passage, id in the margin"))
    packet = root / SOURCE_PACKET
    if packet.exists():
        files["source-packet.html"] = source_packet_page(packet)
        entries.append(("source-packet.html", "Source packet", "for rooms without open internet"))
    for number, post in enumerate(tasks.posts(), 1):
        name = f"task-post-{post.id}.html"
        files[name] = task_post_page(number, post)
        entries.append((name, f"Check a post: sheet {number}", "the before-and-after task in 01 and 07a, on paper: "
                        "half the class gets each sheet in 01, and the other sheet in 07a"))
    rubric = root / RUBRIC
    if rubric.exists():
        files["rubric.html"] = markdown_page(rubric, "Rubric")
        entries.append(("rubric.html", "Rubric", "the four levels notebook 06's self-assessment uses"))
    files["index.html"] = index_page(entries)
    for name, text in files.items():
        check(name, text)
    return files


def build_folder(out: Path, marker: str, fill):
    """Fill a fresh folder beside ``out`` with ``fill(folder)``, then move it into place (see
    ``install_folder``); returns what ``fill`` returned. Nothing half-written is ever left at ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    os.chmod(scratch, 0o755)  # mkdtemp makes it private; a build folder is for sharing
    try:
        result = fill(scratch)
        install_folder(scratch, out, marker)
    finally:
        if scratch.exists():
            shutil.rmtree(scratch)
    return result


def install_folder(built: Path, out: Path, marker: str) -> None:
    """Move a finished folder into ``out``, replacing an earlier build (one that holds ``marker``)."""
    if out.exists():
        if not out.is_dir() or (any(out.iterdir()) and not (out / marker).exists()):
            raise FileExistsError(f"{out} exists and is not an earlier build (no {marker}); not replacing it.")
        old = out.with_name(f".{out.name}.old-{time.time_ns()}")
        out.rename(old)
        built.rename(out)
        shutil.rmtree(old)
    else:
        built.rename(out)


def build(out: Path, root: Path | None = None) -> list[Path]:
    """Write every handout into ``out`` (built beside it first, then moved into place)."""
    root = root or module_root()
    files = render_all(root)

    def fill(folder: Path) -> None:
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")

    build_folder(out, MARKER, fill)
    return [out / name for name in files]


def add_arguments(parser) -> None:
    parser.add_argument("--out", type=Path, default=None,
                        help=f"folder to write into (default: {DEFAULT_OUT}/ at the module's root)")


def run(args) -> int:
    out = (args.out or module_root() / DEFAULT_OUT).resolve()
    start = time.perf_counter()
    try:
        written = build(out)
    except (FileExistsError, ValueError) as error:
        print(f"No handouts written: {error}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - start
    print(f"Wrote {len(written)} files to {out} in {elapsed:.1f} s:")
    for path in written:
        print(f"  {path.name}")
    print(f"Open {out / 'index.html'} in a browser and print from there.")
    return 0
