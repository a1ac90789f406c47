"""``choice`` (pick one option) and ``choices`` (tick every option that fits): one class, two kinds.

Catalogue fields: ``options`` (at least two, none repeated). A settled point has a ``key`` (one
option for ``choice``, a list for ``choices``), ``certainty = "settled"`` and ``feedback`` for every
option; an open point has a ``model_answer`` and its certainty instead. A ``choice`` answer is the
option's text, a ``choices`` answer the list of ticked options. The class report counts students
per option (anything that is no option counts as "(other)") at the first attempt and finally.
"""
from __future__ import annotations

from collections import Counter

from newslit.questions.kinds import OTHER, Kind, esc, normalised, register


def check_key(entry: dict) -> list[str]:
    """A key only on a settled point; an open point needs a model answer."""
    if "key" in entry and entry.get("certainty") != "settled":
        return ["only settled points may have a key; give a model_answer and its certainty instead"]
    if "key" not in entry and not entry.get("model_answer"):
        return ["needs a key (settled point) or a model_answer (open point)"]
    return []


def letter(number: int) -> str:
    """A, B, C … for the options of a tally (then numbers past Z)."""
    return chr(ord("A") + number) if number < 26 else str(number + 1)


def option_counts(picked: list, options: list[str]) -> Counter:
    """Students per option; anything that is no option counts as "(other)"."""
    try:
        counts = Counter(picked)  # C speed; fails only on a hand-made answer that is a list or table
    except TypeError:
        counts = Counter(o if isinstance(o, str) else OTHER for o in picked)
    known = set(options)
    strays = [o for o in counts if o not in known]
    counts[OTHER] += sum(counts.pop(o) for o in strays)
    return +counts  # drops a zero OTHER


def ticked(given: list) -> list:
    """Every option ticked in several-choices answers, each once per student; a non-list is "(other)"."""
    lists = [v for v in given if type(v) is list]
    try:
        found = [o for v in lists for o in (set(v) if len(v) > 1 else v)]
    except TypeError:
        found = [o if isinstance(o, str) else OTHER for v in lists for o in v]
    return found + [OTHER] * (len(given) - len(lists))


def _choices_judge(keys: frozenset):
    def right(value) -> bool:
        try:
            return type(value) is list and keys == set(value)
        except TypeError:  # a hand-made list holding lists or tables
            return False
    return right


