"""Binder builds the module from the repository root's files (repo2docker's Python buildpack):
``requirements.txt`` (installed), ``runtime.txt`` (the Python version) and ``postBuild`` (run once
after, here: install ``newslit`` itself and quiet JupyterLab). A ``binder/`` or ``.binder/`` folder, an
``environment.yml``, a ``Pipfile`` or a ``Dockerfile`` would make repo2docker ignore some of these."""
from __future__ import annotations

import importlib.util
import os
import re
import stat
import subprocess
import tomllib
from pathlib import Path

import pytest

from test_copied_folder import clean_env, python_without_newslit, tracked_copy
from test_quietlab import QUIET, settings_read_from

ROOT = Path(__file__).resolve().parent.parent
POSTBUILD = ROOT / "postBuild"
NO_INDEX = re.compile(r"No matching distribution found for setuptools|Could not find a version that satisfies"
                      r"|NewConnectionError|Temporary failure in name resolution|Network is unreachable")


def requirement_names(path: Path) -> set[str]:
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            names.add(re.split(r"[<>=!~;\[ ]", line, maxsplit=1)[0].lower().replace("_", "-"))
    return names


def load_run_script():
    spec = importlib.util.spec_from_file_location("run_script", ROOT / "run.py")
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    return run


def test_binder_reads_the_root_files():
    for overriding in ("binder", ".binder", "environment.yml", "Pipfile", "Pipfile.lock", "Dockerfile",
                       "setup.py"):
        assert not (ROOT / overriding).exists(), f"{overriding} changes what repo2docker builds"
    assert (ROOT / "requirements.txt").is_file()


def test_requirements_hold_everything_postbuild_does_not_install():
    """postBuild installs newslit with --no-deps, so requirements.txt must name its dependencies."""
    wanted = requirement_names(ROOT / "requirements.txt")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for dependency in project["dependencies"]:
        name = re.split(r"[<>=!~;\[ ]", dependency, maxsplit=1)[0].lower().replace("_", "-")
        assert name in wanted, dependency
    assert {"jupyterlab", "ipywidgets", "voila"} <= wanted


def test_runtime_is_the_python_the_module_needs():
    run = load_run_script()
    assert (ROOT / "runtime.txt").read_text(encoding="utf-8").strip() == "python-{}.{}".format(*run.MIN_PYTHON)
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    assert requires == ">={}.{}".format(*run.MIN_PYTHON)


def test_postbuild_is_an_executable_script_that_stops_on_errors(tmp_path):
    """A failing first step (the install) fails the script at once: the Binder build stops there."""
    assert POSTBUILD.stat().st_mode & stat.S_IXUSR, "repo2docker runs postBuild only if it is executable"
    assert POSTBUILD.read_text(encoding="utf-8").startswith("#!/bin/bash\n")
    calls = tmp_path / "calls.txt"
    fake = tmp_path / "bin" / "python"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\necho "$@" >> {calls}\nexit 1\n', encoding="utf-8")
    fake.chmod(0o755)
    env = dict(os.environ, PATH=f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run(["bash", str(POSTBUILD)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0, "without set -e a failed step does not fail the Binder build"
    ran = calls.read_text(encoding="utf-8").splitlines()
    assert len(ran) == 1 and ran[0].startswith("-m pip install"), ran


@pytest.mark.slow
def test_postbuild_installs_the_package_and_quiets_jupyterlab(tmp_path):
    """Run postBuild as repo2docker would: from a clone's root, `python` being the image's Python."""
    copy = tracked_copy(tmp_path / "repo")
    python = python_without_newslit(tmp_path / "image-python")
    env = clean_env(PATH=f"{python.parent}{os.pathsep}{os.environ['PATH']}", PIP_DISABLE_PIP_VERSION_CHECK="1")
    done = subprocess.run(["bash", str(copy / "postBuild")], cwd=copy, env=env, capture_output=True, text=True,
                          timeout=300)
    if done.returncode != 0 and NO_INDEX.search(done.stderr) and not os.environ.get("CI"):
        # pip builds the editable install with setuptools fetched from PyPI, as on Binder
        pytest.skip("postBuild's pip needs PyPI for the build backend (setuptools), and PyPI is unreachable")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]

    found = subprocess.run([str(python), "-c", "import newslit; print(newslit.__file__)"], cwd=tmp_path,
                           env=clean_env(), capture_output=True, text=True)
    assert Path(found.stdout.strip()) == copy / "newslit" / "__init__.py", found.stderr[-2000:]
    # Where that Python's JupyterLab reads its settings (here JupyterLab comes from the project's venv through
    # a .pth file, so jupyterlab's own get_app_dir points there; on Binder it is the image's own prefix).
    where = "import newslit.teacher.quietlab as q; print(q.lab_overrides_folder())"
    folder = subprocess.run([str(python), "-c", where], cwd=tmp_path, env=clean_env(), capture_output=True,
                            text=True, check=True).stdout.strip()
    assert settings_read_from(Path(folder).parent) == QUIET
