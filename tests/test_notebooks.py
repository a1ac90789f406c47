"""Notebooks are stored only by ``maintain.store``; strict nbval passes empty and pre-filled, and offline."""
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from maintain.store import STORED_BY, TEST_STUDENT, WIDGET_VIEW, notebook_paths, sources_digest
from newslit.questions import entries as questions
from newslit.questions.entries import notebook_key
from newslit.source import privacy

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tests" / "tools"
NOTEBOOKS = notebook_paths()
ABSOLUTE_PATH = re.compile(r"(?<![\w.])(/(home|root|tmp|Users|var|private)/|[A-Za-z]:\\\\)")


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _outputs_text(nb) -> str:
    parts = []
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            data = {k: v for k, v in output.get("data", {}).items() if not k.startswith("image/")}  # not text
            parts.append(json.dumps({**output, "data": data}, ensure_ascii=False))
    return "\n".join(parts)


def test_there_is_a_start_notebook():
    assert (ROOT / "notebooks" / "00-start-here.ipynb") in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_was_stored_by_the_script_and_not_edited_since(path):
    nb = _load(path)
    signature = nb["metadata"].get("newslit", {})
    assert signature.get("stored_by") == STORED_BY, "store it with: python3 run.py store"
    assert signature.get("sources_sha256") == sources_digest(nb), \
        f"{path.name} was edited after it was stored: run python3 run.py store {path.relative_to(ROOT)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_outputs_are_clean(path):
    nb = _load(path)
    assert "widgets" not in nb["metadata"], "no saved widget state"
    counts = [c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1)), "run top to bottom from a fresh kernel"
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error"
            assert not (output["output_type"] == "stream" and output["name"] == "stderr"), output
            assert WIDGET_VIEW not in output.get("data", {})
    text = _outputs_text(nb)
    assert not ABSOLUTE_PATH.search(text), ABSOLUTE_PATH.search(text)
    assert TEST_STUDENT not in text and "Saved at" not in text, "no names, answers or times in stored outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_passes_the_deny_list(path):
    nb = _load(path)
    audience = "students" if notebook_key(path) else "teachers"
    sources = "\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in nb["cells"])
    assert privacy.problems(sources + "\n" + _outputs_text(nb), audience) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_asked_questions_exist_and_belong_to_the_notebook(path):
    nb = _load(path)
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    asked = re.findall(r"""ask\(["']([^"']+)["']\)""", code)
    notebook = notebook_key(path) or "teacher"
    assert asked or notebook == "teacher", "every student notebook asks something"
    assert len(asked) == len(set(asked)), "a question is asked once"
    assert asked == [q.id for q in questions.for_notebook(notebook)], \
        "the notebook asks exactly its catalogue questions, in catalogue order"


# ---------------------------------------------------------------- the second execution

@dataclass
class SecondRun:
    code: int
    output: str
    prefilled: int | None  # answers the run's conftest saved before the notebooks ran
    offline: bool  # ran inside a network namespace with the network cut off
    reason: str = ""  # why not offline


@pytest.fixture(scope="module")
def second_run(tmp_path_factory) -> SecondRun:
    """The second and last execution of every notebook in a test run (the first is strict nbval over
    notebooks/ in this session, with an empty answers folder): strict nbval again, with an answers
    folder pre-filled with an answer to every question (conftest.py, ``NEWSLIT_PREFILL=1``), inside a
    network namespace with the network cut off (tests/tools/offline.py). Where no namespace can be made
    (not Linux, no ``unshare``) the same pre-filled run goes ahead online; in CI that is a failure."""
    sys.path.insert(0, str(TOOLS))
    import offline
    import suite

    report = tmp_path_factory.mktemp("prefill") / "prefilled.txt"
    env = dict(os.environ, NEWSLIT_PREFILL_REPORT=str(report))
    reason = offline.cannot_isolate()
    if reason is None:
        command = [sys.executable, str(TOOLS / "offline.py"), "--notebooks-only", "--prefill"]
    elif os.environ.get("CI") == "1":
        pytest.fail(f"CI must run the notebooks offline, and cannot: {reason}")
    else:
        command = suite.pytest_command(suite.NOTEBOOKS)
        env["NEWSLIT_PREFILL"] = "1"
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    prefilled = int(report.read_text(encoding="utf-8")) if report.exists() else None
    return SecondRun(done.returncode, done.stdout + done.stderr, prefilled, reason is None, reason or "")


def _code_cells() -> int:
    return sum(c["cell_type"] == "code" for path in NOTEBOOKS for c in _load(path)["cells"])


@pytest.mark.slow
def test_strict_nbval_passes_with_a_prefilled_answers_folder(second_run):
    assert second_run.code == 0, second_run.output[-4000:]
    assert second_run.prefilled == len(questions.catalogue()), "every question had a saved answer"
    summary = re.findall(r"^=*\s*(\d+ \w+.*?) in [\d.]+s\b", second_run.output, flags=re.M)
    assert summary and summary[-1] == f"{_code_cells()} passed", \
        f"one passed nbval test per code cell of every notebook, nothing else: {summary}"


@pytest.mark.slow
def test_the_prefilled_run_had_the_network_cut_off(second_run):
    if not second_run.offline:
        pytest.skip(f"the network cannot be cut off here: {second_run.reason}")
    output = second_run.output
    assert "network check inside the namespace: connect to 1.1.1.1:443 failed" in output
    assert "DNS lookup of pypi.org failed" in output
    assert "with a pre-filled answers folder" in output
    assert "offline notebook suite: passed" in output and "offline run: green" in output


def test_a_table_with_a_named_index_has_one_header_row(monkeypatch):
    """pandas draws a named index as a second header row of empty cells; the notebooks' tables never do."""
    import re
    from types import SimpleNamespace

    import IPython
    import pandas as pd
    from IPython.core.formatters import DisplayFormatter

    from newslit.notebook import tables

    frame = pd.DataFrame({"meaning": ["a", "b"]}, index=pd.Index(["x", "y"], name="term"))
    for html in (tables.one_header_row(frame._repr_html_()), tables.glossary()._repr_html_()):
        head = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
        assert head.count("<tr") == 1 and "<th></th>" not in head and "<th>term</th>" in head
    plain = pd.DataFrame({"a": [1]})
    assert tables.one_header_row(plain._repr_html_()) == plain._repr_html_(), "an unnamed index is left alone"
    shell = SimpleNamespace(display_formatter=DisplayFormatter())  # a kernel's formatters, without a kernel
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    tables._show_dataframes_with_one_header_row()
    shown, _ = shell.display_formatter.format(frame)
    assert re.search(r"<thead>(.*?)</thead>", shown["text/html"], re.S).group(1).count("<tr") == 1
