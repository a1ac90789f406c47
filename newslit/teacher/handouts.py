"""Printable handouts: every student notebook as one self-contained HTML page, for paper.

    python -m newslit handouts [--out DIR]        # default: build/handouts/ at the module's root

For each student notebook (00 … 06) this writes ``NN-….html``: the notebook's Markdown prose, the
tables, passages and charts from its **stored outputs** (charts embedded as data URIs, with alt
text), and every question drawn from the catalogue with space to write (ruled lines for text,
boxes for choices, a 0–100 line for scales, a grid for sorting). No code, no answer key, no
feedback, no model answer: a question is drawn from its prompt, options, items and fields only, and
the notebooks' "The key" sections are left out. Beside them: ``article.html`` (the article with its
passage ids in the margin), ``source-packet.html`` when ``lessons/source-packet.md`` exists, and
``index.html``. Every file passes the deny-list (``newslit.source.privacy``) before anything is written;
the folder is built in a temporary folder and then moved into place.
"""
from __future__ import annotations

import ast
import base64
import html
import json
import math
import os
import re
import shutil
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from newslit.answers.store import module_root
from newslit.notebook.reading import _KIND_NOTE, _spoken
from newslit.questions.entries import Question, for_notebook, get
from newslit.source import privacy
from newslit.source.article import load_article

DEFAULT_OUT = Path("build") / "handouts"
MARKER = "index.html"  # a folder holding this (or nothing) may be replaced by a new build
SOURCE_PACKET = Path("lessons") / "source-packet.md"
RUBRIC = Path("lessons") / "rubric.md"  # students may see it: notebook 06's self-assessment uses its levels
SITE = "Reading the news critically"
# What a cell answers is data, not a heading: a cell whose metadata says ``newslit.answers.store`` (the ids
# of the questions it answers) is left out of handouts, so renaming a heading can never print a key.
KEY_NOTE = ("<p class='note'>What the fact-check found for this part is not printed on this sheet. "
            "Your teacher goes through it with you.</p>")


def answers_in(cell: dict) -> list[str]:
    """The question ids a notebook cell answers (its ``metadata.newslit.answers.store``; empty for most cells)."""
    return list(((cell.get("metadata") or {}).get("newslit") or {}).get("answers") or [])
