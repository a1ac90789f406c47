"""The articles notebook 07 offers by title: the module's practice articles and the class's own.

Where they come from, in this order:

* ``$NEWSLIT_ARTICLES``: a folder a teacher names;
* ``articles/`` in the folder the notebook runs in: a teacher puts the class's articles there (a page
  saved by a browser, ``.html`` or ``.mhtml``, or a ``.txt`` or ``.md`` file);
* the module's own ``articles/``: the two practice articles, invented for practice.

Teacher notes (``*.teacher.md``), source packets (``*.sources.md``) and READMEs are never offered.
A file that cannot be read as an article is left out of the list and named in ``problems``, so one bad
file never hides the others. Loading only reads files (``newslit.source.any_article``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newslit.source import any_article

ENV_FOLDER = "NEWSLIT_ARTICLES"
SUFFIXES = any_article.HTML_SUFFIXES + any_article.MHTML_SUFFIXES + any_article.TEXT_SUFFIXES
# A practice article's teacher note (what a careful check finds): never offered, never in the student copy
# (newslit/teacher/studentcopy.py) and never in the wheel (pyproject's exclude-package-data says it again).
TEACHER_NOTE = "*.teacher.md"
SOURCE_PACKET = "*.sources.md"
NOT_ARTICLES = (TEACHER_NOTE[1:], SOURCE_PACKET[1:])


@dataclass(frozen=True)
class Offer:
    """One article on the list: its title, the file, whether it is one of the module's practice articles."""

    title: str
    path: Path
    practice: bool
    key: str

    @property
    def sources(self) -> Path | None:
        """The source packet beside a practice article (``<name>.sources.md``), if there is one."""
        packet = self.path.with_name(self.path.name.split(".")[0] + SOURCE_PACKET[1:])
        return packet if packet.is_file() else None


def module_folder() -> Path:
    """The module's practice articles: ``articles/`` beside the package (a checkout or a copy of the module's
    folder), else ``newslit/articles/`` inside an installed package (pyproject maps the one folder there, as
    it does ``seeds/``; see ``newslit.source.article.seed_path``)."""
    package = Path(__file__).resolve().parents[1]
    beside = package.parent / "articles"
    return beside if beside.is_dir() else package / "articles"


def folders() -> list[Path]:
    """Where articles are looked for, the class's first; each folder once."""
    found = []
    configured = os.environ.get(ENV_FOLDER, "").strip()
    for folder in ([Path(configured).expanduser()] if configured else []) + [Path.cwd() / "articles",
                                                                             module_folder()]:
        if folder.is_dir() and all(folder.resolve() != f.resolve() for f in found):
            found.append(folder)
    return found


def is_article_file(path: Path) -> bool:
    name = path.name.lower()
    return (path.is_file() and not name.startswith(".") and name.endswith(SUFFIXES)
            and not name.endswith(NOT_ARTICLES) and not name.startswith("readme"))


@lru_cache(maxsize=256)
def _read(path: str, mtime: float, size: int) -> tuple[str, str] | str:
    """(title, key) of one file, or the reason it cannot be offered (cached by the file's time and size)."""
    try:
        article = any_article.load_file(path)
    except any_article.ArticleInputError as error:
        return str(error)
    return article.title or Path(path).stem.replace("-", " ").capitalize(), article.key


def available() -> tuple[list[Offer], list[str]]:
    """The articles on offer, and one line for each file that could not be read."""
    offers, problems, practice = [], [], module_folder().resolve()
    for folder in folders():
        for path in sorted(p for p in folder.iterdir() if is_article_file(p)):
            stat = path.stat()
            read = _read(str(path), stat.st_mtime, stat.st_size)
            if isinstance(read, str):
                problems.append(f"{path.name}: {read}")
                continue
            title, key = read
            if any(o.key == key for o in offers):
                continue  # the same article twice (a copy in two folders)
            offers.append(Offer(title, path, folder.resolve() == practice, key))
    return offers, problems
