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
import re
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


# ---------------------------------------------------------------- a practice article's source packet

@dataclass(frozen=True)
class SourcePage:
    """One invented page of a source packet: ``## Source N``, its outlet, title and date lines, its text."""

    number: str
    outlet: str
    title: str
    date: str
    text: str


_FACT_LINE = re.compile(r"^- (Outlet|Title|Date): (.*)$")


def read_packet(path: Path) -> list[SourcePage]:
    """The pages of a source packet (``<article>.sources.md``), in order; text before the first page is left out."""
    pages = []
    for chunk in re.split(r"^## Source ", path.read_text(encoding="utf-8"), flags=re.M)[1:]:
        number, _, body = chunk.partition("\n")
        facts, text = {}, []
        for line in body.splitlines():
            match = _FACT_LINE.match(line)
            if match and not text:
                facts[match[1].lower()] = match[2].strip()
            elif line.strip() or text:
                text.append(line)
        pages.append(SourcePage(number.strip(), facts.get("outlet", ""), facts.get("title", ""),
                                facts.get("date", ""), "\n".join(text).strip()))
    return pages


def search_words(query: str) -> list[str]:
    """The words of a search: letters and digits, two characters or more, each once, in order."""
    words = []
    for word in re.findall(r"[\w£%€$'’-]+", query.lower()):
        word = word.strip("'’-")
        if len(word) >= 2 and word not in words:
            words.append(word)
    return words[:12]


def word_pattern(word: str) -> re.Pattern:
    """A searched word as a search engine matches it: the whole word, or its plural ("survey", "surveys"),
    never the inside of another word ("wend" does not find "Wendshire")."""
    return re.compile(rf"(?<![\w]){re.escape(word)}(?:'?s|es)?(?![\w])", re.IGNORECASE)


def search_packet(pages: list[SourcePage], query: str | list[str]) -> list[SourcePage]:
    """The pages that hold every word of ``query`` (a search as typed, or its ``search_words``) in their
    outlet, title, date or text, best match first (the most hits, a hit in the title counting twice), as a
    search engine would list them; none for a query with no words."""
    words = search_words(query) if isinstance(query, str) else query
    if not words:
        return []
    patterns = [word_pattern(w) for w in words]
    scored = []
    for order, page in enumerate(pages):
        haystack = " ".join((page.outlet, page.title, page.date, page.text))
        if all(p.search(haystack) for p in patterns):
            hits = sum(len(p.findall(haystack)) + len(p.findall(page.title)) for p in patterns)
            scored.append((-hits, order, page))
    return [page for _, _, page in sorted(scored, key=lambda s: s[:2])]


def packet_for(key: str) -> list[SourcePage]:
    """The source packet of the article on offer with this key ([] for an article without one)."""
    for offer in available()[0]:
        if offer.key == key and offer.sources is not None:
            return read_packet(offer.sources)
    return []
