"""Any article: the module's moves on an article a teacher or student chooses.

``load(source)`` reads a web page saved by a browser (``.html``/``.htm``, Chrome's ``.mhtml``), a
``.txt`` or ``.md`` file, or pasted text (a ``str``), and returns an :class:`AnyArticle`: passages
with ids (``H`` the title, ``P1``, ``P2`` … the paragraphs, ``S1``, ``S2`` … sub-headings), the
page's metadata (site, title, author, date, URL, links) and ``key``, a short hash of the normalised
text that answers about the article can be filed under. ``analyse(article)`` returns an
:class:`Analysis`: the quotes and whom the page attributes them to, hedge words, numbers and dates,
named people and organisations, and what the page does not say. Every finding carries its passage
id and the exact span (``passage.text[start:end] == span``), so a notebook can show it in place.

Plain Python plus trafilatura (offline article extraction; it never fetches anything here). No
pandas, no widgets, no model: the analysis is rules and word lists, and fast (a 2,000-word article
takes milliseconds; ``benchmarks/any_article_speed.py``). ``load`` only reads: it never writes,
moves or changes the file it is given.

Bad input raises :class:`ArticleInputError` (a ``ValueError``) whose message is written for a
student and says what to do instead; ``reason`` names the case for code (``"empty"``,
``"not-text"``, ``"too-big"``, ``"no-article"``, ``"too-short"``, ``"missing"``). Odd input that can
still be read is read, with a plain note in ``article.notes``: a file that is not UTF-8 (read with the
page's declared charset, else Windows-1252), an article not in English (the word lists are English,
so most findings will be missing), a text without paragraph breaks (split into groups of sentences,
which are not the writer's paragraphs), an article cut at 20,000 words. Scripts and styles in a page
are dropped and never run; what the analysis returns is plain text, and whoever shows it in a page
must escape it (the module's templates do).

What the rules miss (said in each function's docstring too): quotes in single quotation marks, quotes
that run over several paragraphs, speakers named only in an earlier sentence, pronouns (reported as
"she", with a guess), names at the start of a sentence that appear nowhere else, names written in
lower case or in other alphabets, organisations without a tell-tale word ("Apple", "Oxfam"), people
versus places (a two-word capitalised name is counted as a person unless a word like "Street" or
"Council" says otherwise), hedges that are not on the list, "may"/"could" used as plain facts, numbers
written as words beyond twenty, and anything in a language other than English.
"""
from __future__ import annotations

import codecs
import email
import email.policy
import hashlib
import os
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

from newslit.source.article import count_words

MAX_FILE_BYTES = 25 * 1024 * 1024  # saved news pages are often 1–5 MB; a 25 MB "page" is something else
MAX_WORDS = 20_000                 # of extracted text: enough for any news article
MIN_WORDS = 20                     # fewer is not an article to analyse
GROUP_SENTENCES = 4                # a text with no paragraph breaks is split into groups of this many
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
MHTML_SUFFIXES = (".mhtml", ".mht")
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
PRACTICE_MARK = "INVENTED FOR PRACTICE"


class ArticleInputError(ValueError):
    """Input that cannot be read as an article; the message is plain English, ``reason`` a short code."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


# --------------------------------------------------------------------------------------------------
# The article


@dataclass(frozen=True)
class AnyPassage:
    """One passage: ``H`` (the title), ``P1`` … (paragraphs) or ``S1`` … (sub-headings)."""

    id: str
    kind: str  # "headline", "body" or "heading"
    text: str

    @property
    def words(self) -> int:
        return count_words(self.text)

    @property
    def sentences(self) -> list[str]:
        return [self.text[a:b] for a, b in sentence_spans(self.text)]


@dataclass
class AnyArticle:
    """An article a teacher or student chose, as passages with ids, and what the page says about itself."""

    passages: list[AnyPassage]
    title: str | None = None
    site: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    links: int | None = None  # links inside the article text; None when the format keeps no links
    source_kind: str = "pasted"  # "html", "mhtml", "text", "markdown" or "pasted"
    source_name: str | None = None  # the file's name as given (for display only; never opened again)
    encoding: str = "utf-8"
    language: str = "en"  # "en", or a guess such as "fr", "de", or "unknown"
    practice_note: str | None = None  # the "INVENTED FOR PRACTICE" line of a practice article
    notes: list[str] = field(default_factory=list)
    truncated: bool = False
    split_into_groups: bool = False

    def __post_init__(self):
        self._by_id = {p.id: p for p in self.passages}

    @property
    def ids(self) -> list[str]:
        return [p.id for p in self.passages]

    @property
    def english(self) -> bool:
        return self.language == "en"

    @property
    def words(self) -> int:
        return sum(p.words for p in self.passages)

    @property
    def full_text(self) -> str:
        return "\n\n".join(p.text for p in self.passages)

    @property
    def key(self) -> str:
        return article_key(self.full_text)

    def __getitem__(self, passage_id: str) -> AnyPassage:
        try:
            return self._by_id[passage_id]
        except KeyError:
            raise KeyError(f"No passage {passage_id!r}. Known ids: {', '.join(self.ids)}.") from None

    def __contains__(self, passage_id: str) -> bool:
        return passage_id in self._by_id

    def text(self, passage_id: str) -> str:
        return self[passage_id].text

    def find(self, span: str) -> list[str]:
        """The ids of the passages whose text contains ``span`` exactly."""
        return [p.id for p in self.passages if span in p.text]

    def metadata(self) -> dict:
        return {"title": self.title, "site": self.site, "author": self.author, "date": self.date,
                "url": self.url, "links": self.links, "source_kind": self.source_kind,
                "language": self.language, "words": self.words, "key": self.key}


_QUOTE_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'",
                             "–": "-", "—": "-", "\u00a0": " "})


def article_key(text: str) -> str:
    """A short, stable key for an article's text: 12 hex digits of SHA-256 over the normalised text.

    Normalised: Unicode NFKC, curly quotes and dashes made plain, case folded, runs of white space one
    space. So the same article saved as a page, as text or pasted gets the same key as long as its
    words are the same; a changed word gives a different key.
    """
    norm = unicodedata.normalize("NFKC", text).translate(_QUOTE_FOLD).casefold()
    norm = " ".join(norm.split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:12]


# --------------------------------------------------------------------------------------------------
# Loading

_MAGIC = (
    (b"%PDF", "a PDF file"),
    (b"\x89PNG", "a picture (PNG)"),
    (b"\xff\xd8\xff", "a picture (JPEG)"),
    (b"GIF8", "a picture (GIF)"),
    (b"BM", None),  # checked with more care below: "BM" can start a text
    (b"PK\x03\x04", "a zip file (perhaps a Word or OpenOffice document)"),
    (b"\xd0\xcf\x11\xe0", "an old Word or Office document"),
    (b"{\\rtf", "a rich-text document"),
)
_NOT_TEXT_ADVICE = (" This tool reads articles saved as a web page (.html or .mhtml), as text (.txt or .md), or "
                    "text you copy and paste. Open the article in your browser, select its words, copy them and "
                    "paste them in instead.")


def load(source, *, name: str | None = None) -> AnyArticle:
    """Read an article from a file or from pasted text, and split it into passages with ids.

    ``source`` is a path (``str`` or ``Path``) to a ``.html``/``.htm``/``.mhtml``/``.txt``/``.md``
    file, ``bytes`` of such a file (give ``name`` so the kind can be told), or pasted text: a ``str``
    that is not the path of an existing file. Pasted text that starts like a web page is read as one.
    Raises :class:`ArticleInputError` with a plain message when there is no article to read.
    """
    if isinstance(source, os.PathLike):
        return load_file(source)
    if isinstance(source, bytes | bytearray):
        return load_bytes(bytes(source), name=name)
    if not isinstance(source, str):
        raise TypeError(f"load() takes a file path, bytes or pasted text, not {type(source).__name__}.")
    if "\n" not in source and 0 < len(source) < 4096:
        try:
            is_file = Path(source).is_file()
        except (OSError, ValueError):
            is_file = False
        if is_file:
            return load_file(source)
    return load_text(source, kind="pasted", name=name)


def load_file(path) -> AnyArticle:
    """Read a saved page or a text file (see :func:`load`). The file is only read, never changed."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ArticleInputError(f"There is no file called “{path.name}” there. Check the name and the folder.",
                                "missing") from None
    if path.is_dir():
        raise ArticleInputError(f"“{path.name}” is a folder, not a file. Pick the article's file inside it.",
                                "not-text")
    if size > MAX_FILE_BYTES:
        raise ArticleInputError(
            f"This file is too big to be one article ({size / 1024 / 1024:.0f} MB; the limit is "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB). Save only the article's page, or copy its words and paste them "
            "in.", "too-big")
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    return load_bytes(data, name=path.name)