DATA_URI = re.compile(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+")

CSS = """
@page { margin: 16mm 14mm 18mm; }
* { box-sizing: border-box; }
html { font: 11.5pt/1.45 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #000; background: #fff; }
body { max-width: 182mm; margin: 0 auto; padding: 6mm 0; }
h1 { font-size: 20pt; margin: .2em 0 .4em; }
h2 { font-size: 15pt; margin: 1.2em 0 .4em; padding-bottom: .1em; border-bottom: 1.2pt solid #555; }
h3 { font-size: 12.5pt; margin: 1em 0 .3em; }
h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
p, li { orphans: 3; widows: 3; }
.kicker { font-size: 9.5pt; color: #444; margin: 0; text-transform: uppercase; letter-spacing: .05em; }
.who { display: flex; gap: 6mm; margin: 2mm 0 4mm; }
.who span { flex: 1; border-bottom: .8pt solid #555; padding-top: 5mm; font-size: 9.5pt; color: #333; }
.note { font-size: 10pt; border-left: 3pt solid #888; padding: 1mm 3mm; margin: 3mm 0; color: #222; }
.question { border: 1.2pt solid #333; border-radius: 3pt; padding: 2.5mm 4mm 3.5mm; margin: 4mm 0;
            break-inside: avoid; page-break-inside: avoid; }
.question h4 { margin: 0 0 1mm; font-size: 11.5pt; }
.question h4 em { font-weight: normal; font-size: 10pt; }
.question .qid { white-space: nowrap; font-weight: normal; font-size: 8.5pt; color: #555;
                 font-family: "DejaVu Sans Mono", monospace; }
.question .about { font-size: 9.5pt; color: #333; margin: 0; }
.question .prompt { margin: 1mm 0 2mm; }
.question .how { font-size: 9.5pt; font-style: italic; color: #333; margin: 1mm 0; }
.line { border-bottom: .8pt solid #777; height: 8.5mm; }
.field { margin-top: 2mm; }
.field > .label { font-size: 10pt; font-weight: bold; }
.options { list-style: none; padding: 0; margin: 1mm 0; }
.options li { margin: 1.6mm 0; display: flex; gap: 2.5mm; align-items: flex-start; }
.box { flex: none; display: inline-block; width: 4.2mm; height: 4.2mm; border: 1pt solid #000; margin-top: .6mm; }
.box.round { border-radius: 50%; }
.scale svg { width: 100%; height: auto; display: block; margin-top: 2mm; }
.scale .ends { display: flex; justify-content: space-between; font-size: 9.5pt; gap: 8mm; }
.scale .ends span:last-child { text-align: right; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 2mm 0 3mm; }
th, td { border: .6pt solid #999; padding: 1mm 1.5mm; vertical-align: top; text-align: left !important; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
table.grid { font-size: 10pt; }
table.grid th.cat { font-size: 8pt; text-align: center !important; width: 11mm; }
table.grid td.tick { text-align: center !important; vertical-align: middle; }
table.grid td.tick .box { margin: 0; }
figure { margin: 3mm 0; break-inside: avoid; page-break-inside: avoid; }
figure img { max-width: 100%; height: auto; display: block; }
.output { margin: 2mm 0; }
.output p[role=note] { font-size: 10pt; }
.article .row { display: grid; grid-template-columns: 24mm 1fr; gap: 3mm; margin: 1.5mm 0;
                                break-inside: avoid; page-break-inside: avoid; }
.article .id { font-family: "DejaVu Sans Mono", monospace; font-weight: bold; border-right: 1pt solid #999; }
.article .id small { display: block; font-weight: normal; font-size: 7.5pt; color: #444; font-family: inherit; }
.article .heading .text { font-weight: bold; }
.index li { margin: 1.5mm 0; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 10pt; }
a { color: #000; }
@media screen {
  html { background: #ddd; }
  body { background: #fff; padding: 14mm 16mm; margin: 6mm auto; box-shadow: 0 0 4px #888; max-width: 210mm; }
}
"""


def esc(text) -> str:
    return html.escape(str(text), quote=True)


# ---------------------------------------------------------------- questions on paper

def _lines(count: int) -> str:
    return "<div class='line'></div>" * count


_TEXT_LINES = ((re.compile(r"(\d+)\s*(?:to|-|–)\s*(\d+)\s*words", re.IGNORECASE), None),
               (re.compile(r"one per line|as many .* as you can", re.IGNORECASE), 8))
_LONG_FIELD = re.compile(r"\?|\bwhy\b|\bhow\b|sentence|reason|evidence|version|what they", re.IGNORECASE)


def text_lines(q: Question) -> int:
    """How many ruled lines a text answer gets: from a word count in the prompt, else a default."""
    for pattern, lines in _TEXT_LINES:
        match = pattern.search(q.prompt)
        if match:
            return lines or math.ceil(int(match.group(2)) / 10) + 1
    return 5


def _text(q: Question) -> str:
    return _lines(text_lines(q))


def _options(q: Question) -> str:
    round_box = q.kind == "choice"
    how = "Tick one." if round_box else "Tick every one that fits."
    items = "".join(f"<li><span class='box{' round' if round_box else ''}'></span><span>{esc(o)}</span></li>"
                    for o in q.get("options"))
    return f"<p class='how'>{how}</p><ul class='options'>{items}</ul>"


def _scale_svg(low: int, high: int) -> str:
    """A line from ``low`` to ``high`` with a tick every tenth of the way, numbered."""
    left, right, y = 16, 584, 18
    ticks = []
    for n in range(11):
        value = low + (high - low) * n / 10
        x = left + (right - left) * n / 10
        label = f"{value:g}"
        ticks.append(f"<line x1='{x:g}' y1='{y - 7}' x2='{x:g}' y2='{y + 7}' stroke='#000' stroke-width='1.2'/>"
                     f"<text x='{x:g}' y='{y + 22}' font-size='12' text-anchor='middle'>{esc(label)}</text>")
    return (f"<svg viewBox='0 0 600 46' role='img' aria-label='a line from {low} to {high}'>"
            f"<line x1='{left}' y1='{y}' x2='{right}' y2='{y}' stroke='#000' stroke-width='1.6'/>"
            + "".join(ticks) + "</svg>")


def _scale(q: Question) -> str:
    low, high = q.get("min"), q.get("max")
    return (f"<div class='scale'><p class='how'>Mark a cross on the line, then write your number.</p>"
            f"{_scale_svg(low, high)}<div class='ends'><span>{esc(low)} = {esc(q.get('low'))}</span>"
            f"<span>{esc(high)} = {esc(q.get('high'))}</span></div></div>"
            f"<div class='field'><span class='label'>My number:</span> ________</div>"
            f"<div class='field'><div class='label'>{esc(q.get('reason_label', 'Why?'))}</div>{_lines(3)}</div>")


def _classify(q: Question) -> str:
    categories = q.get("categories")
    head = "".join(f"<th class='cat' scope='col'>{esc(c['label'])}</th>" for c in categories)
    tick = "<td class='tick'><span class='box'></span></td>" * len(categories)
    rows = "".join(f"<tr><td>{number}. {esc(item['text'])}</td>{tick}</tr>"
                   for number, item in enumerate(q.get("items"), start=1))
    return (f"<p class='how'>Tick one box in each row.</p><table class='grid'><thead><tr><th scope='col'>"
            f"Line</th>{head}</tr></thead><tbody>{rows}</tbody></table>")


def _form(q: Question) -> str:
    return "".join(f"<div class='field'><div class='label'>{esc(f['label'])}</div>"
                   f"{_lines(2 if _LONG_FIELD.search(f['label']) else 1)}</div>" for f in q.get("fields"))


RENDERERS = {"text": _text, "choice": _options, "choices": _options, "scale": _scale,
             "classify": _classify, "form": _form}


def question_html(q: Question) -> str:
    """One question on paper, drawn from the catalogue's prompt, options, items and fields only."""
    about = f"<p class='about'>About passage {esc(q.passage)}</p>" if q.passage else ""
    private = " <em>(private: only you and your teacher see this)</em>" if q.private else ""
    return (f"<section class='question' data-question-id='{esc(q.id)}' data-kind='{esc(q.kind)}'>"
            f"<h4>{esc(q.label)}{private} <span class='qid'>{esc(q.id)}</span></h4>{about}"
            f"<p class='prompt'>{esc(q.prompt)}</p>{RENDERERS[q.kind](q)}</section>")


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


# Cells that only make sense live (buttons, a name box, a chart of one's own answers): their paper form.
PANELS = {
    "name_entry": lambda: "<p class='note'>Write your name at the top of this sheet.</p>",
    "saving_as": lambda: "",  # who is saving: no paper form
    "hand_in": lambda: "<p class='note'>On paper: hand this sheet to your teacher when you finish.</p>",
    "trust_compare": lambda: ("<section class='question'><p class='prompt'>Look back at your trust rating on "
                              "handout 01. Write both numbers and what changed.</p>"
                              "<div class='field'><span class='label'>In 01:</span> ______ &nbsp; "
                              "<span class='label'>Now:</span> ______</div>" + _lines(2) + "</section>"),
}


def _joined(value) -> str:
    """A notebook string field, stored either as one string or as a list of lines."""
    return value if isinstance(value, str) else "".join(value)


def outputs_html(outputs: list) -> str:
    """A code cell's stored outputs: charts as embedded images with alt text, HTML as it was stored."""
    parts = []
    for output in outputs:
        data = output.get("data", {})
        if "image/png" in data:
            alt = _joined(data.get("text/plain", "A chart.")).removeprefix("[chart]").strip()
            png = "".join(_joined(data["image/png"]).split())
            base64.b64decode(png, validate=True)
            parts.append(f"<figure><img src='data:image/png;base64,{png}' alt='{esc(alt)}'></figure>")
        elif "text/html" in data:
            stored = _joined(data["text/html"])
            if re.search(r"<\s*script", stored, re.IGNORECASE):
                raise ValueError("a stored output holds a <script>; handouts never carry scripts")
            parts.append(f"<div class='output'>{stored}</div>")
        elif "text/plain" in data:
            parts.append(f"<p class='output'>{esc(_joined(data['text/plain']))}</p>")
    return "".join(parts)


def _heading(source: str) -> tuple[int, str] | None:
    match = re.match(r"\s*(#{1,6})\s+(.+)", source)
    return (len(match.group(1)), match.group(2).strip()) if match else None


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def notebook_body(nb: dict, notebook: str) -> tuple[str, str, list[str]]:
    """(title, body HTML, question ids in order) of one notebook, without code or the cells that answer
    its questions (``answers_in``)."""
    title, parts, asked, in_key = f"Notebook {notebook}", [], [], False
    for cell in nb["cells"]:
        kind, source = cell["cell_type"], _source(cell)
        heading = _heading(source) if kind == "markdown" else None
        if answers_in(cell):
            if not in_key:
                parts.append(KEY_NOTE)
            in_key = True
            continue
        in_key = False
        if kind == "markdown":
            if heading and heading[0] == 1 and title.startswith("Notebook"):
                title = heading[1]
            parts.append(markdown(source))
        elif kind == "code":
            parts.append(_code_cell(source, cell.get("outputs", []), asked))
    missing = [q for q in for_notebook(notebook) if q.id not in asked]
    if missing:  # never happens while the notebooks ask every catalogue question; a safety net
        parts.append("<h2>More questions</h2>" + "".join(question_html(q) for q in missing))
        asked += [q.id for q in missing]
    return title, "".join(parts), asked


def _code_cell(source: str, outputs: list, asked: list[str]) -> str:
    call = call_of(source)
    if call and call[0] == "ask" and call[1]:
        asked.append(call[1][0])
        return question_html(get(call[1][0]))
    if call and call[0] in PANELS:
        return PANELS[call[0]]()
    return outputs_html(outputs)


# ---------------------------------------------------------------- pages

def page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>{esc(title)}</title>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'><style>{CSS}</style>"
            f"</head><body>{body}</body></html>\n")


