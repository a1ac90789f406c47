"""newslit.teacher.handouts: printable handouts hold every question, and no key, feedback, code or script."""
import html
import json
import re
import time
from dataclasses import replace
from pathlib import Path

import pytest

from newslit import __main__ as cli
from newslit.questions import entries as questions
from newslit.questions.entries import notebook_key
from newslit.source import content, privacy
from newslit.source.article import load_article
from newslit.teacher import handouts

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = questions.student_notebooks(ROOT / "notebooks")
QUESTION_ID = re.compile(r"data-question-id='([^']+)'")
TEACHER_MARKERS = ("Teacher note", "Teacher detail", "Teachers only", "teacher-only")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("handouts") / "handouts"
    start = time.perf_counter()
    handouts.build(out)
    print(f"\nhandouts built in {time.perf_counter() - start:.2f} s")
    return out


def visible(text: str) -> str:
    """A page's text as a reader sees it: images, tags and entities removed."""
    text = handouts.DATA_URI.sub("", text)
    text = re.sub(r"<style.*?</style>", " ", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def all_pages(built) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(built.glob("*.html"))}


def test_one_handout_per_student_notebook_plus_article_and_index(built):
    names = {p.name for p in built.iterdir()}
    assert {nb.with_suffix(".html").name for nb in NOTEBOOKS} | {"article.html", "index.html",
                                                                  "source-packet.html", "rubric.html"} <= names
    assert len(NOTEBOOKS) == len(questions.STUDENT_NOTEBOOKS)
    index = (built / "index.html").read_text(encoding="utf-8")
    for name in names - {"index.html"}:
        assert f"href='{name}'" in index


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_handout_holds_every_question_in_catalogue_order(built, notebook):
    page = (built / notebook.with_suffix(".html").name).read_text(encoding="utf-8")
    expected = questions.for_notebook(notebook_key(notebook))
    assert expected, "every student notebook has questions"
    assert QUESTION_ID.findall(page) == [q.id for q in expected]
    sections = dict(zip(QUESTION_ID.findall(page), re.split(r"<section class='question' ", page)[1:]))
    for q in expected:
        shown = squeeze(visible("<x " + sections[q.id]))
        assert squeeze(q.prompt) in shown, q.id
        parts = (q.get("options") or []) + [i["text"] for i in q.get("items") or []] \
            + [c["label"] for c in q.get("categories") or []] + [f["label"] for f in q.get("fields") or []]
        for part in parts:
            assert squeeze(part) in shown, (q.id, part)


def _answer_strings() -> list[tuple[str, str]]:
    """(question id, text) of every key-side string: feedback, model answers, reasons, sources."""
    found = []
    for q in questions.catalogue().values():
        found += [(q.id, text) for text in (q.get("feedback") or {}).values()]
        found += [(q.id, q.get(name)) for name in ("model_answer", "source") if q.get(name)]
        found += [(q.id, item["why"]) for item in q.get("items") or [] if item.get("why")]
    return found


def test_no_feedback_model_answer_or_reason_of_any_question_appears(built):
    strings = _answer_strings()
    assert len(strings) > 100  # the catalogue really has keys to leak
    for name, page in all_pages(built).items():
        shown = squeeze(visible(page))
        leaked = [(qid, text[:50]) for qid, text in strings if squeeze(text) in shown]
        assert leaked == [], name


def _without_keys(q: questions.Question) -> questions.Question:
    raw = {k: v for k, v in q.raw.items() if k not in ("key", "feedback", "model_answer", "certainty", "source")}
    if "items" in raw:
        raw["items"] = [{"id": i["id"], "text": i["text"], "accept": [], "why": ""} for i in raw["items"]]
    return replace(q, certainty="", raw=raw)


def test_a_question_on_paper_does_not_depend_on_its_key():
    """The same page whatever the key says: a keyed option cannot be told apart from the others."""
    for q in questions.catalogue().values():
        assert handouts.question_html(q) == handouts.question_html(_without_keys(q)), q.id


