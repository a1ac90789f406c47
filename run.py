#!/usr/bin/env python3
"""Set up the module and run it, with nothing but Python 3.11+ (Linux, macOS, Windows).

    python3 run.py            # set up, then open JupyterLab on notebooks/00-start-here.ipynb
    python3 run.py test       # set up with the exact test versions, then run every test
    python3 run.py quick      # the same tests without the slow ones (browser, stress)
    python3 run.py setup      # set up only (add --test for the test tools)
    python3 run.py store      # re-execute the notebooks and store their outputs (see maintain.store)
    python3 run.py voila      # show a notebook with the code hidden (Voilà), e.g. for a projector
    python3 run.py handouts   # printable handouts and the article into build/handouts/
    python3 run.py student-copy   # a copy of the module without teacher materials, in build/
    python3 run.py report PATH…   # the class report (same as `python -m newslit report`)
    python3 run.py hub        # CI's JupyterHub stage: a real hub with two users (Linux, as root)
    python3 run.py offline    # the notebook tests with the network cut off (Linux)
    python3 run.py repeat     # the notebook tests three times in a row; results must be identical
    python3 run.py bench      # every benchmark, a table in benchmarks/RESULTS.md

On Windows write `py run.py …`. Everything goes into `.venv/` beside this file. A second run only
checks a stamp and starts at once; `--fresh` deletes `.venv/` first. This is a standard-library
script rather than a Makefile so that the same command works on every system a school may have.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / "newslit-stamp.txt"
START_NOTEBOOK = "notebooks/00-start-here.ipynb"
# pytest's flags (strict nbval: --nbval --nbval-current-env, --strict-markers) live in pyproject.toml's
# [tool.pytest.ini_options] addopts, so a bare `pytest` and these commands run the same tests.
MIN_PYTHON = (3, 11)


def venv_python(venv_dir: Path = VENV) -> Path:
    """The interpreter inside the virtual environment, on any system."""
    if os.name == "nt":
        return venv_dir / "Scripts" / "python.exe"
    return venv_dir / "bin" / "python"


def install_inputs(with_tests: bool, with_hub: bool = False) -> list[Path]:
    """The files whose content decides what gets installed."""
    names = ["requirements.txt", "pyproject.toml"]
    if with_tests:
        names += ["requirements-test.txt", "constraints.txt"]
    if with_hub:
        names += ["requirements-hub.txt"]
    return [ROOT / name for name in names]


def stamp_for(with_tests: bool, with_hub: bool = False) -> str:
    """A fingerprint of the install: mode, Python version and the install files' bytes."""
    digest = hashlib.sha256()
    digest.update(f"tests={with_tests};python={sys.version_info[:2]}".encode())
    if with_hub:
        digest.update(b";hub")
    for path in install_inputs(with_tests, with_hub):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def is_current(with_tests: bool, with_hub: bool = False) -> bool:
    """True when .venv already holds what this mode needs (a bigger install covers a smaller one)."""
    if not venv_python().exists() or not STAMP.exists():
        return False
    done = set(STAMP.read_text(encoding="utf-8").split())
    wanted = {stamp_for(True, True)}
    if not with_hub:
        wanted.add(stamp_for(True))
    if not with_tests and not with_hub:
        wanted.add(stamp_for(False))
    return bool(done & wanted)