def _who() -> str:
    return "<div class='who'><span>Name</span><span>Class</span><span>Date</span></div>"


def handout_page(path: Path) -> tuple[str, str, list[str]]:
    """(title, full HTML, question ids) of one student notebook's handout."""
    nb = json.loads(path.read_text(encoding="utf-8"))  # plain JSON: importing nbformat costs seconds
    notebook = path.name[:2]
    title, body, asked = notebook_body(nb, notebook)
    intro = (f"<p class='kicker'>{esc(SITE)} · paper handout</p>{_who()}"
             f"<p class='note'>This is the paper version of notebook {esc(notebook)}. Where it says to run a cell, "
             "type, or press a button, write on this sheet instead. Passage ids such as P3 or Q2a point to the "
             "article handout, where each id is printed in the margin.</p>")
    return title, page(title, intro + body), asked


def article_page() -> str:
    """The whole article, one passage a row, with its id and seed lines in the margin."""
    rows = []
    for p in load_article().passages:
        lines = f"line {p.line}" if p.line == p.last_line else f"lines {p.line}–{p.last_line}"
        note = _KIND_NOTE.get(p.kind, "")
        kind = " heading" if p.kind in ("headline", "heading") else ""
        text = esc(_spoken(p)).replace("\n", "<br>")
        rows.append(f"<div class='row{kind}' data-passage-id='{esc(p.id)}'><div class='id'>{esc(p.id)}"
                    f"<small>{lines}</small>{f'<small>{esc(note)}</small>' if note else ''}</div>"
                    f"<div class='text'>{text}</div></div>")
    intro = (f"<p class='kicker'>{esc(SITE)} · the article</p><h1>The article, with its passage ids</h1>"
             "<p class='note'>Content note: this article is about war and two soldiers held as prisoners of war. "
             "It is printed exactly as it was published, mistakes included. The id in the margin (H, P1 … P9, "
             "Q1q, Q1a …) is how the notebooks and handouts point to a passage.</p>")
    return page("The article, with passage ids", intro + "<div class='article'>" + "".join(rows) + "</div>")


def markdown_page(path: Path, title: str) -> str:
    """A printable page from one of lessons/' student-safe Markdown files (raw HTML escaped)."""
    text = path.read_text(encoding="utf-8")
    return page(title, f"<p class='kicker'>{esc(SITE)} · {esc(title.lower())}</p>{markdown(text)}")


def source_packet_page(path: Path) -> str:
    return markdown_page(path, "Source packet")


def index_page(entries: list[tuple[str, str, str]]) -> str:
    items = "".join(f"<li><a href='{esc(name)}'>{esc(title)}</a> <small>{esc(detail)}</small></li>"
                    for name, title, detail in entries)
    body = (f"<p class='kicker'>{esc(SITE)}</p><h1>Printable handouts</h1>"
            "<p>One handout per notebook, for classes that work on paper or as a back-up. Open a file and print it "
            "(A4 or Letter; turn off the browser's headers and footers for a cleaner page). The handouts hold no "
            f"answer keys.</p><ul class='index'>{items}</ul>")
    return page("Printable handouts", body)


# ---------------------------------------------------------------- building

def student_notebooks(root: Path) -> list[Path]:
    return sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb"))


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