def load_bytes(data: bytes, *, name: str | None = None) -> AnyArticle:
    """Read the bytes of a saved page or text file; ``name`` (a file name) says which kind it is."""
    if len(data) > MAX_FILE_BYTES:
        raise ArticleInputError(
            f"This file is too big to be one article (the limit is {MAX_FILE_BYTES // 1024 // 1024} MB). Save only "
            "the article's page, or copy its words and paste them in.", "too-big")
    if not data.strip():
        raise ArticleInputError("This file is empty: there are no words in it." + _NOT_TEXT_ADVICE, "empty")
    _refuse_binary(data)
    suffix = Path(name).suffix.lower() if name else ""
    head = data[:4096].lstrip().lower()
    if suffix in MHTML_SUFFIXES or (head.startswith(b"from:") or b"multipart/related" in head[:2048]):
        return _load_mhtml(data, name)
    if suffix in HTML_SUFFIXES or _looks_like_html(head):
        text, encoding, note = decode(data, html=True)
        article = _load_html(text, name=name, kind="html")
    else:
        text, encoding, note = decode(data, html=False)
        article = load_text(text, kind="markdown" if suffix in (".md", ".markdown") else "text", name=name)
    article.encoding = encoding
    if note:
        article.notes.insert(0, note)
    return article


def _refuse_binary(data: bytes) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            if what is None:  # a BMP picture has its size in bytes 2-6 and zeros after
                if len(data) > 14 and data[6:10] == b"\0\0\0\0":
                    what = "a picture (BMP)"
                else:
                    continue
            raise ArticleInputError(f"This is {what}, not an article's text." + _NOT_TEXT_ADVICE, "not-text")
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP" or data[4:12] in (b"ftypheic", b"ftypmif1", b"ftypavif"):
        raise ArticleInputError("This is a picture, not an article's text." + _NOT_TEXT_ADVICE, "not-text")
    sample = data[:8192]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    if sample.count(b"\0") > len(sample) // 100 + 1:
        raise ArticleInputError("This file is not text (it looks like a program, a picture or a document "
                                "in a format this tool cannot read)." + _NOT_TEXT_ADVICE, "not-text")


def _looks_like_html(head: bytes) -> bool:
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or (b"<body" in head and b"</" in head)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)


def decode(data: bytes, *, html: bool) -> tuple[str, str, str | None]:
    """Bytes to text without ever failing: (text, encoding used, a note for the reader or None).

    UTF-8 first (with or without a byte-order mark; UTF-16 when it has one); then, for a web page, the
    charset its ``<meta>`` declares; then Windows-1252, which reads every byte (the few it has no letter
    for become "�"). A wrong ``<meta>`` on a UTF-8 file does no harm: UTF-8 is tried first.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8", None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16", None
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    if html and (match := _META_CHARSET.search(data[:8192])):
        declared = match.group(1).decode("ascii", "replace")
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            codec = None
        if codec and codec not in ("utf-8", "utf-16", "utf-32"):
            try:
                return data.decode(codec), codec, None
            except UnicodeDecodeError:
                pass
    return (data.decode("cp1252", errors="replace"), "cp1252",
            "This file was not saved as UTF-8, so it was read as Windows-1252 (Western European). If some "
            "letters look wrong (such as Ã© for é), save the page again or paste its text instead.")


def _load_mhtml(data: bytes, name: str | None) -> AnyArticle:
    """A page saved by Chrome as one file: a MIME message whose text/html part is the page."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    url = message.get("Snapshot-Content-Location")
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset()
            text, encoding, note = _decode_part(payload, charset)
            article = _load_html(text, name=name, kind="mhtml", url=url or part.get("Content-Location"))
            article.encoding = encoding
            if note:
                article.notes.insert(0, note)
            return article
    raise ArticleInputError("This saved page (.mhtml) has no web page inside it, so there is no article text "
                            "to read." + _NOT_TEXT_ADVICE, "no-article")


def _decode_part(payload: bytes, charset: str | None) -> tuple[str, str, str | None]:
    try:
        return payload.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    if charset:
        try:
            return payload.decode(charset), codecs.lookup(charset).name, None
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(payload, html=True)


_DROP_TAGS = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>", re.I | re.S)


