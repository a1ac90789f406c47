"""The module as a download or an nbgitpuller pull leaves it: the tracked files in some folder, and
`newslit` NOT installed. A notebook run there with a Python that has the dependencies (pandas,
ipywidgets, matplotlib, Jupyter) but not newslit must work, loading the package from the copy
(``notebooks/newslit.py`` hands over to the copy's ``newslit/``), or say clearly what to do.

The Python without newslit is a throw-away virtual environment whose one ``.pth`` line adds the
project venv's site-packages to its path. Lines of a ``.pth`` file add folders without processing the
``.pth`` files inside them, so the editable install's finder (``__editable___newslit_*_finder``,
installed by a ``.pth`` in that site-packages) is never loaded.
"""
from __future__ import annotations

import fnmatch
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ALWAYS_LEFT_OUT = [".git"]


def ignored_patterns() -> list[str]:
    """What a clone or download does not carry: .git and the .gitignore patterns (.venv/, answers/ …)."""
    lines = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    return ALWAYS_LEFT_OUT + [line.strip().rstrip("/") for line in lines if line.strip() and not line.startswith("#")]


def tracked_copy(target: Path) -> Path:
    """Copy the module's files as a clone would have them (no venv, no answers, no build output)."""
    patterns = ignored_patterns()
    shutil.copytree(ROOT, target, ignore=lambda folder, names: [
        n for n in names if any(fnmatch.fnmatch(n, p) for p in patterns)])
    return target


def python_without_newslit(folder: Path) -> Path:
    """A venv with every dependency of the project venv on its path, but no newslit install."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    (Path(purelib) / "project-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return python


def clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(PYTHONNOUSERSITE="1", **extra)
    return env


# Run in the venv without newslit: execute a notebook from its own folder (as Jupyter does), with one
# probe cell added in memory, and report each cell's errors and the probe's output as JSON.
RUNNER = textwrap.dedent("""
    import json, sys
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    path, probe = sys.argv[1], sys.argv[2]
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(probe))
    client = NotebookClient(nb, timeout=180, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(__import__("pathlib").Path(path).parent)}})
    client.execute()
    errors = [o.get("ename", "") + ": " + o.get("evalue", "") for c in nb.cells if c.cell_type == "code"
              for o in c.outputs if o.output_type == "error"]
    stderr = [o.text for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "stream" and o.name == "stderr"]
    probe_out = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    print(json.dumps({"errors": errors, "stderr": stderr, "probe": probe_out}))
""")
PROBE = ("import sys, newslit\nfrom newslit.answers import default_folder, module_root\n"
         "print(sys.executable); print(newslit.__file__); print(module_root()); print(default_folder())")


@pytest.fixture(scope="module")
def copy_and_python(tmp_path_factory):
    base = tmp_path_factory.mktemp("copied")
    copy = tracked_copy(base / "news-module")
    python = python_without_newslit(base / "python-without-newslit")
    return copy, python


def run_notebook(python: Path, notebook: Path, answers: Path) -> dict:
    env = clean_env(NEWSLIT_ANSWERS=str(answers), JUPYTER_PATH="", JUPYTER_DATA_DIR=str(answers.parent / "data"))
    done = subprocess.run([str(python), "-c", RUNNER, str(notebook), PROBE], cwd=answers.parent, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_copy_is_what_a_download_gives(copy_and_python):
    copy, _ = copy_and_python
    for left_out in (".git", ".venv", "answers", "test-results"):
        assert not (copy / left_out).exists(), left_out
    assert (copy / "run.py").is_file() and (copy / "newslit" / "__init__.py").is_file()
    assert (copy / "notebooks" / "newslit.py").is_file(), "the hand-over to ../newslit must be in the copy"


def test_the_python_really_lacks_newslit(copy_and_python):
    _, python = copy_and_python
    check = subprocess.run([str(python), "-c", "import pandas, ipywidgets, nbclient; import newslit"],
                           cwd=python.parent, env=clean_env(), capture_output=True, text=True)
    assert "No module named 'newslit'" in check.stderr, check.stderr[-2000:]


@pytest.mark.slow
@pytest.mark.parametrize("notebook", ["00-start-here.ipynb", "teacher/class-report.ipynb"])
def test_a_notebook_runs_from_the_copy_without_installing(copy_and_python, tmp_path, notebook):
    copy, python = copy_and_python
    result = run_notebook(python, copy / "notebooks" / notebook, tmp_path / "answers")
    assert result["errors"] == [] and result["stderr"] == [], result
    executable, package, root, answers = result["probe"].splitlines()
    assert Path(executable).parent == python.parent, "the kernel ran the Python without newslit"
    assert Path(package) == copy / "newslit" / "__init__.py", "the package came from the copy"
    assert Path(root) == copy and Path(answers) == tmp_path / "answers"


def test_the_hand_over_says_what_to_do_when_the_package_folder_is_missing(tmp_path, copy_and_python):
    _, python = copy_and_python
    notebooks = tmp_path / "only-notebooks"
    notebooks.mkdir()
    shutil.copy2(ROOT / "notebooks" / "newslit.py", notebooks / "newslit.py")
    check = subprocess.run([str(python), "-c", "import newslit"], cwd=notebooks, env=clean_env(),
                           capture_output=True, text=True)
    assert check.returncode != 0
    assert "python3 run.py" in check.stderr and "run.py, newslit/ and notebooks/" in check.stderr


def test_every_notebook_folder_has_a_hand_over_and_the_logic_lives_once():
    """Each folder that holds notebooks needs a hand-over (a kernel starts in its notebook's folder);
    those below notebooks/ run notebooks/newslit.py rather than copy it."""
    folders = sorted({p.parent for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts})
    assert ROOT / "notebooks" in folders and len(folders) > 1
    for folder in folders:
        text = (folder / "newslit.py").read_text(encoding="utf-8")
        if folder != ROOT / "notebooks":
            assert '"newslit.py"' in text and "exec(compile(" in text and "spec_from_file_location" not in text


def test_notebooks_copied_out_of_the_module_use_the_installed_package(tmp_path):
    """E.g. a hub image with newslit installed and only notebooks/ handed out (or the browser tests'
    served copy): the hand-over finds no ../newslit and falls back to the installed package."""
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    for folder in (tmp_path / "notebooks", tmp_path / "notebooks" / "teacher"):
        found = subprocess.run([sys.executable, "-c", "import newslit.questions as q, newslit; "
                                "print(newslit.__file__); print(len(q.catalogue()))"],
                               cwd=folder, env=clean_env(), capture_output=True, text=True)
        package, count = found.stdout.split()
        assert Path(package) == ROOT / "newslit" / "__init__.py", found.stderr[-2000:]
        assert int(count) > 0
