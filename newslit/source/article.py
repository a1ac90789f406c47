"""The article as data: the seed file parsed into passages with stable ids.

The seed (``seeds/000_b82f18a887b83057.txt``) is kept byte for byte as received; this module only
reads it. Every non-blank line of the seed belongs to exactly one passage, and every passage knows
the line(s) it came from, so a lesson can say "P3, line 9".

Id scheme (PEDAGOGY's ids, plus ids for the heading lines and the Q&A turns)::

    H          the headline (line 1)
    TOC        the "Table of Contents" block (lines 2-6)
    P1 … P9    the body paragraphs, in order
    S2 … S4    the section-heading lines that repeat TOC items 2-4 (item 1 is the headline);
               S4 is the heading that repeats the Q&A's sixth question
    Q0         the line that introduces the Q&A ("interview with Sokil Park, …")
    Q1q, Q1a   a Q&A turn: ``q`` the interviewer's line ("Archyde: …"), ``a`` the reply
    …          printed under "Sokil Park"; up to Q7q, Q7a (the closing exchange)
    Q1 … Q7    a question-and-answer pair (its two turns)
    P3.2       the second sentence of P3 (likewise Q3a.1, H.1, …)

The ids come from the text's structure (headings found through the contents list, turns through
their "Speaker: " prefix), not from hard-coded line numbers; the tests pin them so they stay stable.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SEED_NAME = "000_b82f18a887b83057.txt"
SEED_SHA256 = "7335651f24dc3eb8af6576a1364fa126c87b571b4d23b093bfe3af9505dabef3"

KINDS = ("headline", "contents", "heading", "body", "qa_intro", "question", "answer")
_TOC_ITEM = re.compile(r"^- (\d+)\. (.+)$")
_TURN = re.compile(r"^(?P<speaker>[^:]{1,40}): (?P<text>.*)$")
_WORD = re.compile(r"\d[\d,.]*\d[\w’'\-]*|\w[\w’'\-]*")
_ABBREVIATIONS = ("Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Adm", "Gen")
# A sentence ends at . ! or ? (with any closing quotes) followed by a space, or directly by a
# capital letter: the article has "me.The" and "in.How", where the rewriter dropped the space.
_SENTENCE_END = re.compile(r"[.!?][”’\"']*(?:\s+|(?=[A-Z]))")


def seed_path() -> Path:
    """Where the verbatim seed lives: ``seeds/`` at the module's root, beside this package, in a checkout
    or a copy of the module's folder; else (an installed wheel) ``newslit/seeds/`` inside the package.

    The repository keeps one copy, ``seeds/``. pyproject maps it into the package as ``newslit.seeds``
    (``package-dir``), so setuptools copies its bytes into the wheel at build time: no second copy to keep
    in step, no symbolic link (Windows and zip downloads lose those) and no custom build step.
    """
    package = Path(__file__).resolve().parents[1]
    beside = package.parent / "seeds" / SEED_NAME
    return beside if beside.is_file() else package / "seeds" / SEED_NAME


# The three parts of the page, in order; part_of says which one a passage is in.
HEADER, ARTICLE, QA = "Headline and contents", "Article", "Q&A “interview”"
PARTS = (HEADER, ARTICLE, QA)


def part_of(passage) -> str:
    """Which part of the page a passage is in: the header, the article, or the Q&A (from heading S4 on)."""
    if passage.kind in ("headline", "contents"):
        return HEADER
    return QA if passage.section == "S4" else ARTICLE


@dataclass(frozen=True)
class Passage:
    """One passage of the article: its id, what it is, where it is in the seed, and its text."""

    id: str
    kind: str
    section: str
    line: int
    last_line: int
    text: str
    speaker: str | None = None
    pair: str | None = None

    @property
    def lines(self) -> range:
        """The seed lines (1-based) this passage covers."""
        return range(self.line, self.last_line + 1)

    @property
    def words(self) -> int:
        return count_words(self.text)

    @property
    def sentences(self) -> list[str]:
        """Sentences of prose; the contents list counts one item a sentence, a heading as one."""
        if self.kind == "contents":
            return self.text.split("\n")
        if self.kind in ("headline", "heading"):
            return [self.text]
        return split_sentences(self.text)


def count_words(text: str) -> int:
    """Words as a reader counts them ("North Korea’s" is two, "Kim Jong-un" two)."""
    return len(_WORD.findall(text))


def split_sentences(text: str) -> list[str]:
    """Split a passage into sentences, tolerating the article's missing spaces and titles like "Mr."."""
    sentences, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start:match.start()].rsplit(None, 1)
        if before and before[-1] in _ABBREVIATIONS:
            continue
        piece = text[start:match.end()].strip()
        if piece:
            sentences.append(piece)
        start = match.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


