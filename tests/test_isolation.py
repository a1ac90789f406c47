"""Every test runs isolated: no real answers folder, profile, chart cache or home (see conftest.py).

The session-wide check itself lives in conftest.py (``HomeCheck``, run by ``pytest_sessionfinish``);
these tests show that it is in force during the session and that it catches what it claims to.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import conftest
from maintain.store import TEST_STUDENT
from newslit.answers import who as student
from newslit.answers.store import default_folder
from newslit.notebook import charts

ROOT = Path(__file__).resolve().parent.parent


def test_every_home_of_the_session_is_the_empty_session_home():
    home = conftest._home_check.session_home
    assert Path.home() == home and Path(os.path.expanduser("~")) == home
    for key in conftest.XDG:
        assert Path(os.environ[key]).is_relative_to(home), key
    assert home not in conftest._home_check.real_homes


def test_newslit_writes_into_the_session_scratch_folder_only():
    scratch = Path(os.environ["NEWSLIT_ANSWERS"]).parent
    assert os.environ["NEWSLIT_STUDENT"] == TEST_STUDENT and "JUPYTERHUB_USER" not in os.environ
    assert default_folder() == Path(os.environ["NEWSLIT_ANSWERS"])
    assert student.profile_path().is_relative_to(scratch)
    cache = charts.cache_folder()
    assert cache is not None and cache == Path(os.environ[conftest.SESSION_CHART_CACHE])
    for path in (default_folder(), student.profile_path(), cache):
        assert not any(path.is_relative_to(h) for h in (*conftest._home_check.real_homes, Path.home())), path


def test_the_check_finds_new_and_changed_newslit_paths_in_either_home(tmp_path):
    real, session = tmp_path / "real", tmp_path / "session"
    (real / ".cache" / "newslit").mkdir(parents=True)
    (real / "notes.txt").write_text("not ours", encoding="utf-8")
    session.mkdir()
    check = conftest.HomeCheck(real_homes=[real], session_home=session)
    assert check.problems() == [], "what was there before the session is not reported"

    (real / "unrelated.txt").write_text("not ours either", encoding="utf-8")
    assert check.problems() == []
    entry = real / ".cache" / "newslit" / "charts"
    entry.mkdir()  # a new folder, and its parent changed
    profile = session / ".config" / "newslit" / "profile.json"
    profile.parent.mkdir(parents=True)
    profile.write_text("{}", encoding="utf-8")
    found = "\n".join(check.problems())
    assert f"real home: {entry}" in found and f"session's HOME: {profile}" in found


def test_a_session_that_writes_a_newslit_file_at_home_fails(tmp_path):
    """The whole mechanism, end to end: a pytest run with this conftest and one careless test."""
    (tmp_path / "test_careless.py").write_text(textwrap.dedent("""
        from pathlib import Path

        def test_writes_a_profile_at_home():
            target = Path.home() / ".config" / "newslit" / "profile.json"
            target.parent.mkdir(parents=True)
            target.write_text("{}")
    """), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "conftest",
                           "--rootdir", str(tmp_path), "-c", os.devnull, str(tmp_path)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert "1 passed" in done.stdout, done.stdout[-2000:] + done.stderr[-2000:]
    assert done.returncode == 1 and "home folder check FAILED" in done.stdout, done.stdout[-2000:]
    assert "written under the session's HOME" in done.stdout and "profile.json" in done.stdout
