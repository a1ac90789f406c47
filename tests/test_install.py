"""`pip install` of the project gives a working module, away from any checkout.

The wheel is built from a copy of the working tree (uncommitted changes count; a stale ``build/``
cannot leak in) and installed into a throw-away virtual environment without system site-packages,
with the versions of ``constraints.txt`` (stored notebook outputs were written by those). The build
must give no setuptools warning, and the wheel must hold the seed byte for byte, every content file and
template, JupyterLab's quiet settings (as package data, and as a data file the install puts in the
environment's overrides.d), the LICENSE, the version of ``newslit.__version__`` and the ``newslit``
command. Then, from temporary folders outside the checkout:

* notebook 00 runs under strict nbval with that environment's kernel, from a folder without the
  checkout's ``notebooks/newslit.py`` hand-over; a silent cell added at its end records which
  ``newslit`` the kernel imported, and it must be the installed one;
* the ``newslit`` command writes the class report of a small answers folder, and
  ``python -m newslit`` works from a folder that holds a ``newslit/`` folder (a pulled copy);
* the default answers folder is the user's data folder (platformdirs).

Nothing of newslit, Jupyter or matplotlib is written to the real home: every subprocess gets a temporary
HOME, XDG_* folders and ``$NEWSLIT_ANSWERS``; pip keeps ``$PIP_CACHE_DIR`` when one is set (the test
session points it at the machine's pip cache). Slow: 25-35 s here (2 cores), of which 20-28 s is
installing pandas, matplotlib, ipywidgets, the kernel and nbval, and about 3 s building the wheel.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

import newslit.teacher.quietlab as quietlab
from newslit import __version__
from newslit.source import articles
from newslit.source.article import SEED_NAME
from test_quietlab import QUIET, lab_notification_settings

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "newslit", "seeds", "articles")  # what the build reads
NOTEBOOK = "00-start-here.ipynb"
ANSWER = "An answer written through the installed package"
PROBE = """import json, newslit, newslit.answers.store, newslit.source.article
json.dump({"file": newslit.__file__, "answers": str(newslit.answers.store.default_folder()),
           "seed": str(newslit.source.article.seed_path())}, open("probe.json", "w"))"""


def content_files() -> list[Path]:
    """Every file the package must ship: the content tables, catalogue, lesson data, and the seed; and
    the templates every page is written from."""
    found = [p for p in (ROOT / "newslit" / "content").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return sorted(found + list((ROOT / "newslit" / "templates").glob("*.html.j2"))
                  + list((ROOT / "newslit" / "teacher").glob("*.json")))


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    """Temporary folders and an environment that keeps every subprocess away from the real home."""
    base = tmp_path_factory.mktemp("install")
    folders = {name: base / name for name in ("home", "data", "config", "cache", "state", "runtime", "answers")}
    for folder in folders.values():
        folder.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("NEWSLIT_", "JUPYTER", "XDG_", "PYTHON", "VIRTUAL_ENV", "MPL", "IPYTHON"))}
    env.update(HOME=str(folders["home"]), XDG_DATA_HOME=str(folders["data"]), XDG_CONFIG_HOME=str(folders["config"]),
               XDG_CACHE_HOME=str(folders["cache"]), XDG_STATE_HOME=str(folders["state"]),
               XDG_RUNTIME_DIR=str(folders["runtime"]), NEWSLIT_ANSWERS=str(folders["answers"]),
               NEWSLIT_STUDENT="Test Student", NEWSLIT_PROFILE=str(folders["config"] / "profile.json"),
               PYTHONNOUSERSITE="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    return base, folders, env


def run(args, env, cwd, timeout=900):
    done = subprocess.run([str(a) for a in args], check=False, env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"{args[:4]} failed ({done.returncode}):\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done


@pytest.fixture(scope="module")
def wheel(sandbox):
    base, _, env = sandbox
    source, out = base / "source", base / "dist"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(ROOT / name, source / name)
    start = time.perf_counter()
    done = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", out, source], env, base)
    print(f"wheel built in {time.perf_counter() - start:.1f} s")
    built = sorted(out.glob("newslit-*.whl"))
    assert len(built) == 1, built
    return built[0], done.stdout + done.stderr


@pytest.fixture(scope="module")
def installed(sandbox, wheel):
    """The throw-away environment's Python, with the wheel, nbval and pytest installed."""
    base, _, env = sandbox
    venv = base / "venv"
    start = time.perf_counter()
    run([sys.executable, "-m", "venv", "--without-pip", venv], env, base)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "-c", ROOT / "constraints.txt",
         wheel[0], "nbval", "pytest"], env, base)
    print(f"environment made and installed in {time.perf_counter() - start:.1f} s")
    return venv, python


def test_the_build_gives_no_setuptools_warnings(wheel):
    """Python warnings (``SetuptoolsDeprecationWarning: …``, ``_Warning: Package … is absent``) and
    distutils' ``warning: …`` lines; pip's own ``WARNING:`` lines and the wheel build's usual note that
    it does not byte-compile are not setuptools' warnings about this project."""
    _, log = wheel
    noisy = [line.strip() for line in log.splitlines()
             if re.search(r"Warning\b|^warning:", line.strip()) and "byte-compiling is disabled" not in line]
    assert noisy == []


