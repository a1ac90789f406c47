"""Question kinds: everything about one kind of question in one module, found through one registry.

A kind is what a catalogue entry's ``kind = "…"`` names: ``text``, ``choice``, ``choices``,
``scale``, ``classify``, ``form``, ``task``, ``warmup``. Each is an object of a ``Kind`` subclass, defined in its own
module here (``text.py``; ``choice.py`` holds ``choice`` and ``choices``, which share most of their
code; ``scale.py``, ``classify.py``, ``form.py``, ``task.py``, ``warmup.py``) and registered under its name with
``register(kind)``. Every other part of the package asks ``get_kind(q.kind)`` and calls a hook; none
of them compares ``q.kind`` to a name (``tests/test_kinds.py`` checks it), so adding a kind means
writing one module and registering it.

The hooks, by who calls them (defaults in ``Kind``; each is documented there):

=================  =====================================================================================
the catalogue      ``fields``, ``check(entry)``, ``has_key(q)``, ``example_answer(q, variant)``,
                   ``complete(q, value)`` (an answer that opens what waits for it: ``notebook.reveal``),
                   ``word_target(q)`` (the words ``complete`` asks for), ``opens_when(q, label)``
                   (``questions.entries``: validation, ``Question.has_key``, ``example_answer``)
a notebook         ``text_parts(q)``, ``static_html(q)`` (the ``text/plain`` and ``text/html`` that
                   strict nbval compares), ``inputs(q)`` (accessible names), ``view`` (the widget),
                   ``checked_on_request(q)`` (save and mark only on "Check my answer")
a handout          ``handout_html(q)`` (``teacher.handouts.question_html``)
a lesson plan      ``key_options``, ``key_lines``, ``no_key_lines`` (``maintain.lessonplans.render_key``)
the class report   scoring: ``judge(q)``, ``count_right(q, given)``, ``score(q, value)``; summaries:
                   ``data`` with ``tally(q, first, final)`` or ``number(value)``,
                   ``disagreement(q, data, answered)``, ``written`` with ``written_parts(q, value)``
                   and ``written_text(q, value)``;
                   the page: ``report_table``, ``chart(q)``; the spreadsheet: ``csv_columns(q, qid, values)``
the sample class   ``sample_answer(q, student)``, ``answer_is_text``
=================  =====================================================================================

Layering. This package imports neither ipywidgets nor pandas nor matplotlib: every hook works on
plain Python values (the catalogue entry, an answer, lists of answers), so the class report can
score and summarise a kind without importing a widget. Where a summary needs pandas or a chart
needs matplotlib, the kind *names* what it wants and the layer that owns the library does the
work: ``data`` says which generic summary ``classroom.load`` builds ("tally": the kind counts,
load makes the DataFrame; "numbers": the kind reads a number from each answer, load makes the
Series and its spread), ``report_table`` names one of ``classroom.report``'s per-question tables
and ``chart(q)`` one of ``classroom.report_charts``' drawings.

Widgets. A kind names its widget class by a dotted path, ``view = "newslit.notebook.widgets:ChoiceView"``,
and ``newslit.notebook.widgets.view_class`` imports it when a question is first drawn. The other
design, a decorator ``@widget_for("choice")`` on the view class, would be a second registry keyed
by name, and a kind would be complete only once both were filled in; with a path the kind's own
declaration says everything about it, including where its widget is, while the widget code itself
stays in the notebook layer (only that layer imports ipywidgets; this package holds a string). A
kind defined elsewhere, such as a test's toy kind, may give its view class itself instead of a path.
"""
from __future__ import annotations

import html
import math
from importlib import import_module
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # annotations only: the catalogue imports this package, not the other way round
    from collections.abc import Callable

    from newslit.questions.entries import Question

OTHER = "(other)"  # in a tally: an answer that is none of the options
STATIC_LINE = "<div style='border-bottom:1px solid #888;height:1.8em'></div>"  # a line to write on (notebook)
HANDOUT_LINE = "<div class='line'></div>"  # a ruled line on paper (styled by the handouts' CSS)
# the modules of this package, in catalogue order
BUILT_IN = ("text", "choice", "scale", "classify", "form", "task", "warmup")


class UnknownKind(KeyError, ValueError):
    """No kind of that name is registered (a ``KeyError`` for look-ups, a ``ValueError`` for values)."""

    def __str__(self) -> str:
        return self.args[0] if self.args else "unknown question kind"


class NumberSpread(NamedTuple):
    """What ``disagreement`` gets for a "numbers" kind: how many numbers were given, and their
    population standard deviation (NaN when there are none), computed by ``classroom.load``."""

    count: int
    sd: float