class Choice(Kind):
    """Pick one option (``single``); ``Choices`` below ticks several."""

    name = "choice"
    single = True
    fields = ("options", "key", "feedback")
    view = "newslit.notebook.widgets:ChoiceView"
    data = "tally"
    report_table = "distribution"

    # -- the catalogue
    def check(self, entry):
        options = entry.get("options", [])
        problems = [] if len(options) >= 2 else ["needs at least two options"]
        if len(set(options)) != len(options):
            problems.append("options repeat")
        keys = entry.get("key", [])
        keys = [keys] if isinstance(keys, str) else keys
        problems += [f"key {k!r} is not an option" for k in keys if k not in options]
        if self.single and "key" in entry and not isinstance(entry["key"], str):
            problems.append("a single-choice key is one option")
        feedback = entry.get("feedback", {})
        problems += [f"feedback for {k!r}, which is not an option" for k in feedback if k not in options]
        if "key" in entry and set(feedback) != set(options):
            problems.append("a keyed question needs feedback for every option")
        return problems + check_key(entry)

    def complete(self, q, value):
        """With a key: the right answer found (a wrong one opens nothing; "Show me" does). Without: any."""
        if "key" not in q.raw:
            return bool(value)
        key = q.get("key")
        return value == key if self.single else isinstance(value, list) and set(value) == set(key)

    def opens_when(self, q, label):
        """A keyed question opens on the right answer, not on any: a wrong try must not look like a fault."""
        if "key" not in q.raw:
            return super().opens_when(q, label)
        return f"once you have found the right answer to {label} (or pressed “Show me the answer”)"

    def example_answer(self, q, variant=0):
        options = q.get("options")
        return options[variant % len(options)]

    # -- a notebook
    def text_parts(self, q):
        return [f"( ) {option}" for option in q.get("options")]

    def static_html(self, q):
        box = "&#9675;" if self.single else "&#9633;"
        return "<ul style='list-style:none;padding-left:.5em'>" + "".join(
            f"<li>{box} {esc(o)}</li>" for o in q.get("options")) + "</ul>"

    def inputs(self, q):
        return [("radio", option) for option in q.get("options")]

    # -- paper
    def handout_html(self, q):
        how = "Tick one." if self.single else "Tick every one that fits."
        items = "".join(f"<li><span class='box{' round' if self.single else ''}'></span><span>{esc(o)}</span></li>"
                        for o in q.get("options"))
        return f"<p class='how'>{how}</p><ul class='options'>{items}</ul>"

    # -- the lesson plan
    def key_options(self, q, md):
        if not q.get("options"):
            return []
        return ["Options: " + " / ".join(f"“{md(o)}”" for o in q.get("options")), ""]

    def key_lines(self, q, md, cell):
        if "key" not in q.raw:
            return []
        keys = q.get("key")
        keys = [keys] if isinstance(keys, str) else keys
        lines = [f"**Key** ({q.certainty}): " + "; ".join(f"“{md(k)}”" for k in keys), ""]
        others = [o for o in q.get("options") if o not in keys]
        if others:
            lines += ["Why the other options are wrong (the notebook's feedback):", ""]
            lines += [f"- “{md(o)}”: {md(q.get('feedback')[o])}" for o in others]
            lines.append("")
        return lines

    # -- the class report
    def judge(self, q):
        if "key" not in q.raw:
            return None
        key = q.get("key")
        return lambda value: value == key

    def count_right(self, q, given):
        return given.count(q.get("key"))  # C speed

    def picked(self, given: list) -> list:
        """The options chosen in ``given`` answers, one entry per choice."""
        return given

    def tally(self, q, first, final):
        options = list(q.get("options", []))
        first, final = (option_counts(self.picked(given), options) for given in (first, final))
        rows = options + [OTHER] * bool(first.get(OTHER) or final.get(OTHER))
        key = q.get("key", [])
        key = {key} if isinstance(key, str) else set(key)
        return {"letter": [letter(i) for i in range(len(rows))], "option": rows,
                "first": [first.get(o, 0) for o in rows], "final": [final.get(o, 0) for o in rows],
                "right": [(o in key) if key else None for o in rows]}

    def disagreement(self, q, data, answered):
        """Shannon entropy of the final answers over its largest value."""
        counts = data["final"]
        return normalised(counts, max(len(counts), 2))

    def chart(self, q):
        return "distribution", q.label

    # -- the sample class
    def sample_answer(self, q, student):
        options = q.get("options")
        if "key" in q.raw:
            return student.corrected(q, q.get("key"), [o for o in options if o != q.get("key")])
        pick = student.rng.choices(options, weights=range(len(options), 0, -1))[0]
        return pick, pick, 1


class Choices(Choice):
    name = "choices"
    single = False
    view = "newslit.notebook.widgets:ChoicesView"

    def checked_on_request(self, q):
        """Keyed ticks are checked as a set: each tick marked at once would give the key away."""
        return "key" in q.raw

    def example_answer(self, q, variant=0):
        options = q.get("options")
        return [o for i, o in enumerate(options) if (i + variant) % 2 == 0]

    def text_parts(self, q):
        return [f"[ ] {option}" for option in q.get("options")]

    def inputs(self, q):
        return [("checkbox", option) for option in q.get("options")]

    def judge(self, q):
        return _choices_judge(frozenset(q.get("key"))) if "key" in q.raw else None

    def count_right(self, q, given):
        return sum(map(self.judge(q), given))

    def picked(self, given):
        return ticked(given)

    def disagreement(self, q, data, answered):
        """Per option, the entropy of ticked / not ticked, averaged."""
        options = [n for option, n in zip(data["option"], data["final"]) if option != OTHER]
        shares = [normalised((n, max(0, answered - n)), 2) for n in options]
        return sum(shares) / len(shares) if shares else 0.0

    def csv_columns(self, q, qid, values):
        return [(qid, ["; ".join(map(str, v)) if type(v) is list else v for v in values])]

    def sample_answer(self, q, student):
        options, key = q.get("options"), set(q.get("key", []))
        right = [o for o in options if o in key]
        wrong = [[o for o in options if (o in key) != (student.rng.random() < 0.35 + 0.3 * n)] for n in range(2)]
        return student.corrected(q, right, [w for w in wrong if set(w) != key and w])


CHOICE = register(Choice())
CHOICES = register(Choices())