def _load_html(html: str, *, name: str | None, kind: str, url: str | None = None) -> AnyArticle:
    """The article in a web page, by trafilatura (offline), as passages; scripts and styles dropped."""
    import trafilatura
    from lxml import etree

    # Scripts, styles and templates go before the extractor sees the page (trafilatura drops them too);
    # nothing in the page is ever run. An XML declaration would make lxml refuse a str.
    html = _DROP_TAGS.sub(" ", html)
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    xml = trafilatura.extract(html, output_format="xml", include_links=True, with_metadata=True,
                              include_comments=False, include_tables=False, include_images=False,
                              favor_precision=False, url=url, deduplicate=False)
    no_article = ArticleInputError(
        "We could not find any article text in this page. It may be a home page, a menu, or a page that shows "
        "its words only with JavaScript (which this tool never runs). Open the article in your browser, copy its "
        "words and paste them in instead.", "no-article")
    if not xml:
        raise no_article
    root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(recover=True, resolve_entities=False,
                                                                 no_network=True))
    main = root.find("main")
    if main is None:
        raise no_article
    blocks: list[tuple[str, str]] = []
    links = 0
    for element in main.iter("p", "head", "item", "quote"):
        if element.tag in ("p", "item", "quote") and any(a.tag in ("p", "item", "quote")
                                                          for a in element.iterancestors()):
            continue  # counted with the block it is in
        text = " ".join("".join(element.itertext()).split())
        if not text:
            continue
        links += sum(1 for ref in element.iter("ref") if ref.get("target"))
        blocks.append(("heading" if element.tag == "head" else "body", text))
    title = root.get("title") or None
    if not any(kind_ == "body" for kind_, _ in blocks):
        raise no_article
    article = _build(blocks, title=title, kind=kind, name=name)
    if article.words < MIN_WORDS:
        raise no_article
    article.site = root.get("sitename") or root.get("hostname") or None
    article.author = root.get("author") or None
    article.date = root.get("date") or None
    article.url = root.get("url") or url or None
    article.links = links
    return _finish(article, declared_language=_html_lang(html))


def _html_lang(html: str) -> str | None:
    match = re.search(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2})", html[:4096], re.I)
    return match.group(1).lower() if match else None