class Kind:
    """One kind of question. Subclass it, set ``name`` and override the hooks that differ.

    Every hook takes the catalogue ``Question`` (``q.get(field)`` reads a kind-specific field) and
    returns plain Python values. Defaults describe a kind answered in writing with nothing to mark.
    """

    name: str = ""
    fields: tuple[str, ...] = ()  # catalogue fields this kind adds to the common ones (entries.COMMON_FIELDS)
    view: str | type = ""  # the widget class: "module:Class" (imported by the notebook layer when drawn), or the class
    data: str | None = None  # what the class report summarises: "tally", "numbers" or None (see tally / number)
    written: bool = False  # answers hold something written (shown in the report, listed by classroom.free_text)
    answer_is_text: bool = False  # the answer is one written string (the sample class finishes one "at home")
    report_table: str | None = None  # the table under the question in the report: a name in classroom.report
    about_the_article = True  # in notebooks 07a/07b, saved per article (False: about something of its own)

    def __repr__(self) -> str:
        return f"<question kind {self.name!r}>"

    # ------------------------------------------------------------ the catalogue

    def check(self, entry: dict) -> list[str]:
        """Problems with this kind's own fields of one raw catalogue entry (readable messages)."""
        return []

    def has_key(self, q: Question) -> bool:
        """The question has a right answer (a key)."""
        return "key" in q.raw

    def checked_on_request(self, q: Question) -> bool:
        """The inputs save and get feedback only when the student presses "Check my answer" (a set of ticks
        is one attempt, not one attempt per tick, so ticking through the options cannot find the key)."""
        return False

    def complete(self, q: Question, value) -> bool:
        """The answer is a committed attempt, so what waits for it may be shown: the blocks bound to the
        question (``notebook.reveal``) and its model answer. Default: any answer at all."""
        return value is not None

    def opens_when(self, q: Question, label: str) -> str:
        """When what is bound to ``q`` opens, in words ending the sentence "This appears here …" (``label``:
        the question's label, already quoted and escaped)."""
        return f"once you have answered {label}"

    def word_target(self, q: Question) -> int | None:
        """How many words a written answer needs to count as a real attempt (``complete``), or None when
        the kind sets no target. The class report's roster counts the answers still under it."""
        return None

    def example_answer(self, q: Question, variant: int = 0):
        """A valid answer (JSON-safe), different for different ``variant`` numbers (tests, samples)."""
        raise NotImplementedError(f"kind {self.name!r} gives no example answer")

    # ------------------------------------------------------------ a notebook, from the catalogue only

    def text_parts(self, q: Question) -> list[str]:
        """The lines to fill in of the ``text/plain`` rendering (each is indented by the caller)."""
        return ["____"]

    def static_html(self, q: Question) -> str:
        """The body of the static ``text/html`` rendering: space to write, no answer, no key."""
        return STATIC_LINE * 4

    def inputs(self, q: Question) -> list[tuple[str, str]]:
        """The (ARIA role, accessible name) of every input the widget draws, in order."""
        return [("textbox", q.label)]

    # ------------------------------------------------------------ paper

    def handout_html(self, q: Question) -> str:
        """The question's answer space on a printed handout (below its label and prompt)."""
        return HANDOUT_LINE * 5

    # ------------------------------------------------------------ the lesson plan's key (Markdown)

    def key_options(self, q: Question, md: Callable[[str], str]) -> list[str]:
        """Lines shown right after the prompt (a closed question's options). ``md`` escapes prose."""
        return []

    def key_lines(self, q: Question, md: Callable[[str], str], cell: Callable[[str], str]) -> list[str]:
        """The key itself, for a question that is not private (``cell`` escapes a table cell)."""
        return []

    def no_key_lines(self, q: Question) -> list[str]:
        """What the plan says after the model answer when there is nothing to mark right."""
        return []

    # ------------------------------------------------------------ the class report: scoring

    def judge(self, q: Question) -> Callable[[object], bool] | None:
        """A fast function telling whether one answer is right, or None when ``q`` has no key. Answers
        come from files, so it must accept any JSON value (and say False for a malformed one)."""
        return None

    def count_right(self, q: Question, given: list) -> int:
        """How many of ``given`` (answers, none missing) are right; only called when ``judge`` is not None."""
        return sum(map(self.judge(q), given))

    def score(self, q: Question, value) -> bool | None:
        """One answer: right (True), wrong (False), or None when the question has no key."""
        judge = self.judge(q)
        return None if judge is None else bool(judge(value))

    # ------------------------------------------------------------ the class report: summaries

    def tally(self, q: Question, first: list, final: list) -> dict[str, list]:
        """For ``data = "tally"``: the question's distribution as columns (name -> list), counted from
        the first attempts and the final answers (missing ones left out). ``classroom.load.distribution``
        makes it a DataFrame; it needs the columns ``first``, ``final`` and ``right`` (True for a right row)."""
        raise NotImplementedError(f"kind {self.name!r} has no tally")

    def number(self, value) -> float:
        """For ``data = "numbers"``: the number in one answer, NaN when there is none."""
        return math.nan

    def disagreement(self, q: Question, data, answered: int) -> float:
        """How split the class is, 0 (all agree) … 1 (evenly split), from ``tally``'s columns (a
        "tally" kind) or a ``NumberSpread`` (a "numbers" kind); ``answered`` students, at least two."""
        return math.nan

    def answer_parts(self, q: Question, value) -> list[tuple[str, object]]:
        """The answer in plain words for the readable hand-in copy: (what it answers, the answer) pairs,
        "" for the whole answer. A kind whose answer has named parts (fields, items) names them."""
        return [("", value)]

    def written_parts(self, q: Question, value) -> list[tuple[str, object]]:
        """The (part, text) pairs written in one answer (``written`` kinds); empty ones are left out
        by the caller, and a text that is not a string is shown as JSON."""
        return []

    def written_text(self, q: Question, value) -> str:
        """Everything written in one answer as one string (the roster counts its words against
        ``word_target``); a kind may answer faster than joining ``written_parts``."""
        return " ".join(text for _part, text in self.written_parts(q, value) if isinstance(text, str))

    def chart(self, q: Question) -> tuple | None:
        """``(drawing, *arguments)``: a drawing of ``classroom.report_charts.DRAWINGS`` and what it
        needs besides the data, or None for no chart."""
        return None

    def csv_columns(self, q: Question | None, qid: str, values: list) -> list[tuple[str, list]]:
        """``(heading, values)`` of the CSV columns for one question: one answer per student (None
        when missing); the report turns each value into text. ``q`` is None for an unknown id."""
        return [(qid, values)]

    # ------------------------------------------------------------ the sample class

    def sample_answer(self, q: Question, student) -> tuple[object, object, int]:
        """``(first attempt, final answer, attempts)`` of one invented student
        (``classroom.sampleclass``). ``student`` offers ``rng`` (a ``random.Random``),
        ``corrected(q, right, wrong_options)`` (right first with the student's ability, else often
        corrected), ``sentence(q)``, ``reason()``, ``field_answer(field_id)``, ``task_answer(post, field_id, after)``
        and ``centre(q)``."""
        value = self.example_answer(q, student.rng.randrange(8))
        return value, value, 1


