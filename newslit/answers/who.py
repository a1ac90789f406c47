"""Who is answering: the student's name and class, kept per computer login.

Resolution order for the answer file's owner (see ``newslit.answers.store`` for the file itself):

1. On a JupyterHub, ``JUPYTERHUB_USER`` (the typed name is then only a display name);
2. ``$NEWSLIT_STUDENT`` (set by the tests, or by a teacher's launcher);
3. the name typed in notebook 00, kept in the login's own profile file
   (``~/.config/newslit/profile.json``, or ``$NEWSLIT_PROFILE``), never in a shared folder;
4. the computer login.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from newslit.answers.store import (
    AnswerStore,
    default_folder,
    hub_user,
    login_name,
    normalise_name,
    write_json_atomically,
)

ENV_STUDENT = "NEWSLIT_STUDENT"
ENV_PROFILE = "NEWSLIT_PROFILE"


def profile_path() -> Path:
    configured = os.environ.get(ENV_PROFILE, "").strip()
    if configured:
        return Path(configured).expanduser()
    return Path.home() / ".config" / "newslit" / "profile.json"


def read_profile() -> dict:
    """The saved name and class ({} when none, or when the file is unreadable)."""
    try:
        data = json.loads(profile_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    profile = {}
    for key in ("name", "class"):
        try:
            if data.get(key):
                profile[key] = normalise_name(str(data[key]))
        except ValueError:
            continue
    return profile


def save_profile(name: str, class_name: str = "") -> dict:
    """Remember the typed name (and class) for this login; raises ``ValueError`` for unsafe names."""
    profile = {"name": normalise_name(name)}
    if class_name.strip():
        profile["class"] = normalise_name(class_name)
    path = profile_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_json_atomically(path, profile)
    return profile


def display_name() -> str:
    """The name to show and to store as the student's display name."""
    return os.environ.get(ENV_STUDENT, "").strip() or read_profile().get("name") or hub_user() or login_name()


_STORES: dict[tuple, AnswerStore] = {}


def current_store(folder: str | os.PathLike | None = None) -> AnswerStore:
    """The answer store of whoever is working now (a hub login always decides the file).

    One store per (folder, name, class) per kernel, so debounced saves are never split.
    """
    profile = read_profile()
    key = (str(folder if folder is not None else default_folder()), display_name(), profile.get("class"))
    if key not in _STORES:
        _STORES[key] = AnswerStore(key[0], key[1], class_name=key[2])
    return _STORES[key]
