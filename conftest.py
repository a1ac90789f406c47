"""pytest settings shared by the unit tests and strict nbval (the flags are in pyproject.toml).

Every test session runs isolated (``maintain.store.isolated_env``): an empty temporary answers
folder, the fixed student "Test Student", a throw-away profile, a throw-away chart cache and no
JupyterHub user. nbval's kernels, JupyterLab and every subprocess inherit this environment, so
notebooks are checked exactly as ``maintain.store`` stored them.

``NEWSLIT_PREFILL=1`` fills the answers folder with an answer to every catalogue question first:
strict nbval must pass then too, because no stored output depends on a saved answer.

No test writes a newslit file into a home folder, and the session proves it
----------------------------------------------------------------------------
``HOME`` and ``XDG_CACHE_HOME``/``XDG_CONFIG_HOME``/``XDG_DATA_HOME``/``XDG_STATE_HOME`` point at an
empty temporary folder (the *session home*) for the whole session, before any test or kernel runs.
Everything newslit finds "at home" goes through those variables: ``Path.home()`` and ``expanduser``
read ``HOME``, the chart cache reads ``XDG_CACHE_HOME`` then ``HOME``, platformdirs reads the XDG
variables. At the end of the session (``pytest_sessionfinish``) two checks run, and either failing
turns the session's exit status into a failure:

1. the session home holds no file or folder whose name (or a folder above it) contains "newslit".
   It started empty, and every process of the session saw it as its home (unless a test gives a
   subprocess a home of its own, as tests/test_install.py does and the hub's users have), so a
   newslit path found there is a test (or the package) that fell back to a home folder instead of
   the isolated ``NEWSLIT_*`` locations. A read-only folder would prove nothing when CI runs as root;
   an empty folder checked afterwards does;
2. the real home (the one ``HOME`` named before, and the password database's) has no newslit path
   that is new or changed since the session started (a snapshot of every newslit-named path there,
   with its modification time, taken at the start and compared at the end; the module's own checkout
   is left out when it lives under the home; a path removed counts too). This catches the ways
   around ``HOME``: a subprocess started with an environment without ``HOME`` (Python then asks the
   password database), or a path written into a test by hand.

Nothing is shared with the real home: matplotlib's font list is copied from it into the session
home (read, never written), so that it is not rebuilt in every session. Installs that want the
machine's pip or npm caches run before the tests (``python3 run.py hub`` prepares the hub test's).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from maintain.store import TEST_STUDENT, isolated_env

ROOT = Path(__file__).resolve().parent
# Set by the outermost session: nested pytest runs (pre-filled/offline, `run.py repeat`) share its
# chart cache, so a chart drawn by one execution is read back from the cache by the other.
SESSION_CHART_CACHE = "NEWSLIT_TEST_CHART_CACHE"
XDG = {"XDG_CACHE_HOME": ".cache", "XDG_CONFIG_HOME": ".config", "XDG_DATA_HOME": ".local/share",
       "XDG_STATE_HOME": ".local/state"}
if os.name == "nt":  # Path.home() reads USERPROFILE there, platformdirs the AppData folders
    XDG.update({"USERPROFILE": ".", "APPDATA": "AppData/Roaming", "LOCALAPPDATA": "AppData/Local"})
SCAN_DEPTH = 5  # ~/.cache/newslit/charts/<file> is 4 deep, ~/.local/share/newslit/answers/<file> 5

_isolation = None
_home_check = None

# The JupyterHub stage (`python3 run.py hub`, NEWSLIT_HUB_STAGE=1) runs tests/hub on its own; other runs never
# collect it.
collect_ignore = [] if os.environ.get("NEWSLIT_HUB_STAGE") == "1" else ["tests/hub"]


def newslit_paths(folder: Path, depth: int = SCAN_DEPTH, skip: tuple[Path, ...] = ()) -> dict[str, int]:
    """``{path: mtime_ns}`` of every file or folder under ``folder`` whose name, or a folder above it
    (below ``folder``), contains "newslit" (case-insensitive), ``depth`` levels down at most; symbolic
    links are not followed, ``skip`` is left out."""
    found: dict[str, int] = {}
    skipped = {str(p) for p in skip}
    top = len(folder.parts)
    for current, folders, files in os.walk(folder, followlinks=False):
        here = Path(current)
        folders[:] = [f for f in folders if str(here / f) not in skipped]
        if len(here.parts) - top >= depth:
            folders[:] = []
        inside = any("newslit" in part.lower() for part in here.parts[top:])
        for name in folders + files:
            if inside or "newslit" in name.lower():
                try:
                    found[str(here / name)] = os.lstat(here / name).st_mtime_ns
                except OSError:
                    continue
    return found


class HomeCheck:
    """Points HOME and the XDG folders at an empty session home; checks both homes at the end."""

    def __init__(self, real_homes: list[Path] | None = None, session_home: Path | None = None):
        self.saved = {k: os.environ.get(k) for k in ("HOME", *XDG)}
        if real_homes is None:
            homes = {os.path.expanduser("~")}
            if hasattr(os, "getuid"):  # the password database's home: where Python looks without HOME
                import pwd

                homes.add(pwd.getpwuid(os.getuid()).pw_dir)
            real_homes = [Path(h) for h in sorted(homes) if h and Path(h).is_dir()]
        self.real_homes = [h.resolve() for h in real_homes]
        self.skip = (ROOT,)  # a checkout under the home is full of newslit paths: not what this checks
        self.before = {str(h): newslit_paths(h, skip=self.skip) for h in self.real_homes}
        self.session_home = (session_home or Path(tempfile.mkdtemp(prefix="newslit-test-home-"))).resolve()

    def enter(self) -> None:
        home = self.saved["HOME"] or (str(self.real_homes[0]) if self.real_homes else "")
        real_cache = Path(self.saved["XDG_CACHE_HOME"] or Path(home) / ".cache")
        os.environ["HOME"] = str(self.session_home)
        for key, below in XDG.items():
            os.environ[key] = str(self.session_home / below)
        # matplotlib's font list, copied (not shared): building it again costs seconds in every session
        fonts = self.session_home / ".cache" / "matplotlib"
        fonts.mkdir(parents=True)
        for found in (real_cache / "matplotlib").glob("fontlist-*.json"):
            shutil.copy2(found, fonts / found.name)

    def problems(self) -> list[str]:
        found = []
        for path in sorted(newslit_paths(self.session_home, depth=50)):
            found.append(f"written under the session's HOME: {path}")
        for home in self.real_homes:
            before, after = self.before[str(home)], newslit_paths(home, skip=self.skip)
            found += [f"new or changed in the real home: {p}" for p in sorted(after) if before.get(p) != after[p]]
            found += [f"removed from the real home: {p}" for p in sorted(set(before) - set(after))]
        return found

    def leave(self) -> None:
        for key, value in self.saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(self.session_home, ignore_errors=True)


def pytest_configure(config):
    global _isolation, _home_check
    _home_check = HomeCheck()
    _home_check.enter()
    _isolation = isolated_env(chart_cache=os.environ.get(SESSION_CHART_CACHE))
    _isolation.__enter__()
    os.environ.setdefault(SESSION_CHART_CACHE, os.environ["NEWSLIT_CHART_CACHE"])
    if os.environ.get("NEWSLIT_PREFILL") == "1":
        from maintain.store import prefill
        from newslit.answers.store import AnswerStore

        store = AnswerStore(os.environ["NEWSLIT_ANSWERS"], TEST_STUDENT)
        answered = prefill(store)
        if os.environ.get("NEWSLIT_PREFILL_REPORT"):  # the test that started this run checks the count
            Path(os.environ["NEWSLIT_PREFILL_REPORT"]).write_text(str(answered), encoding="utf-8")


def pytest_sessionfinish(session, exitstatus):
    """Fail the session when a newslit file landed in a home folder (see the module docstring)."""
    if _home_check is None:
        return
    found = _home_check.problems()
    if found:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = "newslit files in a home folder (a test is not isolated):\n  " + "\n  ".join(found)
        if reporter is not None:
            reporter.write_sep("=", "home folder check FAILED", red=True)
            reporter.write_line(message)
        else:
            print(message)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_unconfigure(config):
    if _isolation is not None:
        _isolation.__exit__(None, None, None)
    if _home_check is not None:
        _home_check.leave()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can save a screenshot on failure."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