REGISTRY: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add a kind to the registry under ``kind.name`` (once: a second kind of that name is refused)."""
    if not isinstance(kind, Kind) or not kind.name or not isinstance(kind.name, str):
        raise ValueError(f"{kind!r} is not a Kind with a name")
    if kind.name in REGISTRY:
        raise ValueError(f"a question kind {kind.name!r} is registered already")
    REGISTRY[kind.name] = kind
    return kind


def unregister(name: str) -> Kind:
    """Take a kind out of the registry (tests that register a kind of their own)."""
    return REGISTRY.pop(name)


def get_kind(name: str) -> Kind:
    """The registered kind called ``name``; ``UnknownKind`` says which kinds there are."""
    try:
        return REGISTRY[name]
    except (KeyError, TypeError):
        raise UnknownKind(f"no question kind {name!r}; the kinds are {', '.join(REGISTRY)} "
                          "(a kind is a module in newslit/questions/kinds/)") from None


# ---------------------------------------------------------------- helpers the kinds share

def esc(text) -> str:
    """Text for HTML: escaped, quotes included."""
    return html.escape(str(text), quote=True)


def handout_lines(count: int) -> str:
    return HANDOUT_LINE * count


def entropy(counts) -> float:
    """Shannon entropy (natural log) of a collection of counts."""
    total = sum(counts)
    return -sum(c / total * math.log(c / total) for c in counts if c) if total else 0.0


def normalised(counts, choices: int) -> float:
    """Entropy over its largest possible value for ``choices`` outcomes: 0 all agree … 1 evenly split."""
    return entropy(counts) / math.log(choices) if choices > 1 else 0.0


def parts_by_name(q: Question | None, qid: str, values: list, names: list[str]) -> list[tuple[str, list]]:
    """CSV columns of answers that are tables (a form's fields, a sorting's items): one per name,
    and one more, ``<qid>: other``, holding whole any answer of another shape (a hand-made file)."""
    empty: dict = {}
    dicts = [v if type(v) is dict else empty for v in values]
    parts = [(f"{qid}: {name}", [d.get(name) for d in dicts]) for name in names]
    expected = set(names)
    odd = [v is not None and not (type(v) is dict and v.keys() <= expected) for v in values]
    if any(odd):
        parts.append((f"{qid}: other", [v if o else None for v, o in zip(values, odd)]))
    return parts


for _module in BUILT_IN:  # each module registers its kinds
    import_module(f"{__name__}.{_module}")
del _module
