"""JupyterLab without its news prompt and update check: ``python -m newslit quiet-jupyterlab``.

JupyterLab asks "Would you like to get notified about official Jupyter news?" on its first start and
checks for new versions; in class both are noise over the lesson. The settings that turn them off are
one file, ``newslit-quiet-jupyterlab.json`` beside this module, placed in the environment's
``share/jupyter/lab/settings/overrides.d/`` (JupyterLab reads every file there, so a school's own
``overrides.json`` is left alone). A wheel install of newslit puts it there itself (pyproject's
``data-files``); an editable install (``run.py setup``, Binder's postBuild, the hub guide) copies no data
files, so this command does. A plain ``jupyter lab`` from an environment without newslit cannot be
reached by files in the module's folder: JupyterLab does not read settings from the folder it starts in.
"""
from __future__ import annotations

import shutil
import sys
from importlib import resources
from pathlib import Path

SETTINGS_NAME = "newslit-quiet-jupyterlab.json"


def overrides_folder(prefix: Path | str) -> Path:
    """Where JupyterLab of the environment at ``prefix`` looks for packages' settings overrides."""
    return Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.d"


def lab_overrides_folder() -> Path:
    """Where the JupyterLab of this Python really reads them: its application folder's settings (which
    ``$JUPYTERLAB_DIR`` or a user-site install can move away from ``sys.prefix``), or ``sys.prefix``'s
    when JupyterLab is not installed here."""
    try:
        from jupyterlab.commands import get_app_dir
    except ImportError:
        return overrides_folder(sys.prefix)
    return Path(get_app_dir()) / "settings" / "overrides.d"


def install(prefix: Path | str | None = None) -> Path:
    """Copy the settings file into ``prefix``'s overrides.d (default: where this Python's JupyterLab reads
    them); return where it went."""
    target = (overrides_folder(prefix) if prefix is not None else lab_overrides_folder()) / SETTINGS_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    with resources.as_file(resources.files(__package__).joinpath(SETTINGS_NAME)) as source:
        shutil.copyfile(source, target)
    return target


def add_arguments(parser) -> None:
    parser.add_argument("--prefix", type=Path, default=None,
                        help="the Python environment whose JupyterLab to quiet (default: this Python's JupyterLab)")


def run(args) -> int:
    try:
        target = install(args.prefix)
    except OSError as error:
        print(f"Could not write JupyterLab's settings into {args.prefix or lab_overrides_folder()}: {error}",
              file=sys.stderr)
        return 1
    print(f"JupyterLab's news prompt and update check are off ({target}).")
    return 0
