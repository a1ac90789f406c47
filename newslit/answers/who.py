"""Who is answering: the student's name and class, kept per computer login.

Resolution order for the answer file's owner (see ``newslit.answers.store`` for the file itself):

1. On a JupyterHub, ``JUPYTERHUB_USER`` (the typed name is then only a display name);
2. ``$NEWSLIT_STUDENT`` (set by the tests, or by a teacher's launcher);
3. the name typed in notebook 00, kept in the login's own profile file
   (``~/.config/newslit/profile.json``, or ``$NEWSLIT_PROFILE``), never in a shared folder;
4. the computer login.

Shared computer logins (a class of students on one school account) are guarded two ways:

* **A notebook confirms who is working before it saves.** The profile keeps a fresh ``name_id`` each
  time a name is typed. A kernel that did not type that name itself holds every answer in memory
  (``HeldStore``: nothing is saved or shown under that name) until the student confirms it once
  (``confirm()``, the "Yes, that's me" button of ``nl.saving_as()``); then the held answers are saved.
* **A new name close to an existing one is questioned** (``close_names``): "Jordan M." or "jordn"
  when answers are already saved as "Jordan" gets a prompt to use the existing name.
On a JupyterHub, or when ``$NEWSLIT_STUDENT`` is set, the login or the variable decides and neither
guard applies.
"""
from __future__ import annotations

import json
import os
import re
import unicodedata
import uuid
from pathlib import Path

from newslit.answers.store import (
    FILE_KIND,
    AnswerSaveError,
    AnswerStore,
    check_answer,
    default_folder,
    hub_user,
    login_name,
    name_key,
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
    if isinstance(data.get("name_id"), str) and re.fullmatch(r"[0-9a-f]{32}", data["name_id"]):
        profile["name_id"] = data["name_id"]
    return profile


def save_profile(name: str, class_name: str = "") -> dict:
    """Remember the typed name (and class) for this login; raises ``ValueError`` for unsafe names."""
    global _confirmed
    profile = {"name": normalise_name(name), "name_id": uuid.uuid4().hex}
    if class_name.strip():
        profile["class"] = normalise_name(class_name)
    old = read_profile()
    same = (bool(old.get("name")) and name_key(old["name"]) == name_key(profile["name"])
            and old.get("class") == profile.get("class"))
    if same and old.get("name_id"):
        profile["name_id"] = old["name_id"]  # the same student again: other notebooks need not re-confirm
    path = profile_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_json_atomically(path, profile)
    _confirmed = _profile_key(profile)  # typed here, so this notebook saves under it at once
    release_held()
    return profile


def typed_name() -> str:
    """The name a student (or a teacher's launcher) gave, or "" when only the computer login is known."""
    return os.environ.get(ENV_STUDENT, "").strip() or read_profile().get("name") or ""


def display_name() -> str:
    """The name to show and to store as the student's display name."""
    return os.environ.get(ENV_STUDENT, "").strip() or read_profile().get("name") or hub_user() or login_name()


_STORES: dict[tuple, AnswerStore] = {}
_confirmed: str | None = None   # the profile key this kernel typed or confirmed
_HELD: dict[str, HeldStore] = {}
HELD_MESSAGE = ("first confirm your name at the top of this notebook. Your answer is kept, and saved as soon as "
                "you do.")


def _profile_key(profile: dict) -> str:
    return profile.get("name_id") or f"name:{profile.get('name', '').casefold()}"


def decided_elsewhere() -> bool:
    """True when the login (a hub) or ``$NEWSLIT_STUDENT`` decides who is answering."""
    return bool(hub_user() or os.environ.get(ENV_STUDENT, "").strip())


def needs_confirmation() -> bool:
    """True while this notebook must ask "Is this you?" before saving under the profile's name."""
    if decided_elsewhere():
        return False
    profile = read_profile()
    return bool(profile.get("name")) and _confirmed != _profile_key(profile)


def confirm() -> AnswerStore:
    """The student confirmed the profile's name in this notebook: save what was held, from now on at once."""
    global _confirmed
    _confirmed = _profile_key(read_profile())
    release_held()
    return current_store()


class HeldStore:
    """Stands in for the answer store until the student confirms who they are: it shows no saved answer
    (they may be someone else's) and keeps new answers in memory, refusing to save them with a clear
    message; ``release_held`` writes them into the confirmed student's store."""

    def __init__(self, name: str):
        self.student, self.held = name, {}

    def load(self, question_id: str):
        return None

    def answers(self) -> dict:
        return {}

    def records(self) -> dict:
        return {}

    def save(self, question_id: str, value):
        self.held[question_id] = check_answer(question_id, value)
        raise AnswerSaveError(HELD_MESSAGE)

    def save_soon(self, question_id: str, value, on_saved=None) -> None:
        self.save(question_id, value)

    def mark_shown(self, question_id: str) -> bool:
        return False

    def flush(self) -> None:
        return None

    def export(self, path):
        raise AnswerSaveError("first confirm your name at the top of this notebook, then make your hand-in file.")


def release_held() -> int:
    """Write every held answer into the current (now confirmed) store; returns how many were written."""
    written = 0
    for key, held in list(_HELD.items()):
        if key != _confirmed:
            continue
        del _HELD[key]
        store = current_store()
        for question_id, value in held.held.items():
            store.save(question_id, value)
            written += 1
    return written


def close_names(name: str, folder: str | os.PathLike | None = None) -> list[str]:
    """Students with saved answers in ``folder`` whose name is close to ``name`` but not the same: other
    case or spacing, an added initial, or one letter different ("Jordan M.", "jordn" for "Jordan")."""
    wanted = _plain(name)
    if not wanted:
        return []
    found = []
    for path in sorted(Path(folder if folder is not None else default_folder()).glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict) or data.get("kind") != FILE_KIND or not data.get("answers"):
            continue
        other = str(data.get("student", ""))
        if name_key(other) != name_key(name) and _close(wanted, _plain(other)) and other not in found:
            found.append(other)
    return found


def _plain(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def _close(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if long.startswith(short) and len(long) - len(short) <= 2 and len(short) >= 3:
        return True  # an added initial: "jordan" / "jordanm"
    if len(long) - len(short) > 1:
        return False
    edits, i, j = 0, 0, 0
    while i < len(short) and j < len(long):
        if short[i] != long[j]:
            edits += 1
            if edits > 1:
                return False
            if len(short) == len(long):
                i += 1
            j += 1
            continue
        i, j = i + 1, j + 1
    return edits + (len(long) - j) <= 1


def current_store(folder: str | os.PathLike | None = None) -> AnswerStore:
    """The answer store of whoever is working now (a hub login always decides the file).

    One store per (folder, name, class) per kernel, so debounced saves are never split. While the
    notebook has not confirmed the profile's name (``needs_confirmation``), a ``HeldStore`` stands in.
    """
    profile = read_profile()
    if folder is None and needs_confirmation():
        return _HELD.setdefault(_profile_key(profile), HeldStore(profile["name"]))
    key = (str(folder if folder is not None else default_folder()), display_name(), profile.get("class"))
    if key not in _STORES:
        _STORES[key] = AnswerStore(key[0], key[1], class_name=key[2])
    return _STORES[key]