def test_the_wheel_ships_the_seed_byte_for_byte_and_every_content_file(wheel):
    with zipfile.ZipFile(wheel[0]) as archive:
        names = set(archive.namelist())
        assert archive.read(f"newslit/seeds/{SEED_NAME}") == (ROOT / "seeds" / SEED_NAME).read_bytes()
        for path in content_files():
            name = path.relative_to(ROOT).as_posix()
            assert name in names, f"{name} is not in the wheel"
            assert archive.read(name) == path.read_bytes(), name
        metadata = archive.read(f"newslit-{__version__}.dist-info/METADATA").decode("utf-8")
        entry_points = archive.read(f"newslit-{__version__}.dist-info/entry_points.txt").decode("utf-8")
        assert archive.read(f"newslit-{__version__}.dist-info/licenses/LICENSE") == (ROOT / "LICENSE").read_bytes()
    assert f"\nVersion: {__version__}\n" in metadata and "\nLicense-Expression: MIT\n" in metadata
    assert "newslit = newslit.__main__:console" in entry_points
    quiet = f"newslit-{__version__}.data/data/share/jupyter/lab/settings/overrides.d/{quietlab.SETTINGS_NAME}"
    assert quiet in names, "JupyterLab's quiet settings are not among the wheel's data files"
    assert not any(name.startswith(("tests/", "notebooks/", "seeds/")) for name in names)
    notes = {p.name for p in (ROOT / "articles").glob(articles.TEACHER_NOTE)}
    practice = sorted(p.name for p in (ROOT / "articles").glob("*.md") if p.name not in notes)
    assert sorted(n.removeprefix("newslit/articles/") for n in names if n.startswith("newslit/articles/")) == practice


def test_the_installed_module_works_away_from_the_checkout(sandbox, installed):
    base, folders, env = sandbox
    venv, python = installed
    away = base / "elsewhere"
    away.mkdir()

    # The package, its seed and its answers folder, as the installed environment sees them.
    check = ("import json, newslit, newslit.answers.store as a, newslit.source.article as ar; print(json.dumps("
             "[newslit.__file__, str(a.default_folder()), str(ar.seed_path()), ar.seed_path().read_bytes().hex()]))")
    no_folder = {k: v for k, v in env.items() if k != "NEWSLIT_ANSWERS"}
    package, answers, seed, seed_hex = json.loads(run([python, "-c", check], no_folder, away).stdout)
    assert Path(package).is_relative_to(venv), package
    assert Path(answers) == folders["data"] / "newslit" / "answers", "the user's data folder when installed"
    assert Path(seed).is_relative_to(venv) and bytes.fromhex(seed_hex) == (ROOT / "seeds" / SEED_NAME).read_bytes()
    assert lab_notification_settings(venv) == QUIET, "a JupyterLab in this environment would ask about news"

    # Notebook 00 under strict nbval, from a folder with no newslit.py beside it, plus a silent probe cell.
    notebook = json.loads((ROOT / "notebooks" / NOTEBOOK).read_text(encoding="utf-8"))
    notebook["cells"].append({"cell_type": "code", "id": "install-probe", "execution_count": None, "metadata": {},
                              "outputs": [], "source": PROBE})
    (away / NOTEBOOK).write_text(json.dumps(notebook), encoding="utf-8")
    assert not (away / "newslit.py").exists()
    start = time.perf_counter()
    done = run([python, "-m", "pytest", "--nbval", "--nbval-current-env", "-p", "no:cacheprovider", "-q", NOTEBOOK],
               env, away)
    print(f"strict nbval on {NOTEBOOK} in {time.perf_counter() - start:.1f} s: {done.stdout.strip().splitlines()[-1]}")
    code_cells = sum(cell["cell_type"] == "code" for cell in notebook["cells"])
    assert f"{code_cells} passed" in done.stdout and "failed" not in done.stdout, done.stdout[-2000:]
    probe = json.loads((away / "probe.json").read_text(encoding="utf-8"))
    assert Path(probe["file"]).is_relative_to(venv), f"the kernel imported {probe['file']}"
    assert Path(probe["answers"]) == folders["answers"] and Path(probe["seed"]).is_relative_to(venv)

    # The console command: a class report of a small answers folder.
    save = (f"from newslit.answers.store import AnswerStore; "
            f"AnswerStore({str(folders['answers'])!r}, 'Probe Student').save('n00-practice-text', {ANSWER!r})")
    run([python, "-c", save], env, away)
    command = venv / ("Scripts/newslit.exe" if os.name == "nt" else "bin/newslit")
    done = run([command, "report", folders["answers"], "--out", away / "report.html", "--names"], env, away)
    page = (away / "report.html").read_text(encoding="utf-8")
    assert ANSWER in page and "Probe Student" in page and "1 student" in done.stdout

    # `python -m newslit` from a folder holding a folder named newslit (a pulled copy) still finds the package.
    (away / "newslit").mkdir()
    run([python, "-m", "newslit", "report", folders["answers"], "--out", away / "again.html"], env, away)
    assert ANSWER in (away / "again.html").read_text(encoding="utf-8")

    # The commands that build from the module's folder say so, without a traceback.
    refused = subprocess.run([command, "handouts"], check=False, env=env, cwd=away, capture_output=True, text=True)
    assert refused.returncode == 2 and "python3 run.py handouts" in refused.stderr and "Traceback" not in refused.stderr