class Article:
    """The parsed article: passages by id, Q&A pairs, sentences, and a DataFrame view."""

    def __init__(self, raw: str):
        self.raw = raw
        self.seed_lines = raw.split("\n")
        self.passages: list[Passage] = _parse(self.seed_lines)
        self._by_id = {p.id: p for p in self.passages}
        self.pairs: dict[str, tuple[Passage, Passage]] = {}
        for p in self.passages:
            if p.kind == "question":
                self.pairs[p.pair] = (p, self._by_id[f"{p.pair}a"])

    @property
    def headline(self) -> str:
        return self["H"].text

    @property
    def contents(self) -> list[str]:
        """The items of the contents list, without their numbers."""
        return [_TOC_ITEM.match(line).group(2) for line in self["TOC"].text.split("\n")[1:]]

    @property
    def ids(self) -> list[str]:
        return [p.id for p in self.passages]

    def __getitem__(self, passage_id: str) -> Passage:
        try:
            return self._by_id[passage_id]
        except KeyError:
            raise KeyError(f"No passage {passage_id!r}. Known ids: {', '.join(self.ids)}; pairs Q1-Q7.") from None

    def __contains__(self, passage_id: str) -> bool:
        return passage_id in self._by_id or passage_id in self.pairs

    def text(self, passage_id: str) -> str:
        """The text of a passage, or of a Q&A pair (question and answer, one per line)."""
        if passage_id in self.pairs:
            question, answer = self.pairs[passage_id]
            return f"{question.text}\n{answer.text}"
        return self[passage_id].text

    def sentence(self, sentence_id: str) -> str:
        """Look up a sentence by id, e.g. ``"P3.2"`` (1-based)."""
        passage_id, _, number = sentence_id.rpartition(".")
        sentences = self[passage_id].sentences
        index = int(number) - 1
        if not 0 <= index < len(sentences):
            raise KeyError(f"{passage_id} has {len(sentences)} sentences; no {sentence_id!r}.")
        return sentences[index]

    def find(self, span: str) -> list[str]:
        """The ids of the passages whose text contains ``span`` exactly."""
        return [p.id for p in self.passages if span in p.text]

    def turns(self, speaker: str | None = None) -> list[Passage]:
        """The Q&A turns, optionally only one speaker's (as printed)."""
        return [p for p in self.passages if p.kind in ("question", "answer") and speaker in (None, p.speaker)]

    def passages_frame(self):
        """One row per passage: id, kind, section, lines, speaker, pair, words, sentences, text."""
        import pandas as pd  # imported here: parsing the article must not need pandas

        rows = [
            {
                "id": p.id, "kind": p.kind, "section": p.section, "line": p.line,
                "last_line": p.last_line, "speaker": p.speaker, "pair": p.pair,
                "words": p.words, "sentences": len(p.sentences), "text": p.text,
            }
            for p in self.passages
        ]
        return pd.DataFrame(rows).set_index("id")

    def sentences_frame(self):
        """One row per sentence: id (e.g. P3.2), passage, number, words, text."""
        import pandas as pd

        rows = [
            {"id": f"{p.id}.{n}", "passage": p.id, "number": n, "words": count_words(s), "text": s}
            for p in self.passages
            for n, s in enumerate(p.sentences, start=1)
        ]
        return pd.DataFrame(rows).set_index("id")


def _parse(lines: list[str]) -> list[Passage]:
    """Turn the seed's lines into passages (see the module docstring for the scheme)."""
    if len(lines) < 3 or lines[1].strip() != "Table of Contents":
        raise ValueError("The seed does not start with a headline and a 'Table of Contents' line.")
    passages = [Passage("H", "headline", "S1", 1, 1, lines[0].strip())]
    toc_end = 2
    headings: dict[str, str] = {}
    while toc_end < len(lines) and (item := _TOC_ITEM.match(lines[toc_end].strip())):
        headings[item.group(2).strip()] = f"S{item.group(1)}"
        toc_end += 1
    if not headings:
        raise ValueError("The contents list has no items.")
    passages.append(Passage("TOC", "contents", "TOC", 2, toc_end, "\n".join(lines[1:toc_end])))

    section, body_count, pair_count, interviewer = "S1", 0, 0, None
    for number, raw in enumerate(lines[toc_end:], start=toc_end + 1):
        line = raw.strip()
        if not line:
            continue
        heading = headings.get(line)
        if heading == "S1":
            raise ValueError(f"Line {number} repeats the headline inside the body.")
        if heading:
            section = heading
            passages.append(Passage(heading, "heading", heading, number, number, line))
            continue
        turn = _TURN.match(line) if section == max(headings.values()) else None
        if turn and any(p.id == "Q0" for p in passages):
            speaker, text = turn.group("speaker"), turn.group("text")
            interviewer = interviewer or speaker
            if speaker == interviewer:
                pair_count += 1
                kind, suffix = "question", "q"
            else:
                kind, suffix = "answer", "a"
            if pair_count == 0:
                raise ValueError(f"Line {number}: an answer comes before any question.")
            pid = f"Q{pair_count}"
            passages.append(Passage(pid + suffix, kind, section, number, number, text, speaker, pid))
        elif section == max(headings.values()) and not any(p.id == "Q0" for p in passages):
            passages.append(Passage("Q0", "qa_intro", section, number, number, line))
        else:
            body_count += 1
            passages.append(Passage(f"P{body_count}", "body", section, number, number, line))
    return passages


@lru_cache(maxsize=1)
def load_article() -> Article:
    """The article, parsed once per process. Reads the seed as UTF-8 without changing a byte."""
    return Article(seed_path().read_bytes().decode("utf-8"))