_BYLINE = re.compile(r"^(?:by|words by|written by|reporter:?)\s+(?P<name>[^,|·•]{2,80})$", re.I)
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\((?:https?://|www\.)[^)\s]+\)")
_BARE_URL = re.compile(r"\bhttps?://\S+")


def load_text(text: str, *, kind: str = "pasted", name: str | None = None) -> AnyArticle:
    """Pasted text, a .txt or a .md file: title, byline, paragraphs (blank lines part them)."""
    if "\0" in text:
        text = text.replace("\0", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise ArticleInputError("There is no text here: it is empty." + _NOT_TEXT_ADVICE, "empty")
    head = text.lstrip()[:2048].lower()
    if kind == "pasted" and head.startswith(("<!doctype html", "<html")):
        return _load_html(text, name=name, kind="html")
    lines = [line.strip() for line in text.split("\n")]
    practice_note = None
    first = next((i for i, line in enumerate(lines) if line), None)
    if first is not None and lines[first].upper().startswith(PRACTICE_MARK):
        practice_note, lines[first] = lines[first], ""
    # Paragraphs are parted by blank lines; a text with none, but with line breaks, has one a line.
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    if len(paragraphs) == 1 and len(paragraphs[0]) > 1:
        paragraphs = [[line] for line in paragraphs[0]]
    links = 0
    blocks: list[tuple[str, str]] = []
    title = None
    author = date = site = None
    markdown = kind == "markdown"
    for index, para in enumerate(paragraphs):
        block = " ".join(para)
        heading = False
        if markdown or block.startswith("#"):
            if re.match(r"^#{1,6}\s+", block):
                heading, block = True, re.sub(r"^#{1,6}\s+", "", block).strip(" #")
            block = re.sub(r"^>\s?", "", block)
            block = re.sub(r"(\*\*|__)(.+?)\1", r"\2", block)
        links += len(_MD_LINK.findall(block)) + len(_BARE_URL.findall(_MD_LINK.sub("", block)))
        block = _MD_LINK.sub(r"\1", block)
        if not block:
            continue
        if title is None and not blocks and (heading or (index == 0 and len(paragraphs) > 1 and _title_like(block))):
            title = block
            continue
        if title is not None and len(blocks) == 0 and (meta := _byline(block)):
            site, author, date = meta
            continue
        blocks.append(("heading" if heading else "body", block))
    if not any(k == "body" for k, _ in blocks):
        if title and not blocks:  # one line only: it is the text, not a title
            blocks, title = [("body", title)], None
        else:
            raise ArticleInputError("There is a title here but no article text under it.", "too-short")
    article = _build(blocks, title=title, kind=kind, name=name)
    article.author, article.date, article.site = author, date, site
    article.links = links if kind in ("markdown",) or links else (None if kind != "markdown" else 0)
    article.practice_note = practice_note
    if article.words < MIN_WORDS:
        raise ArticleInputError(
            f"That is only {article.words} word{'s' if article.words != 1 else ''}. Paste or pick a whole article "
            f"(at least {MIN_WORDS} words).", "too-short")
    return _finish(article, declared_language=None)


def _title_like(block: str) -> bool:
    return count_words(block) <= 20 and not re.search(r"[.!?:;,][”\"’']?$", block)


_DATE_WORDS = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
               r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)")
_WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DATE_ONLY = re.compile(rf"^(?:(?:published|updated|posted)\s*:?\s*)?(?:{_WEEKDAYS},?\s+)?(?:\d{{1,2}}\s+{_DATE_WORDS}"
                        rf"\.?,?\s+\d{{4}}|{_DATE_WORDS}\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|"
                        rf"\d{{1,2}}/\d{{1,2}}/\d{{2,4}})$", re.I)


def _byline(block: str) -> tuple[str | None, str | None, str | None] | None:
    """A line under the title such as "Tiverly Post · By Jo Brambleworth · 5 March 2024"."""
    if count_words(block) > 20:
        return None
    parts = [p.strip() for p in re.split(r"\s+[·|•—–]\s+|\s*\|\s*", block) if p.strip()]
    site = author = date = None
    for part in parts:
        if match := _BYLINE.match(part):
            author = match.group("name").strip()
        elif _DATE_ONLY.match(part):
            date = re.sub(r"^(?:published|updated|posted)\s*:?\s*", "", part, flags=re.I)
        elif site is None and len(parts) > 1:
            site = part
        else:
            return None
    return (site, author, date) if (author or date) else None


def _build(blocks: list[tuple[str, str]], *, title: str | None, kind: str, name: str | None) -> AnyArticle:
    """Passages from text blocks; drops a first heading equal to the title; cuts at MAX_WORDS."""
    passages = [AnyPassage("H", "headline", title)] if title else []
    words, truncated, body, heads = count_words(title or ""), False, 0, 0
    for index, (kind_, text) in enumerate(blocks):
        if index == 0 and kind_ == "heading" and title and text.strip() == title.strip():
            continue
        n = count_words(text)
        if words + n > MAX_WORDS:
            truncated = True
            if words >= MAX_WORDS // 2 or body:
                break
        words += n
        if kind_ == "heading":
            heads += 1
            passages.append(AnyPassage(f"S{heads}", "heading", text))
        else:
            body += 1
            passages.append(AnyPassage(f"P{body}", "body", text))
    article = AnyArticle(passages, title=title, source_kind=kind, source_name=name)
    article.truncated = truncated
    if truncated:
        article.notes.append(f"This article is very long, so only its first {MAX_WORDS:,} words are used.")
    return article


def _finish(article: AnyArticle, *, declared_language: str | None) -> AnyArticle:
    """Split a text without paragraphs into sentence groups; guess the language; rebuild the id index."""
    body = [p for p in article.passages if p.kind == "body"]
    if len(body) == 1 and len(spans := sentence_spans(body[0].text)) > GROUP_SENTENCES + 2:
        text = body[0].text
        groups = [spans[i:i + GROUP_SENTENCES] for i in range(0, len(spans), GROUP_SENTENCES)]
        if len(groups[-1]) == 1 and len(groups) > 1:  # no group of one sentence at the end
            groups[-2] = groups[-2] + groups.pop()
        new = [AnyPassage(f"P{n}", "body", text[g[0][0]:g[-1][1]]) for n, g in enumerate(groups, start=1)]
        at = article.passages.index(body[0])
        article.passages[at:at + 1] = new
        article.split_into_groups = True
        article.notes.append(f"This text has no paragraph breaks, so it was split into groups of {GROUP_SENTENCES} "
                             f"sentences (P1 to P{len(new)}). These groups are not the writer's paragraphs.")
    article.language = guess_language(article.full_text, declared_language)
    if not article.english:
        named = _LANGUAGE_NAMES.get(article.language)
        what = f"in {named}" if named else "not in English"
        article.notes.append(
            f"This article looks like it is {what}. The word lists this tool uses (hedge words, “said”, unnamed "
            "sources) are English, so it will miss most of them here. The article is still split into passages, "
            "and numbers and quotation marks are still found.")
    article.__post_init__()
    return article


_STOPWORDS = {
    "en": "the and of to in is that it was for on with as said he she they at by this from but have has are "
          "be not were an which their his her will would who been had".split(),
    "fr": "le la les et des du un une est que qui dans pour pas sur au aux avec ce sont il elle ont été par "
          "plus nous mais".split(),
    "de": "der die das und ist nicht ein eine zu den mit von sich des auf für im dem sie es auch wird wurde "
          "sind hat bei".split(),
    "es": "el la los las y de que en un una es por con para del se no su al lo como más pero sus".split(),
    "it": "il la le e di che in un una è per con non del della sono si al gli lo ma anche".split(),
    "nl": "de het een en van is dat op te in zijn met voor niet aan er ook als bij door".split(),
    "pt": "o a os as e de que em um uma é para com não do da dos das se por mais".split(),
}
_LANGUAGE_NAMES = {"fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "nl": "Dutch",
                   "pt": "Portuguese"}
_WORDS_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def guess_language(text: str, declared: str | None = None) -> str:
    """"en", another language code, or "unknown": by the share of common short words (a rough guess).

    The page's own ``lang`` is used only when the words do not decide it.
    """
    words = [w.lower() for w in _WORDS_RE.findall(text[:20000])]
    if not words:
        return declared or "unknown"
    counts = {}
    for lang, stop in _STOPWORDS.items():
        stopset = set(stop)
        counts[lang] = sum(1 for w in words if w in stopset) / len(words)
    best = max(counts, key=counts.get)
    if counts[best] < 0.05:
        return declared if declared else "unknown"
    if best != "en" and counts["en"] >= counts[best] * 0.8:
        return "en"
    return best


# --------------------------------------------------------------------------------------------------
# Sentences

_ABBREV = {"Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Cllr", "Rev", "Gen", "Sgt", "Capt", "Col", "Lt", "Jr", "Sr",
           "Mt", "No", "vs", "etc", "e.g", "i.e", "approx", "Inc", "Ltd", "Co", "Jan", "Feb", "Mar", "Apr", "Jun",
           "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"}
_SENTENCE_END = re.compile(r"[.!?…]+[”’\"')\]]*(?=\s+|$)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``text``: ends at . ! ? (and closing quotes) before a space.

    Not after a title such as "Dr." or an initial ("J."); a stop inside a number ("3.5") never ends one.
    """
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start:match.start()].rsplit(None, 1)
        last = before[-1] if before else ""
        if match.group().startswith(".") and (last.strip("(\"“‘'") in _ABBREV or re.fullmatch(r"[A-Z]", last)):
            continue
        if match.end() < len(text) and text[match.end():].lstrip()[:1].islower():
            continue  # '"Go now!" she said' and "p.m. on": the sentence goes on
        while start < len(text) and text[start].isspace():
            start += 1
        if match.end() > start:
            spans.append((start, match.end()))
        start = match.end()
    while start < len(text) and text[start].isspace():
        start += 1
    if start < len(text):
        spans.append((start, len(text.rstrip())))
    return spans


# --------------------------------------------------------------------------------------------------
# The analysis


@dataclass
class Finding:
    """One thing found: where (passage id, offsets) and the exact span, plus what kind of thing it is."""

    passage: str | None  # None for what the page as a whole lacks (no author, no date)
    span: str
    start: int
    end: int
    kind: str  # quote: "quote"; hedge: the hedge as listed; number: "number", "percent", "money", "date",
    #            "year", "day", "number word"; name: "person", "organisation", "place", "event", "other";
    #            not said: "author", "date", "links", "unnamed source", "reports say", "unattributed quote"
    detail: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Analysis:
    """What ``analyse`` found: five lists of findings, and notes on what it could not do."""

    key: str
    quotes: list[Finding]
    hedges: list[Finding]
    numbers: list[Finding]
    names: list[Finding]
    not_said: list[Finding]
    notes: list[str]

    def to_dict(self) -> dict:
        return {"key": self.key, "quotes": [f.to_dict() for f in self.quotes],
                "hedges": [f.to_dict() for f in self.hedges], "numbers": [f.to_dict() for f in self.numbers],
                "names": [f.to_dict() for f in self.names], "not_said": [f.to_dict() for f in self.not_said],
                "notes": list(self.notes)}


_UPPER = "A-ZÀ-ÖØ-Þ"
_CAP = rf"[{_UPPER}][\w’'\-]*"
TITLES = ("Dr", "Dr.", "Doctor", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Prof", "Prof.", "Professor",
          "President", "Mayor", "Deputy Mayor", "Councillor", "Cllr", "Cllr.", "Sir", "Dame", "Lord", "Lady",
          "Judge", "Justice", "Minister", "Prime Minister", "Senator", "Governor", "Inspector", "Sergeant", "Sgt",
          "Detective", "Constable", "Captain", "Capt", "Coach", "Headteacher", "Head Teacher", "Principal",
          "Rev", "Rev.", "Reverend", "Father", "Bishop", "Chancellor", "Secretary", "Chairman", "Chairwoman",
          "Chair", "Director", "Superintendent", "Chief", "Officer", "General", "Gen.", "Colonel", "Queen",
          "King", "Prince", "Princess", "Pope", "Imam", "Rabbi")
ORG_WORDS = {"Institute", "University", "College", "School", "Academy", "Ministry", "Department", "Agency",
             "Council", "Party", "Committee", "Association", "Society", "Club", "Trust", "Foundation", "Company",
             "Corporation", "Ltd", "Inc", "Group", "Bank", "Commission", "Office", "Service", "Services",
             "Authority", "Board", "Union", "News", "Times", "Post", "Herald", "Gazette", "Press", "Journal",
             "Tribune", "Chronicle", "Mail", "Echo", "Observer", "Guardian", "Radio", "TV", "Television",
             "Police", "Hospital", "Centre", "Center", "Federation", "League", "Network", "Organisation",
             "Organization", "Alliance", "Court", "Parliament", "Assembly", "Government", "Cabinet", "Fund",
             "Charity", "Museum", "Library", "Laboratory", "Lab", "Labs", "Forum", "Institution", "Bureau",
             "Council's", "Partnership", "Co-operative", "Cooperative", "FC", "United", "Rovers", "Athletic"}
EVENT_WORDS = {"Fair", "Festival", "Championship", "Championships", "Cup", "Awards", "Games", "Show", "Conference",
               "Summit", "Olympiad", "Marathon", "Tournament", "Week", "Day", "Prize", "Trophy", "Expo"}
PLACE_FIRST = {"River", "Lake", "Loch", "Mount", "Port", "Fort", "Cape", "Saint", "St", "St."}
PLACE_WORDS = {"Street", "Road", "Lane", "Avenue", "Square", "Park", "Bridge", "River", "Hill", "Green",
               "Common", "Way", "Close", "Drive", "Place", "Gardens", "Crescent", "Terrace", "Station",
               "Hall", "Field", "Fields", "Valley", "Lake", "Island", "Bay", "Town", "City", "County",
               "Village", "Market", "Junction", "Roundabout", "Estate", "Wharf", "Quay", "Beach", "Wood",
               "Forest", "Mount", "Moor", "High"}
_NOT_NAMES = {"I", "I'm", "I’m", "I've", "I’ve", "I'd", "I’d", "I'll", "I’ll", "OK", "TV", "A", "An", "The"}
_MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
# Words that start a sentence in capitals without being part of a name.
_START_WORDS = set("""The A An And But Or So Yet For Nor In On At By To From With Without Of As If When While
    After Before Since Until Because Although Though This That These Those It Its It's It’s We They He She You
    His Her Their Our My Your There Here Now Then Today Yesterday Tomorrow Last Next Some Many Most All Each Every
    Both Few More Other Others Such No Not One Two Three Four Five Six Seven Eight Nine Ten However Meanwhile
    Also Still Even Just Only About Around Over Under Once Why What Who Whom Whose Which Where How Asked Speaking
    Residents Parents Pupils Students Officials Experts Critics Locals Drivers Cyclists Teachers Scientists
    Councillors Campaigners Police Earlier Later Elsewhere Instead Overall Despite During Among Between Against
    Like Unlike Please Thanks Yes Of Ahead""".split())
_CONNECT = r"(?:of|for|the|de|du|la|van|von|der|den|and)"
_NAME_RUN = re.compile(rf"{_CAP}(?:\s+(?:{_CONNECT}\s+){{0,2}}{_CAP})*")
_TITLE_RE = "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True))
_SAY = (r"(?:said|says|say|told|tells|added|adds|explained|explains|stated|states|insisted|insists|warned|"
        r"warns|claimed|claims|argued|argues|noted|notes|wrote|writes|replied|continued|recalled|admitted|"
        r"confirmed|announced|commented|remarked|declared|agreed|urged|pointed out|went on)")
_SPEAKER_NAME = rf"(?:(?:{_TITLE_RE})\s+)?{_CAP}(?:\s+(?:{_CONNECT}\s+){{0,2}}{_CAP}){{0,4}}"
_DESCRIPTOR = (r"(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:[a-z][\w\-]*\s+){0,3}?[a-z][\w\-]*"
               rf"(?:\s+(?:of|for|at)\s+the\s+{_CAP}(?:\s+{_CAP}){{0,3}})?")
_PRONOUN = r"(?:he|she|they|He|She|They)"
_AFTER_SAYS_NAME = re.compile(rf"^[\s,]*(?P<cue>{_SAY})\s+(?P<who>{_SPEAKER_NAME}|{_DESCRIPTOR})")
_AFTER_NAME_SAYS = re.compile(rf"^[\s,]*(?P<who>{_PRONOUN}|{_SPEAKER_NAME}|{_DESCRIPTOR})\s+(?P<cue>{_SAY})\b")
_BEFORE = re.compile(rf"(?P<who>{_PRONOUN}|{_SPEAKER_NAME}|{_DESCRIPTOR})\s+(?P<cue>{_SAY})"
                     rf"(?:\s+(?:that|reporters|the\s+{_CAP}(?:\s+{_CAP}){{0,3}}|{_CAP}(?:\s+{_CAP}){{0,3}}|"
                     r"(?:a|the)\s+[a-z]+(?:\s+[a-z]+)?))?(?:\s+(?:on|last|this)\s+\w+)?\s*[:,]?\s*$")
_BEFORE_LOOSE = re.compile(rf"(?P<who>{_PRONOUN}|{_SPEAKER_NAME}|{_DESCRIPTOR})\s+(?P<cue>{_SAY})\b[^.!?“”\"]{{0,80}}$")
_ACCORDING = re.compile(rf"(?P<cue>[Aa]ccording to)\s+(?P<who>{_SPEAKER_NAME}|{_DESCRIPTOR})")
_QUOTE = re.compile(r"“(?P<c>[^“”]{1,3000})”|\"(?P<s>[^\"]{1,3000})\"")


def analyse(article: AnyArticle) -> Analysis:
    """Quotes, hedges, numbers and dates, names, and what the page does not say, each with passage and span.

    Rules and word lists only (English); see :func:`find_quotes`, :func:`find_hedges`,
    :func:`find_numbers`, :func:`find_names` and :func:`find_not_said` for what each one misses.
    """
    names = find_names(article)
    quotes = find_quotes(article, names)
    notes = list(article.notes)
    notes.append("These lists come from simple rules, not from reading: they miss things and sometimes catch "
                 "the wrong thing. Check each one against the text.")
    return Analysis(key=article.key, quotes=quotes, hedges=find_hedges(article), numbers=find_numbers(article),
                    names=names, not_said=find_not_said(article, quotes), notes=notes)


def _sentence_of(spans: list[tuple[int, int]], at: int) -> tuple[int, int]:
    for a, b in spans:
        if a <= at < b:
            return a, b
    return 0, 0


def _clean_who(who: str) -> str:
    who = re.sub(r"[’']s$", "", who.strip())
    return who


def find_quotes(article: AnyArticle, names: list[Finding] | None = None) -> list[Finding]:
    """Quoted words in straight ("…") or curly (“…”) double quotation marks, and whom the page says spoke.

    The speaker is looked for right after the quote ("…," said Mayor Ann Quillfeather / "…," she said /
    "…," the mayor said), right before it (Quillfeather told the Post: "…"), or in an "according to" in
    the same sentence. ``detail``: ``speaker`` (as printed, or None), ``speaker_kind`` ("name",
    "pronoun", "description" or None), ``cue`` (the verb), ``attribution`` (the exact words that
    attribute it), ``words``, and for a pronoun ``refers_to``: the last person named before it (a guess).

    Misses: single quotation marks (‘…’, too easily confused with apostrophes), quotes over several
    paragraphs (an opening mark with no closing one in the passage), speakers named a sentence or more
    earlier, and whether the quoted person really said it (that needs the sources).
    """
    persons = [n for n in (names if names is not None else find_names(article)) if n.kind == "person"]
    found = []
    for passage in article.passages:
        text = passage.text
        spans = sentence_spans(text)
        for match in _QUOTE.finditer(text):
            inner = match.group("c") if match.group("c") is not None else match.group("s")
            start, end = match.span()
            detail = {"words": count_words(inner), "speaker": None, "speaker_kind": None, "cue": None,
                      "attribution": None}
            after = text[end:end + 140]
            after = re.split(r"(?<=[.!?])\s|[“\"]", after, maxsplit=1)[0]
            s_start, _ = _sentence_of(spans, start)
            before = text[max(s_start, start - 160):start]
            before = re.split(r"[”\"]", before)[-1]
            hit = None
            for pattern in (_AFTER_SAYS_NAME, _AFTER_NAME_SAYS):
                if m := pattern.match(after):
                    hit = (m, end)
                    break
            for pattern in (_BEFORE, _BEFORE_LOOSE):
                if hit is None and (m := pattern.search(before)):
                    hit = (m, start - len(before))
            if hit is None:
                sentence = text[s_start:_sentence_of(spans, end - 1)[1] or len(text)]
                if m := _ACCORDING.search(sentence):
                    hit = (m, s_start)
            previous = found[-1] if found and found[-1].passage == passage.id else None
            if hit is None and previous and previous.detail["speaker"]:
                # '"…," he said. "…"': a quote straight after an attributed one goes on in the same voice.
                between = text[previous.end:start]
                attribution = previous.detail["attribution"] or ""
                if len(between.replace(attribution, "", 1).strip(" ,.;:")) == 0 and len(between) < 80:
                    for name in ("speaker", "speaker_kind", "cue", "refers_to"):
                        if name in previous.detail:
                            detail[name] = previous.detail[name]
                    detail["continues"] = True
            if hit:
                m, base = hit
                who = _clean_who(m.group("who"))
                if re.fullmatch(_PRONOUN, who):
                    kind = "pronoun"
                elif who[:1].islower() or re.match(r"(?:The|An?|One|Another)\s", who):
                    kind = "description"
                else:
                    kind = "name"
                    who, affiliation = _trim_name(who)
                    if affiliation:
                        detail["affiliation"] = affiliation
                a, b = base + m.start(), base + m.end()
                a += len(text[a:b]) - len(text[a:b].lstrip(" ,"))
                detail.update(speaker=who, speaker_kind=kind, cue=m.group("cue"), attribution=text[a:b],
                              attribution_start=a)
                if kind == "pronoun":
                    order = article.ids.index(passage.id)
                    earlier = [p for p in persons if article.ids.index(p.passage) < order
                               or (p.passage == passage.id and p.start < start)]
                    detail["refers_to"] = earlier[-1].detail["name"] if earlier else None
            found.append(Finding(passage.id, match.group(), start, end, "quote", detail))
    return found


def _trim_name(who: str) -> tuple[str, str | None]:
    """ "Dr Ann Quillfeather of the Wendshire Institute" -> ("Dr Ann Quillfeather", "the Wendshire Institute");
    a trailing connector, weekday or month is dropped."""
    affiliation = None
    if (m := re.search(r"\s+(?:of|for|at)\s+((?:the\s+)?\S.*)$", who)) and \
            any(w in ORG_WORDS for w in m.group(1).split()):
        who, affiliation = who[:m.start()], m.group(1)
    parts = who.split()
    while parts and (parts[-1] in _MONTHS or parts[-1] in ("of", "for", "the", "and")):
        parts.pop()
    return (" ".join(parts) or who), affiliation


_HEDGES = [
    ("reportedly", r"reportedly"), ("allegedly", r"allegedly"), ("alleged", r"alleged"),
    ("apparently", r"apparently"), ("supposedly", r"supposedly"), ("purportedly", r"purportedly"),
    ("may", r"(?-i:may)"), ("might", r"might"), ("could", r"could"), ("possibly", r"possibly"),
    ("perhaps", r"perhaps"), ("probably", r"probably"), ("likely", r"(?:un)?likely"),
    ("appears to", r"appears? to"), ("seems to", r"seems? to"),
    ("it is believed", r"it is (?:believed|thought|understood|claimed|said|feared|alleged)"),
    ("is said to", r"(?:is|are|was|were) said to"), ("is thought to", r"(?:is|are|was|were) (?:thought|believed) to"),
    ("reports say", r"reports (?:say|said|suggest|suggested|claim|claimed|indicate)"),
    ("sources say", r"sources (?:say|said|suggest|claim|claimed)"),
    ("according to reports", r"according to (?:media |unconfirmed |some )?reports"),
    ("unconfirmed", r"unconfirmed"), ("rumoured", r"rumou?red"), ("suggests", r"suggest(?:s|ed)"),
    ("estimated", r"(?:an )?estimated"), ("up to", r"up to(?= (?:£|\$|€)?\d)"),
    ("as many as", r"as (?:many|much) as"), ("roughly", r"roughly"), ("approximately", r"approximately"),
    ("claimed", r"claim(?:s|ed)"),
]
_HEDGE_RE = re.compile("|".join(rf"(?P<h{i}>\b{pattern}\b)" for i, (_, pattern) in enumerate(_HEDGES)), re.I)


def find_hedges(article: AnyArticle) -> list[Finding]:
    """Hedge words and phrases: reportedly, allegedly, may, might, could, appears to, it is believed,
    reports say, sources say, estimated, up to, as many as, claimed …; ``kind`` is the listed form.

    Misses hedges not on the list, and counts every "may", "might" and "could", including the ones
    that are not hedges ("could not attend"). "May" with a capital is taken for the month.
    """
    found = []
    for passage in article.passages:
        for match in _HEDGE_RE.finditer(passage.text):
            index = int(match.lastgroup[1:])
            found.append(Finding(passage.id, match.group(), match.start(), match.end(), _HEDGES[index][0]))
    return found


_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s?(?:million|billion|trillion|thousand|bn|m|k)\b)?"
_NUMBER_WORDS = ("two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
                 "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred "
                 "hundreds thousand thousands million millions billion billions dozen dozens half third quarter "
                 "twice double triple").split()
_NUMBER_PATTERNS = [
    ("date", rf"\b(?:{_WEEKDAYS},?\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+{_DATE_WORDS}\.?(?:,?\s+\d{{4}})?\b"),
    ("date", rf"\b(?:{_WEEKDAYS},?\s+)?{_DATE_WORDS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}}\b)?"),
    ("date", r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"),
    ("date", rf"\b(?-i:{_DATE_WORDS})\s+\d{{4}}\b"),
    ("date", r"\b(?-i:January|February|March|April|June|July|August|September|October|November|December)\b"),
    ("money", rf"[£$€]\s?(?:{_NUM}){_SCALE}|\b(?:{_NUM}){_SCALE}\s?(?:pounds|dollars|euros|pence|p\b)"),
    ("percent", rf"\b(?:{_NUM})\s?(?:%|per\s?cent\b|percent\b)"),
    ("time", r"\b\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)(?!\w)"),
    ("year", r"\b(?:1[6-9]\d\d|20\d\d)s?\b(?![.,]\d)"),
    ("number", rf"\b(?:{_NUM}){_SCALE}(?:\s?(?:km|kilometres|miles|metres|meters|mph|kg|tonnes))?"),
    ("day", rf"\b(?-i:{_WEEKDAYS})\b|\b(?:yesterday|today|tomorrow|last (?:week|month|year|night))\b"),
    ("number word", rf"\b(?:{'|'.join(_NUMBER_WORDS[18:26])})-(?:{'|'.join(_NUMBER_WORDS[:8])}|one)\b"),
    ("number word", rf"\b(?:{'|'.join(_NUMBER_WORDS)})\b"),
]
_NUMBER_RE = re.compile("|".join(f"(?P<n{i}>{p})" for i, (_, p) in enumerate(_NUMBER_PATTERNS)), re.I)


def find_numbers(article: AnyArticle) -> list[Finding]:
    """Numbers and dates with their passage: dates ("5 March 2024", "March 5", "2024-03-05"), money
    ("£1.2 million"), percentages ("45 per cent"), times, years, other numbers (with a unit), days
    ("Tuesday", "last week") and number words (two … twenty, hundreds, a dozen, half, double).

    Misses "one" (too often not a number), number words above twenty written out ("twenty-five" is
    found as "twenty"), ranges as one finding ("300-400" is two), and what each number counts.
    """
    found = []
    for passage in article.passages:
        for match in _NUMBER_RE.finditer(passage.text):
            index = int(match.lastgroup[1:])
            span = match.group().rstrip()
            found.append(Finding(passage.id, span, match.start(), match.start() + len(span),
                                 _NUMBER_PATTERNS[index][0]))
    return found


def find_names(article: AnyArticle) -> list[Finding]:
    """Named people, organisations and places, by rules: runs of capitalised words not at the start of a
    sentence (a run at the start counts when its first word is a title or is not a common opening word,
    or when the same name appears elsewhere). ``kind``: "person" (a title such as Dr, Mayor, Professor,
    or two to four capitalised words), "organisation" (a word such as Council, University, Ministry,
    Agency, Party, Committee, Association, News, Times, Post, Club), "place" (Street, Road, Park …), or
    "other" (one capitalised word: a surname, a place, a brand). A surname alone after the full name
    counts as that person (``detail["same_as"]``). ``detail["name"]`` is the name without its title.

    Misses names at the start of a sentence that appear nowhere else and begin with a common word,
    names in lower case or other alphabets, organisations without a tell-tale word ("Oxfam"), and it
    cannot tell a two-word place ("New Tiverly") from a person. Days and months are left to the numbers.
    """
    raw: list[tuple[AnyPassage, int, int, str]] = []
    for passage in article.passages:
        text = passage.text
        starts = {a for a, _ in sentence_spans(text)}
        for match in _NAME_RUN.finditer(text):
            a, b = match.span()
            words = match.group().split()
            # Trailing connectors never end a name; a run that swallowed "and" is split there.
            at_start = a in starts or (passage.kind in ("headline", "heading"))
            prefix = text[max(0, a - 2):a]
            if prefix.endswith(("“", '"', "‘", "«", "„")):  # the first word of a quote starts a sentence
                at_start = True
            pieces = _split_run(words)
            offset = a
            for piece in pieces:
                piece_start = text.index(piece[0], offset)
                piece_text = " ".join(piece)
                piece_end = piece_start + len(piece_text)
                if text[piece_start:piece_end] != piece_text:  # more than one space inside: find it exactly
                    piece_end = piece_start + len(re.match(r"\S+(?:\s+\S+)*?" + re.escape(piece[-1]),
                                                           text[piece_start:]).group())
                raw.append((passage, piece_start, piece_end, "start" if at_start and piece_start == a else ""))
                offset = piece_end
    known = set()
    for passage, a, b, where in raw:
        if not where:
            known.add(_strip_title(passage.text[a:b]))
    found: list[Finding] = []
    persons: list[str] = []
    for passage, a, b, where in raw:
        span = passage.text[a:b]
        span, a, b = _strip_possessive(span, a, b)
        words = span.split()
        if where == "start":
            if _strip_title(span) in known or words[0] in _titles_first():
                pass
            elif words[0] in _START_WORDS or len(words) == 1:
                words = words[1:]
                if not words:
                    continue
                a = passage.text.index(words[0], a)
                span = passage.text[a:b]
                if len(words) == 1 and span not in known and span not in {p.split()[-1] for p in persons}:
                    continue
        if len(words) == 1 and (span in _NOT_NAMES or span in _MONTHS or span.isupper() and len(span) == 1):
            continue
        if all(w in _MONTHS for w in words):
            continue
        kind, detail = _classify(span, persons)
        if kind == "person":
            persons.append(detail["name"])
        found.append(Finding(passage.id, span, a, b, kind, detail))
    return found


def _titles_first() -> set[str]:
    return {t.split()[0] for t in TITLES}


def _split_run(words: list[str]) -> list[list[str]]:
    """Split a capitalised run at "and" (two names, not one) unless it names an organisation; drop
    connectors at the ends; split off a leading weekday or month."""
    pieces, current = [], []
    org = any(w.strip("’'s") in ORG_WORDS for w in words)
    for w in words:
        if w == "and" and not org:
            if current:
                pieces.append(current)
            current = []
            continue
        if w in _MONTHS and current == [] and len(words) > 1:
            pieces.append([w])
            continue
        current.append(w)
    if current:
        pieces.append(current)
    # "Dr Ann Quillfeather of the Wendshire Institute": a person, then an organisation.
    split = []
    for piece in pieces:
        for i, w in enumerate(piece):
            if w in ("of", "for", "at") and i >= 2 and not any(x.strip("’'s") in ORG_WORDS for x in piece[:i]) \
                    and any(x in ORG_WORDS for x in piece[i + 1:]):
                split += [piece[:i], [x for x in piece[i + 1:]]]
                break
        else:
            split.append(piece)
    pieces = split
    cleaned = []
    for piece in pieces:
        while piece and piece[-1] in ("of", "for", "the", "de", "du", "la", "van", "von", "der", "den", "and"):
            piece = piece[:-1]
        while piece and piece[0] in ("of", "for", "the", "and"):
            piece = piece[1:]
        if piece:
            cleaned.append(piece)
    return cleaned


def _strip_possessive(span: str, a: int, b: int) -> tuple[str, int, int]:
    if span.endswith(("’s", "'s")):
        return span[:-2], a, b - 2
    return span, a, b


def _strip_title(span: str) -> str:
    return re.sub(rf"^(?:(?:{_TITLE_RE})\s+)+", "", span)


def _classify(span: str, persons: list[str]) -> tuple[str, dict]:
    words = span.split()
    name = _strip_title(span)
    title = span[: len(span) - len(name)].strip() or None
    detail = {"name": name}
    if title and name != span and name:
        detail["title"] = title
    if any(w in ORG_WORDS for w in words) and not (title and len(name.split()) <= 3 and
                                                    not any(w in ORG_WORDS for w in name.split())):
        return "organisation", detail
    if len(words) > 1 and words[-1] in EVENT_WORDS:
        return "event", detail
    if any(w in PLACE_WORDS for w in words[1:]) or (len(words) > 1 and words[0] in PLACE_FIRST):
        return "place", detail
    if title and name and name != span:
        return "person", detail
    if len(name.split()) == 1:
        for person in reversed(persons):
            if person.split()[-1] == name:
                detail["same_as"] = person
                return "person", detail
        if re.fullmatch(r"[A-Z]{2,6}s?", name):
            return "organisation", detail
        return "other", detail
    if 2 <= len(words) <= 4 and not any(w[:1].islower() for w in words):
        return "person", detail
    return "other", detail


_UNNAMED = re.compile(
    r"\b(?:(?:some|many|several|local|senior|other|two|three|unnamed|anonymous)\s+)?"
    r"(?:officials?|experts?|sources?|insiders?|analysts?|observers?|critics?|witnesses|scientists|researchers|"
    r"residents|parents|campaigners|people familiar with|those close to|a spokes(?:person|man|woman)|"
    r"a source|an official|an insider|a witness|one (?:resident|parent|official|source|insider|teacher|expert))"
    r"(?:\s+(?:say|says|said|told|claim|claims|claimed|believe|believes|warn|warned|suggest|suggested|fear|"
    r"feared|argue|argued|insist|insisted|think|added|close to|familiar with|with knowledge)\b|(?=\s+who\b|[,.]))",
    re.I)
_REPORTS = re.compile(r"\b(?:(?:media|news|local|unconfirmed|some|earlier)\s+)?reports\s+(?:say|said|suggest|"
                      r"suggested|claim|claimed|indicate|indicated|show|showed)\b|\baccording to (?:media |"
                      r"unconfirmed |some |local )?reports\b|\bit (?:was|has been|is) reported\b|\bit is understood\b"
                      r"|\b(?:local|national) media (?:reported|say|said)\b", re.I)


def find_not_said(article: AnyArticle, quotes: list[Finding] | None = None) -> list[Finding]:
    """What the page does not say: no author, no date, no links in the article (saved pages and
    Markdown only: plain text keeps none), sources it does not name ("officials said", "experts say",
    "a source", "a spokesperson"), "reports say" with no report named, and quotes it attributes to
    nobody. Page-wide gaps have ``passage`` None and an empty span.

    Misses unnamed sources phrased in other ways ("we understand", "insiders claim" without the
    listed verbs), and cannot know whether a named source is real or said what is claimed.
    """
    found = []
    if not article.author:
        found.append(Finding(None, "", 0, 0, "author", {"note": "The page names no author."}))
    if not article.date:
        found.append(Finding(None, "", 0, 0, "date", {"note": "The page gives no date."}))
    if article.links == 0 and article.source_kind in ("html", "mhtml", "markdown"):
        found.append(Finding(None, "", 0, 0, "links",
                             {"note": "The article text links to no source."}))
    for passage in article.passages:
        for pattern, kind in ((_UNNAMED, "unnamed source"), (_REPORTS, "reports say")):
            for match in pattern.finditer(passage.text):
                found.append(Finding(passage.id, match.group(), match.start(), match.end(), kind))
    for quote in quotes if quotes is not None else find_quotes(article):
        if quote.detail["speaker"] is None and quote.detail["words"] >= 3:
            found.append(Finding(quote.passage, quote.span, quote.start, quote.end, "unattributed quote",
                                 {"note": "The page does not say who said this."}))
    found.sort(key=lambda f: (f.passage is not None, article.ids.index(f.passage) if f.passage else -1, f.start))
    return found
