"""The one way notebooks are stored: re-executed here, cleaned, and signed.

    python3 run.py store                     # every notebook under notebooks/
    python3 run.py store notebooks/00-start-here.ipynb

Each notebook is executed top to bottom with nbclient under the same isolated settings as the tests
(``isolated_env``: an empty temporary answers folder, a fixed student, no JupyterHub user), from its
own folder, as nbval runs it. Then:

* ``application/vnd.jupyter.widget-view+json`` outputs and ``metadata.widgets`` are removed, so a
  notebook opened without running shows each question's static HTML instead of "Error displaying
  widget" (the text/plain and text/html renderings stay);
* timing metadata is dropped and the notebook is signed with ``metadata.newslit`` (who stored it and
  a hash of its cells' sources).

``tests/test_notebooks.py`` rejects a notebook saved any other way: unsigned or edited after
storing, widget state, stderr or errors, absolute paths, the test student's name, or execution
counts out of order.
"""
from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from newslit.answers.store import ENV_FOLDER, ENV_HUB_USER, module_root
from newslit.answers.who import ENV_PROFILE, ENV_STUDENT
from newslit.notebook.charts import ENV_CACHE as ENV_CHART_CACHE
from newslit.questions.entries import notebook_key

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
STORED_BY = "maintain.store"
TEST_STUDENT = "Test Student"
TIMEOUT = 180


def notebook_paths(root: Path | None = None) -> list[Path]:
    """Every notebook of the module (student ones and teacher/), checkpoints excluded."""
    root = root or module_root() / "notebooks"
    return sorted(p for p in root.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def sources_digest(nb) -> str:
    """A hash of the cells' types and sources: changes whenever a cell is edited."""
    digest = hashlib.sha256()
    for cell in nb["cells"]:
        digest.update(cell["cell_type"].encode())
        digest.update(b"\0")
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        digest.update(source.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


@contextmanager
def isolated_env(answers_folder: str | None = None, chart_cache: str | None = None):
    """Environment variables for a run that touches no real answers, names, profile or chart cache.

    The chart cache is a folder in the scratch folder (so a stored notebook never depends on what a
    user's ``~/.cache/newslit`` holds), or ``chart_cache`` when given (the test session shares one).
    """
    saved = {k: os.environ.get(k) for k in (ENV_FOLDER, ENV_STUDENT, ENV_PROFILE, ENV_HUB_USER, ENV_CHART_CACHE)}
    with tempfile.TemporaryDirectory(prefix="newslit-store-") as scratch:
        os.environ[ENV_FOLDER] = answers_folder or os.path.join(scratch, "answers")
        os.environ[ENV_STUDENT] = TEST_STUDENT
        os.environ[ENV_PROFILE] = os.path.join(scratch, "profile.json")
        os.environ[ENV_CHART_CACHE] = chart_cache or os.path.join(scratch, "chart-cache")
        os.environ.pop(ENV_HUB_USER, None)
        try:
            yield scratch
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def prefill(store) -> int:
    """Save an answer to every catalogue question in ``store``, and, as a student of notebooks 07a/07b who
    chose the first practice article, every question about that article too (their live blocks then draw
    it when the notebook runs). Returns how many catalogue questions the store then holds an answer to.
    Strict nbval must pass on a folder filled this way: no stored output depends on a saved answer."""
    from newslit.answers.keyed import ARTICLE_RECORD, article_record, keyed_id, split_keyed
    from newslit.questions import entries as questions
    from newslit.source import any_article, articles

    for number, q in enumerate(questions.catalogue().values()):
        store.save(q.id, questions.example_answer(q, number))
    offer = next(o for o in articles.available()[0] if o.practice)
    article = any_article.load_file(offer.path)
    store.save(keyed_id(ARTICLE_RECORD, article.key), article_record(article, "practice"))
    for number, q in enumerate(q for q in questions.catalogue().values() if q.per_article):
        store.save(keyed_id(q.id, article.key), questions.example_answer(q, number))
    return sum(1 for saved in store.answers() if split_keyed(saved)[1] is None)


def clean(nb, hide_code: bool = False) -> None:
    """Remove widget views and widget state, timing metadata; sign the notebook.

    ``hide_code`` (student notebooks): every code cell's source is collapsed (``jupyter.source_hidden``,
    which JupyterLab and Notebook 7 honour), so students see questions, not code; "Run All" still runs it."""
    nb["metadata"].pop("widgets", None)
    for cell in nb["cells"]:
        cell.get("metadata", {}).pop("execution", None)
        if cell["cell_type"] != "code":
            continue
        if hide_code:
            cell.setdefault("metadata", {}).setdefault("jupyter", {})["source_hidden"] = True
        kept = []
        for output in cell.get("outputs", []):
            data = output.get("data")
            if data is not None:
                data.pop(WIDGET_VIEW, None)
                if not data:
                    continue
            kept.append(output)
        cell["outputs"] = kept
    nb["metadata"]["newslit"] = {"stored_by": STORED_BY, "sources_sha256": sources_digest(nb)}


def store(path: Path) -> None:
    """Execute one notebook from a fresh kernel and write it back cleaned and signed."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    with isolated_env():
        client = NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3", record_timing=False,
                                resources={"metadata": {"path": str(path.parent)}})
        client.execute()
    clean(nb, hide_code=bool(notebook_key(path)))
    nbformat.validate(nb)
    nbformat.write(nb, str(path))


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or notebook_paths()
    for path in paths:
        print(f"storing {path.relative_to(module_root())}", flush=True)
        store(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