def pip_install_command(with_tests: bool, with_hub: bool = False) -> list[str]:
    """The one pip command for this mode: ranges for teachers, exact pins for tests."""
    cmd = [str(venv_python()), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    cmd += ["-r", str(ROOT / "requirements.txt")]
    if with_tests or with_hub:
        cmd += ["-r", str(ROOT / "requirements-test.txt"), "-c", str(ROOT / "constraints.txt")]
    if with_hub:
        cmd += ["-r", str(ROOT / "requirements-hub.txt")]
    cmd += ["-e", str(ROOT)]
    return cmd


def setup(with_tests: bool, fresh: bool = False, with_hub: bool = False) -> None:
    """Create .venv and install into it, unless the stamp says it is already done."""
    if sys.version_info < MIN_PYTHON:
        sys.exit(f"This module needs Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer; "
                 f"this is {sys.version.split()[0]}.")
    if fresh and VENV.exists():
        shutil.rmtree(VENV)
    with_tests = with_tests or with_hub
    if is_current(with_tests, with_hub):
        return
    if not venv_python().exists():
        print("Creating the virtual environment in .venv/ …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    print("Installing packages (the first time takes a minute or two) …", flush=True)
    subprocess.run(pip_install_command(with_tests, with_hub), check=True, cwd=ROOT)
    quiet_jupyterlab()
    STAMP.write_text(stamp_for(with_tests, with_hub) + "\n", encoding="utf-8")


def quiet_jupyterlab() -> None:
    """No "Jupyter news?" toast and no update check in class, in .venv: the package's own command
    (newslit/teacher/quietlab.py), run by the venv's Python."""
    subprocess.run([str(venv_python()), "-m", "newslit", "quiet-jupyterlab"], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)


def run_in_venv(args: list[str], env: dict[str, str] | None = None) -> int:
    """Run the venv's Python with args from the repository root; return its exit code."""
    full_env = dict(os.environ, PYTHONNOUSERSITE="1", **(env or {}))
    return subprocess.call([str(venv_python()), *args], cwd=ROOT, env=full_env)


def run_tests(extra: list[str], env: dict[str, str] | None = None) -> int:
    """pytest (strict nbval over tests/ and notebooks/, from pyproject.toml); 'no tests ran' counts as a failure."""
    code = run_in_venv(["-m", "pytest", *extra], env=env)
    if code == 5:
        print("pytest collected no tests: that is a failure here, not a pass.", file=sys.stderr)
        return 1
    return code


def open_lab() -> int:
    """Open JupyterLab on the start notebook (or the module's folder if it is missing)."""
    target = START_NOTEBOOK if (ROOT / START_NOTEBOOK).exists() else "."
    args = ["-m", "jupyter", "lab", target]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Jupyter refuses to start as root; containers and school images often run as root.
        args.append("--allow-root")
    return run_in_venv(args)


def open_voila(rest: list[str]) -> int:
    """Serve a notebook with its code hidden (Voilà), e.g. for a projector: http://localhost:8866.

    The first argument may name the notebook: a path, or the start of a name in notebooks/
    (`python3 run.py voila 03`); without one, the start notebook. Other arguments go to Voilà
    (`--port=8870`, `--no-browser`). Voilà runs as root without extra flags and listens on this
    computer only. Its kernel runs the notebook from its own folder and saves answers where
    JupyterLab does: `answers/` beside `newslit/`, or `$NEWSLIT_ANSWERS` when set.
    """
    named = rest[0] if rest and not rest[0].startswith("-") else None
    options = rest[1:] if named else rest
    notebooks = sorted(p for p in (ROOT / "notebooks").glob("**/*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    if named is None:
        found = [ROOT / START_NOTEBOOK]
    elif Path(named).is_file() or (ROOT / named).is_file():
        found = [Path(named).resolve() if Path(named).is_file() else ROOT / named]
    else:
        found = [p for p in notebooks if p.name.startswith(named)]
    if len(found) != 1:
        names = "".join(f"\n  {p.relative_to(ROOT).as_posix()}" for p in notebooks)
        print(f"No single notebook matches {named!r}. Name one of these, or the start of its name:{names}",
              file=sys.stderr)
        return 2
    # Code hidden and no tracebacks, whatever a local Voilà configuration says.
    hidden = ["--VoilaConfiguration.strip_sources=True", "--VoilaConfiguration.show_tracebacks=False"]
    return run_in_venv(["-m", "voila", str(found[0]), *hidden, *options])


def main(argv: list[str]) -> int:
    fresh = "--fresh" in argv
    argv = [a for a in argv if a != "--fresh"]
    command, rest = (argv[0], argv[1:]) if argv else ("lab", [])
    if command == "lab":
        setup(with_tests=False, fresh=fresh)
        return open_lab()
    if command == "setup":
        setup(with_tests="--test" in rest, fresh=fresh)
        return 0
    if command == "test":
        setup(with_tests=True, fresh=fresh)
        return run_tests(rest)
    if command == "quick":
        setup(with_tests=True, fresh=fresh)
        return run_tests(["-m", "not slow", *rest])
    if command == "store":
        setup(with_tests=True, fresh=fresh)
        return run_in_venv(["-m", "maintain.store", *rest])
    if command == "voila":
        setup(with_tests=False, fresh=fresh)
        return open_voila(rest)
    if command in ("handouts", "student-copy", "report"):
        setup(with_tests=False, fresh=fresh)
        return run_in_venv(["-m", "newslit", command, *rest])
    if command == "hub":
        setup(with_tests=True, with_hub=True, fresh=fresh)
        # the test's installs (proxy, students' environment) first: an install is not the test's time
        prepared = run_in_venv(["tests/hub/prepare.py"])
        if prepared != 0:
            return prepared
        return run_tests(["tests/hub", *rest], env={"NEWSLIT_HUB_STAGE": "1"})
    if command in ("offline", "repeat"):
        setup(with_tests=True, fresh=fresh)
        return run_in_venv([f"tests/tools/{command}.py", *rest])
    if command == "bench":
        setup(with_tests=True, fresh=fresh)
        return run_in_venv(["benchmarks/run_all.py", *rest])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