def test_the_cells_that_answer_questions_are_left_out(built):
    marked = 0
    for notebook in NOTEBOOKS:
        page = (built / notebook.with_suffix(".html").name).read_text(encoding="utf-8")
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            if not handouts.answers_in(cell):
                continue
            marked += 1
            source = "".join(cell["source"])
            if cell["cell_type"] == "markdown":
                assert handouts.markdown(source) not in page, (notebook.name, source[:60])
            for output in cell.get("outputs", []):
                stored = "".join(output.get("data", {}).get("text/html", ""))
                if stored:
                    assert stored not in page, (notebook.name, source)
    assert marked >= 8
    assert handouts.KEY_NOTE in (built / "02-claims.html").read_text(encoding="utf-8")


def test_a_renamed_heading_cannot_print_a_key(tmp_path):
    """What is left out follows the cell's metadata, whatever its heading says."""
    answer = {"cell_type": "markdown", "metadata": {"newslit": {"answers": ["n02-sort"]}},
              "source": "### Anything at all\n\nThe secret verdict."}
    plain = {"cell_type": "markdown", "metadata": {}, "source": "### The key\n\nOrdinary reading."}
    _, body, _ = handouts.notebook_body({"cells": [plain, answer]}, "02")
    assert "secret verdict" not in body and "Ordinary reading" in body and handouts.KEY_NOTE in body


def _teacher_only_strings() -> list[str]:
    """Long texts of teacher-only content rows that no students' row and not the article holds."""
    article = load_article().raw
    found = []
    for name in content.TABLES:
        frame = content.table(name).reset_index()
        if "audience" not in frame:
            continue
        students = " ".join(frame[frame["audience"] == "students"].astype(str).to_numpy().ravel())
        for value in frame[frame["audience"] == "teachers"].astype(str).to_numpy().ravel():
            if len(value) >= 25 and value not in students and value not in article:
                found.append(value)
    return found


def test_no_teacher_only_content_appears(built):
    strings = _teacher_only_strings()
    assert len(strings) >= 10
    for name, page in all_pages(built).items():
        shown = visible(page)
        assert [s[:60] for s in strings if s in shown or html.escape(s) in page] == [], name
        assert [m for m in TEACHER_MARKERS if m.lower() in shown.lower()] == [], name


def test_no_script_and_no_code(built):
    code = set()
    for notebook in NOTEBOOKS:
        code |= {"".join(c["source"]).strip() for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"]
                 if c["cell_type"] == "code"}
    assert 'import newslit as nl; nl.ask("n02-sort")' in code
    code |= {c.removeprefix("import newslit as nl; ") for c in code}  # the call alone must not be printed either
    for name, page in all_pages(built).items():
        assert not re.search(r"<\s*script|javascript:|\bon\w+\s*=", page, re.I), name
        assert [c for c in code if c and c in page] == [], name
        assert not re.search(r"\bnl\.\w+\(|import newslit|Run the notebook", visible(page)), name


def test_deny_list_passes_on_every_file(built):
    for name, page in all_pages(built).items():
        assert privacy.problems(handouts.DATA_URI.sub("", page), "students") == [], name


def test_article_holds_every_passage_id_in_order(built):
    page = (built / "article.html").read_text(encoding="utf-8")
    assert re.findall(r"data-passage-id='([^']+)'", page) == load_article().ids
    shown = squeeze(visible(page))
    for passage in load_article().passages:
        assert squeeze(passage.text.replace("\n", " ")) in shown, passage.id


