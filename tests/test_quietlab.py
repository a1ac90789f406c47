"""JupyterLab's news prompt and update check are off wherever the module sets JupyterLab up.

JupyterLab itself decides: ``jupyterlab_server``'s own reader of an environment's settings overrides
(``overrides.json`` and every file in ``overrides.d``) must find ``fetchNews: "false"`` (the toast
"Would you like to get notified about official Jupyter news?" appears only while it is ``"none"``, read
in JupyterLab 4's announcements plugin) and no update check.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from jupyterlab_server.settings_utils import _get_overrides

import newslit.teacher.quietlab as quietlab

QUIET = {"fetchNews": "false", "checkForUpdates": False}
PLUGIN = "@jupyterlab/apputils-extension:notification"


def settings_read_from(settings_folder: Path | str) -> dict:
    """What a JupyterLab whose settings folder is ``settings_folder`` reads as the notification plugin's defaults."""
    overrides, error = _get_overrides(str(settings_folder))
    assert error == "", error
    return overrides.get(PLUGIN, {})


def lab_notification_settings(prefix: Path) -> dict:
    """The same, for the JupyterLab of the environment at ``prefix``."""
    return settings_read_from(quietlab.overrides_folder(prefix).parent)


def test_the_command_quiets_the_environment_it_is_given_and_keeps_a_schools_own_overrides(tmp_path):
    own = quietlab.overrides_folder(tmp_path).parent / "overrides.json"
    own.parent.mkdir(parents=True)
    own.write_text('{"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"}}', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "newslit", "quiet-jupyterlab", "--prefix", str(tmp_path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert lab_notification_settings(tmp_path) == QUIET
    overrides, _ = _get_overrides(str(own.parent))
    assert overrides["@jupyterlab/apputils-extension:themes"] == {"theme": "JupyterLab Dark"}
    again = subprocess.run([sys.executable, "-m", "newslit", "quiet-jupyterlab", "--prefix", str(tmp_path)],
                           capture_output=True, text=True, check=False)
    assert again.returncode == 0 and lab_notification_settings(tmp_path) == QUIET


def test_a_prefix_that_cannot_be_written_gets_one_clear_line(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "newslit", "quiet-jupyterlab", "--prefix", str(blocked)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr and str(blocked) in done.stderr


def test_the_checkouts_own_environment_is_quiet():
    """``python3 run.py setup`` ran the command for the .venv the tests run in, into the folder its
    JupyterLab reads (not only an older ``overrides.json``)."""
    assert (quietlab.lab_overrides_folder() / quietlab.SETTINGS_NAME).is_file()
    assert quietlab.lab_overrides_folder() == quietlab.overrides_folder(sys.prefix)
    assert lab_notification_settings(Path(sys.prefix)) == QUIET


def test_by_default_it_writes_where_jupyterlab_reads(tmp_path, monkeypatch):
    """``$JUPYTERLAB_DIR`` moves JupyterLab's application folder; the command follows it."""
    monkeypatch.setenv("JUPYTERLAB_DIR", str(tmp_path / "lab"))
    target = quietlab.install()
    assert target.parent == tmp_path / "lab" / "settings" / "overrides.d"
    overrides, error = _get_overrides(str(tmp_path / "lab" / "settings"))
    assert error == "" and overrides[PLUGIN] == QUIET
