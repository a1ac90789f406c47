"""The before-and-after task: two short invented posts, each with the pages a careful check finds.

A student checks one post in notebook 01 (the question tagged ``measure = "task-before"``) and the
other in notebook 07a (``"task-after"``), in about eight minutes each, and writes who is behind it,
what the original source says, and whether to share it. Teachers score both answers with three of the
rubric's criteria without knowing which came first (``newslit.classroom.scoring``).

Counterbalanced: which post comes first is decided by the student's name (on a hub, the login), so
about half the class gets each post first, and one post being easier cannot pass for progress. The
second task gives whichever post the student's first answer did not use (so a name typed differently
later changes nothing once the first task is saved).

Content: ``newslit/content/tasks/task.toml`` (the criteria, the posts and what a check of each finds)
and one Markdown file per post, in the source-packet format of the practice articles
(``newslit.source.articles.read_packet``): the post, then ``## Source N`` pages. Every post, page and
group is invented and no person is named, so nothing can be found online: students search the pages.

Warm-ups. The same format serves the five-minute warm-ups that open lessons (a new short item each time,
because lateral reading becomes a habit through many quick checks): ``warmups/findings.toml`` lists them,
one Markdown file each, and each lesson's warm-up question names its item (``warmup(item_id)``). They are
practice, not a measure: the class report does not score them.
"""
from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newslit.source.articles import SourcePage, read_packet

BEFORE, AFTER = "task-before", "task-after"  # the catalogue's tags.measure of the two task questions
_FACT = re.compile(r"^- (Account|Date): (.*)$")


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    field: str  # the form field that answers it most directly (scorers read the whole answer)
    levels: tuple[str, ...]  # Beginning, Developing, Proficient, Advanced


@dataclass(frozen=True)
class Post:
    id: str
    title: str  # what students and scorers see ("A post about phones in schools")
    account: str
    date: str
    text: str
    pages: tuple[SourcePage, ...]
    findings: tuple[str, ...]  # what a careful check finds (shown after the second task)
    skill: str = ""  # a warm-up's skill, in plain words ("trace a number"); empty for the task's posts


LEVELS = ("Beginning", "Developing", "Proficient", "Advanced")


def _folder():
    return resources.files("newslit").joinpath("content", "tasks")


@lru_cache(maxsize=1)
def _data() -> dict:
    return tomllib.loads(_folder().joinpath("task.toml").read_text(encoding="utf-8"))


def _read_post(entry: dict, folder=None) -> Post:
    with resources.as_file((folder or _folder()).joinpath(entry["file"])) as path:
        text = path.read_text(encoding="utf-8")
        pages = tuple(read_packet(path))
    head = text.split("\n## Source ", 1)[0].split("# The post", 1)[1]
    facts, body = {}, []
    for line in head.strip().splitlines():
        match = _FACT.match(line)
        if match and not body:
            facts[match[1].lower()] = match[2].strip()
        elif line.strip() or body:
            body.append(line)
    return Post(entry["id"], entry["title"], facts.get("account", ""), facts.get("date", ""),
                "\n".join(body).strip(), pages, tuple(entry["findings"]), entry.get("skill", ""))


@lru_cache(maxsize=1)
def posts() -> tuple[Post, ...]:
    """The two posts, in the order of ``task.toml``."""
    return tuple(_read_post(entry) for entry in _data()["post"])


@lru_cache(maxsize=1)
def warmups() -> tuple[Post, ...]:
    """The warm-up items, in the order of ``warmups/findings.toml``."""
    folder = _folder().joinpath("warmups")
    data = tomllib.loads(folder.joinpath("findings.toml").read_text(encoding="utf-8"))
    return tuple(_read_post(entry, folder) for entry in data["warmup"])


def warmup_ids() -> tuple[str, ...]:
    return tuple(p.id for p in warmups())


def post(post_id: str) -> Post:
    """A task post or a warm-up item, by its id."""
    for group in (posts, warmups):  # the task's posts first: they need no warm-up file read
        for item in group():
            if item.id == post_id:
                return item
    known = ", ".join(p.id for p in (*posts(), *warmups()))
    raise KeyError(f"No task post or warm-up {post_id!r}; they are {known}.")


def post_ids() -> tuple[str, ...]:
    return tuple(p.id for p in posts())


@lru_cache(maxsize=1)
def criteria() -> tuple[Criterion, ...]:
    return tuple(Criterion(c["id"], c["name"], c["field"], tuple(c["levels"])) for c in _data()["criterion"])


def minutes() -> int:
    return int(_data()["minutes"])


def _plain_name(name: str) -> str:
    text = unicodedata.normalize("NFKC", name or "").casefold()
    return " ".join(text.split())


def first_post(name: str) -> str:
    """The post a student checks first: half of all names get each (a hash of the name, so the same name
    always gets the same post, on any computer)."""
    digest = hashlib.sha256(_plain_name(name).encode("utf-8")).digest()
    return post_ids()[digest[0] % 2]


def other_post(post_id: str) -> str:
    return next(p for p in post_ids() if p != post_id)


def assigned_post(measure: str, name: str, saved: dict) -> str:
    """Which post this student gets for the task tagged ``measure``.

    ``saved`` holds the student's saved answers to the two tasks by measure (``BEFORE``, ``AFTER``). An
    answer already saved for this task keeps its post; the second task takes the post the first task's
    answer did not use; otherwise the name decides (``first_post``).
    """
    def saved_post(which: str) -> str | None:
        value = saved.get(which)
        post_id = value.get("post") if isinstance(value, dict) else None
        return post_id if post_id in post_ids() else None

    own = saved_post(measure)
    if own:
        return own
    first = first_post(name)
    if measure == AFTER:
        return other_post(saved_post(BEFORE) or first)
    return first
