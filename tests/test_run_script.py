"""run.py: the one set-up script (stamp logic and commands), without installing anything."""
import importlib.util
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("run_script", ROOT / "run.py")
run = importlib.util.module_from_spec(spec)
spec.loader.exec_module(run)


@pytest.fixture
def fake_venv(tmp_path, monkeypatch):
    venv = tmp_path / ".venv"
    python = run.venv_python(venv)
    python.parent.mkdir(parents=True)
    python.write_text("")
    monkeypatch.setattr(run, "VENV", venv)
    monkeypatch.setattr(run, "STAMP", venv / "newslit-stamp.txt")
    monkeypatch.setattr(run, "venv_python", lambda venv_dir=venv: python)
    return venv


def test_stamp_changes_with_install_files_and_mode(tmp_path, monkeypatch):
    for path in run.install_inputs(True, with_hub=True):
        shutil.copy2(path, tmp_path / path.name)
    monkeypatch.setattr(run, "ROOT", tmp_path)
    lab, tests, hub = run.stamp_for(False), run.stamp_for(True), run.stamp_for(True, True)
    assert len({lab, tests, hub}) == 3 and run.stamp_for(True) == tests
    with (tmp_path / "constraints.txt").open("a", encoding="utf-8") as pins:
        pins.write("# one more pin\n")
    assert run.stamp_for(True) != tests and run.stamp_for(True, True) != hub
    assert run.stamp_for(False) == lab, "the lab install does not read the test pins"
    (tmp_path / "requirements.txt").write_text("pandas\n", encoding="utf-8")
    assert run.stamp_for(False) != lab


def test_a_second_run_skips_the_install(fake_venv, monkeypatch):
    calls = []
    monkeypatch.setattr(run.subprocess, "run", lambda cmd, **kw: calls.append(cmd))
    run.setup(with_tests=True)
    assert len(calls) == 2 and "-c" in calls[0] and "-e" in calls[0]
    assert calls[1][1:] == ["-m", "newslit", "quiet-jupyterlab"], "JupyterLab's news prompt off after the install"
    run.setup(with_tests=True)
    run.setup(with_tests=False)  # the test install covers the lab's
    assert len(calls) == 2


def test_changed_requirements_reinstall(fake_venv, monkeypatch):
    calls = []
    monkeypatch.setattr(run.subprocess, "run", lambda cmd, **kw: calls.append(cmd))
    run.setup(with_tests=False)
    assert "-c" not in calls[0], "teachers get compatible ranges, not the test pins"
    run.STAMP.write_text("something-else\n")
    run.setup(with_tests=False)
    assert len([call for call in calls if "pip" in call]) == 2


def test_no_tests_collected_is_a_failure(monkeypatch):
    monkeypatch.setattr(run, "run_in_venv", lambda args, env=None: 5)
    assert run.run_tests([]) == 1
    monkeypatch.setattr(run, "run_in_venv", lambda args, env=None: 0)
    assert run.run_tests([]) == 0


def test_the_test_command_is_a_bare_pytest(monkeypatch, pytestconfig):
    """run.py adds no flags of its own (they are in pyproject.toml), and the flags are in force here."""
    seen = []
    monkeypatch.setattr(run, "setup", lambda **kwargs: None)
    monkeypatch.setattr(run, "run_in_venv", lambda args, env=None: seen.append(args) or 0)
    assert run.main(["test", "-q"]) == 0 and run.main(["quick"]) == 0
    assert seen == [["-m", "pytest", "-q"], ["-m", "pytest", "-m", "not slow"]]
    assert pytestconfig.getoption("nbval") and pytestconfig.getoption("nbval_current_env")
    assert not pytestconfig.getoption("nbval_lax"), "strict nbval: stored outputs are compared"
    assert pytestconfig.getoption("strict_markers")


def test_unknown_command_prints_help(capsys):
    assert run.main(["dance"]) == 2
    assert "python3 run.py test" in capsys.readouterr().out


def test_lab_opens_the_start_notebook_and_allows_root_only_as_root(monkeypatch):
    seen = []
    monkeypatch.setattr(run, "run_in_venv", lambda args: seen.append(args) or 0)
    monkeypatch.setattr(run.os, "geteuid", lambda: 1000, raising=False)
    run.open_lab()
    monkeypatch.setattr(run.os, "geteuid", lambda: 0, raising=False)
    run.open_lab()
    assert seen[0][-1] == run.START_NOTEBOOK and "--allow-root" not in seen[0]
    assert "--allow-root" in seen[1]


def test_hub_mode_installs_the_hub_file_and_covers_smaller_modes(monkeypatch):
    assert run.ROOT / "requirements-hub.txt" in run.install_inputs(True, with_hub=True)
    assert "requirements-hub.txt" in " ".join(run.pip_install_command(False, with_hub=True))
    assert run.stamp_for(True, True) != run.stamp_for(True)


def test_voila_serves_the_start_notebook_unless_told_otherwise(monkeypatch, capsys):
    seen = []
    monkeypatch.setattr(run, "run_in_venv", lambda args, env=None: seen.append(args) or 0)
    assert run.open_voila([]) == 0
    assert run.open_voila(["notebooks/01-first-read.ipynb", "--port=9999"]) == 0
    assert run.open_voila(["03a", "--no-browser"]) == 0
    hidden = ["--VoilaConfiguration.strip_sources=True", "--VoilaConfiguration.show_tracebacks=False"]
    assert seen[0] == ["-m", "voila", str(run.ROOT / run.START_NOTEBOOK), *hidden]
    assert seen[1] == ["-m", "voila", str(run.ROOT / "notebooks" / "01-first-read.ipynb"), *hidden, "--port=9999"]
    assert seen[2][2] == str(run.ROOT / "notebooks" / "03a-sources-names.ipynb") and seen[2][-1] == "--no-browser"
    assert "--allow-root" not in " ".join(" ".join(args) for args in seen), "Voilà runs as root without it"


def test_voila_names_the_notebooks_when_the_name_is_not_one(monkeypatch, capsys):
    monkeypatch.setattr(run, "run_in_venv", lambda args, env=None: pytest.fail("must not start Voilà"))
    assert run.open_voila(["0"]) == 2  # 00 … 06 all start with 0
    assert run.open_voila(["no-such-notebook"]) == 2
    assert "notebooks/00-start-here.ipynb" in capsys.readouterr().err
