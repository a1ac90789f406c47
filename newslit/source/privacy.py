"""The deny-list: nothing the module shows may identify the two captured soldiers.

The article prints no names; the module must not add any. Built from FACTSHEET §3 (what later
reporting disclosed about the two men), the list has three parts:

* ``NAME_HASHES``: SHA-256 digests of their surnames (and spellings) and their unit's name. They are
  stored as digests so that this file does not itself name them; text is checked by hashing each
  word and each run of up to four words.
* ``IDENTIFYING``: patterns for descriptions that single them out (ages, birth years, roles, wounds,
  papers). Never allowed anywhere, for students or teachers.
* ``STUDENTS_NEVER``: subjects that DESIGN keeps for teachers only (reports of the men's mental
  state, broadcasts of their faces, what the troops were said to watch online).

``problems(text, audience)`` returns what it found; tests run it over every content table, every
tracked text file, and (in later issues) every student-facing output.
"""
from __future__ import annotations

import hashlib
import re

NAME_HASHES = frozenset({
    "396a14ab206e2b44",  # surname of one soldier
    "582be6ba4fa2700d",  # surname of the other
    "9d88e24957dfa41b",  # its other spelling
    "ff88db2e624ee9bf",  # the unit both said they served in
    "7ce2b57550fd214e",  # the region named on one soldier's borrowed papers
})
_MAX_RUN = 4

IDENTIFYING = {
    "an age": r"\b\d{2}[- ]year[- ]old\b|\baged \d{2}\b|\bages (?:of )?\d{2} and \d{2}\b",
    "a birth year": r"\bborn (?:in )?(?:19|20)\d\d\b",
    "a military role": r"\b(?:scout[- ]?)?snipers?\b|\briflem[ae]n\b",
    "a wound": r"\bjaw\b|\bbandag\w*|\bwounded (?:hands?|face)\b",
    "identity papers": r"\b(?:military|identity) (?:ID|card|papers?)\b|\bsomeone else'?s name\b",
}
STUDENTS_NEVER = {
    "mental-state reports": r"\bself[- ]harm\w*|\bsuicid\w*|\bpsychological distress\b",
    "broadcasts of their faces": r"\bPD Notebook\b|\bfaces? (?:were |was )?(?:shown|aired|broadcast)\b",
    "the origin of P6's claim": r"\bporn\w*",
}
_IDENTIFYING = {label: re.compile(rx, re.IGNORECASE) for label, rx in IDENTIFYING.items()}
_STUDENTS_NEVER = {label: re.compile(rx, re.IGNORECASE) for label, rx in STUDENTS_NEVER.items()}
_WORDS = re.compile(r"[A-Za-z][A-Za-z'-]*")


def _digest(phrase: str) -> str:
    return hashlib.sha256(phrase.lower().encode("utf-8")).hexdigest()[:16]


# A Common Core code such as "RI.9-10.8": capitals, a dot, a grade band, a dot. Its letters are a
# standard's strand, not a name, even where they spell a word on the list.
_STANDARDS_CODE = re.compile(r"\.\d{1,2}-\d{1,2}\.\d")


def named(text: str) -> list[str]:
    """Word runs of ``text`` whose digest is on the list (returned as found, for the message)."""
    matches = list(_WORDS.finditer(text))
    words = [m.group(0) for m in matches]
    found = []
    for size in range(1, _MAX_RUN + 1):
        for start in range(len(words) - size + 1):
            if size == 1 and words[start].isupper() and _STANDARDS_CODE.match(text, matches[start].end()):
                continue
            phrase = " ".join(words[start:start + size])
            if _digest(phrase) in NAME_HASHES:
                found.append(phrase)
    return found


def problems(text: str, audience: str = "students") -> list[str]:
    """Everything in ``text`` the deny-list forbids for this audience ("students" or "teachers")."""
    if audience not in ("students", "teachers"):
        raise ValueError(f"audience must be 'students' or 'teachers', not {audience!r}")
    found = [f"a name or unit of a prisoner: {phrase!r}" for phrase in named(text)]
    rules = dict(_IDENTIFYING)
    if audience == "students":
        rules.update(_STUDENTS_NEVER)
    for label, pattern in rules.items():
        found += [f"{label}: {m.group(0)!r}" for m in pattern.finditer(text)]
    return found