def test_charts_are_embedded_with_alt_text(built):
    total = 0
    for notebook in NOTEBOOKS:
        page = (built / notebook.with_suffix(".html").name).read_text(encoding="utf-8")
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        charts = sum(1 for c in cells for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
        images = re.findall(r"<img [^>]*>", page)
        assert len(images) == charts, notebook.name
        for image in images:
            assert re.search(r"src='data:image/png;base64,", image)
            alt = re.search(r"alt='([^']*)'", image)
            assert alt and len(alt.group(1).strip()) > 20, image[:80]
        total += charts
    assert total > 0  # charts that would answer a question are shown only after it (nl.after): not on paper


def test_tables_and_chart_descriptions_are_kept(built):
    page = (built / "02-claims.html").read_text(encoding="utf-8")
    assert page.count("class=\"dataframe\"") >= 4
    assert "What the chart shows:" in page


def test_space_to_write_fits_the_kind():
    brief = handouts.question_html(questions.get("n06-brief"))
    assert brief.count("class='line'") >= 20  # 150 to 250 words
    scale = handouts.question_html(questions.get("n02-unverified"))
    assert "<svg" in scale and ">0</text>" in scale and ">100</text>" in scale
    sort = handouts.question_html(questions.get("n02-sort"))
    q = questions.get("n02-sort")
    assert sort.count("class='box'") == len(q.get("items")) * len(q.get("categories"))
    choice = handouts.question_html(questions.get("n02-analysts"))
    assert choice.count("class='box round'") == len(questions.get("n02-analysts").get("options"))


def test_catalogue_text_is_escaped(monkeypatch):
    q = questions.get("n00-practice-choice")
    hostile = replace(q, prompt="<script>alert(1)</script>", label="<b>x</b>",
                      raw={**q.raw, "options": ["<img src=x onerror=alert(2)>", "b"]})
    page = handouts.question_html(hostile)
    assert "<script" not in page and "<img" not in page and "<b>" not in page


def test_source_packet_is_rendered_and_escaped(tmp_path):
    root = tmp_path / "module"
    (root / "lessons").mkdir(parents=True)
    (root / "notebooks").symlink_to(ROOT / "notebooks")
    (root / "lessons" / "source-packet.md").write_text(
        "<!-- generated; edit elsewhere -->\n# Source packet\n\n- **AFP**, 2 Nov 2025: a paraphrase.\n\n"
        "<script>alert(1)</script>\n", encoding="utf-8")
    out = tmp_path / "out"
    handouts.build(out, root)
    packet = (out / "source-packet.html").read_text(encoding="utf-8")
    assert "<h1>Source packet</h1>" in packet and "<strong>AFP</strong>" in packet
    assert "<script" not in packet and "&lt;script&gt;" in packet and "generated" not in packet
    assert "href='source-packet.html'" in (out / "index.html").read_text(encoding="utf-8")


def test_a_deny_listed_source_packet_stops_the_build(tmp_path):
    root = tmp_path / "module"
    (root / "lessons").mkdir(parents=True)
    (root / "notebooks").symlink_to(ROOT / "notebooks")
    (root / "lessons" / "source-packet.md").write_text("Reports of self-harm.\n", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(ValueError, match="deny-list"):
        handouts.build(out, root)
    assert not out.exists() and list(tmp_path.glob(".out-*")) == []


def test_rebuild_replaces_an_earlier_build_but_not_a_foreign_folder(tmp_path, capsys):
    out = tmp_path / "handouts"
    assert cli.main(["handouts", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert str(out) in printed and re.search(r"in \d+\.\d s", printed)
    (out / "stale.html").write_text("old", encoding="utf-8")
    assert cli.main(["handouts", "--out", str(out)]) == 0
    assert not (out / "stale.html").exists() and (out / "index.html").exists()
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(FileExistsError):
        handouts.build(foreign)
    assert cli.main(["handouts", "--out", str(foreign)]) == 1
    assert "not an earlier build" in capsys.readouterr().err
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_rubric_page_holds_every_level(built):
    rubric = (built / "rubric.html").read_text(encoding="utf-8")
    for level in ("Beginning", "Developing", "Proficient", "Advanced"):
        assert level in rubric


def test_each_task_post_has_a_sheet_with_its_pages_and_none_of_its_findings(built):
    from newslit.source import tasks

    for post in tasks.posts():
        sheet = squeeze(visible((built / f"task-post-{post.id}.html").read_text(encoding="utf-8")))
        assert squeeze(post.text) in sheet
        for page in post.pages:
            assert squeeze(page.title) in sheet and squeeze(page.text) in sheet
        for finding in post.findings:
            assert squeeze(finding) not in sheet
        for other in tasks.posts():
            if other.id != post.id:
                assert squeeze(other.text) not in sheet
