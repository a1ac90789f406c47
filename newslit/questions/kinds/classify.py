"""``classify``: sort each item into a category.

Catalogue fields: ``categories`` (at least two, each ``id`` and ``label``) and ``items`` (each ``id``,
``text``, ``accept``: every defensible category, and a ``why`` for the feedback). Its points are
marked, so they must be settled. The answer is ``{item id: category id}``; it is right when every
item is in one of its accepted categories. The class report counts students per item and category.

``items_from`` names a form question whose fields become the items: the student sorts what they wrote
(notebook 07 sorts the five claims a student picked from their own article). Its catalogue ``items`` are
placeholders with the form's field ids ("Your claim 1"); at run time the view puts the student's words in
their place. Such a sort has no key (``accept`` and ``why`` are not given) and is an open point.
"""
from __future__ import annotations

from collections import Counter

from newslit.questions.kinds import Kind, esc, normalised, parts_by_name, register


def sorted_counts(given: list) -> Counter:
    """How many students put each item in each category: ``{(item id, category id): students}``."""
    pairs = (pair for v in given if type(v) is dict for pair in v.items())
    try:
        return Counter(pairs)  # C speed
    except TypeError:  # a hand-made answer with a list or table as a category
        return Counter(p for v in given if type(v) is dict for p in v.items() if isinstance(p[1], str))


def _judge(accept: dict):
    if all(len(ok) == 1 for ok in accept.values()):  # one right category per item: a C-speed subset test
        key = {item: ok[0] for item, ok in accept.items()}.items()
        return lambda value: type(value) is dict and key <= value.items()
    return lambda value: type(value) is dict and all(value.get(i) in ok for i, ok in accept.items())


def with_own_items(q, claims: dict | None):
    """``q`` (a sort of the student's own items, ``items_from``) with the student's words from ``claims`` (their
    answer to the form it names) in place of its placeholders; the view and the readable hand-in use it."""
    from newslit.questions.entries import Question

    raw = dict(q.raw)
    claims = claims if isinstance(claims, dict) else {}
    raw["items"] = [{**item, "text": str(claims.get(item["id"], "")).strip() or item["text"]}
                    for item in q.get("items")]
    return Question(id=q.id, notebook=q.notebook, kind=q.kind, prompt=q.prompt, label=q.label,
                    passage=q.passage, private=q.private, certainty=q.certainty, raw=raw)


class Classify(Kind):
    name = "classify"
    fields = ("items", "categories", "items_from")
    view = "newslit.notebook.widgets:ClassifyView"
    data = "tally"
    report_table = "right answers"

    def answer_parts(self, q, value):
        if not isinstance(value, dict):
            return super().answer_parts(q, value)
        items = {i["id"]: i["text"] for i in q.get("items")}
        labels = {c["id"]: c["label"] for c in q.get("categories")}
        return [(items.get(key, str(key)), labels.get(choice, str(choice))) for key, choice in value.items()]

    def check(self, entry):
        categories = {c.get("id") for c in entry.get("categories", [])}
        items = entry.get("items", [])
        problems = [] if len(categories) >= 2 and items else ["needs at least two categories and one item"]
        if entry.get("items_from"):  # the student's own items: no key, an open point
            if any("accept" in item for item in items) or entry.get("certainty") == "settled":
                problems.append("a sort of the student's own items (items_from) has no key and is not settled")
            if not all(item.get("id") and item.get("text") for item in items):
                problems.append("every item needs an id and a text")
            return problems
        for item in items:
            accept = item.get("accept", [])
            if not item.get("id") or not item.get("text"):
                problems.append("every item needs an id and a text")
            if not accept or not set(accept) <= categories:
                problems.append(f"item {item.get('id')!r}: accept must list known categories")
            if not item.get("why"):
                problems.append(f"item {item.get('id')!r}: needs a 'why' for its feedback")
        if entry.get("certainty") != "settled":
            problems.append("a classify question marks items right or wrong, so its points must be settled")
        return problems

    def complete(self, q, value):
        """Every item sorted (right or not: the feedback says which to look at again)."""
        return isinstance(value, dict) and all(item["id"] in value for item in q.get("items"))

    def has_key(self, q):
        return not q.get("items_from")  # every item's accepted categories; none for the student's own items

    def example_answer(self, q, variant=0):
        categories = [c["id"] for c in q.get("categories")]
        return {item["id"]: categories[(i + variant) % len(categories)] for i, item in enumerate(q.get("items"))}

    # -- a notebook
    def text_parts(self, q):
        names = " / ".join(c["label"] for c in q.get("categories"))
        return [f"{item['text']} -> ({names})" for item in q.get("items")]

    def static_html(self, q):
        names = " / ".join(esc(c["label"]) for c in q.get("categories"))
        items = "".join(f"<li>{esc(i['text'])}<br><small>{names}</small></li>" for i in q.get("items"))
        return "<ol>" + items + "</ol>"

    def inputs(self, q):
        return [("radio", c["label"]) for _ in q.get("items") for c in q.get("categories")]

    # -- paper
    def handout_html(self, q):
        categories = q.get("categories")
        head = "".join(f"<th class='cat' scope='col'>{esc(c['label'])}</th>" for c in categories)
        tick = "<td class='tick'><span class='box'></span></td>" * len(categories)
        rows = "".join(f"<tr><td>{number}. {esc(item['text'])}</td>{tick}</tr>"
                       for number, item in enumerate(q.get("items"), start=1))
        return (f"<p class='how'>Tick one box in each row.</p><table class='grid'><thead><tr><th scope='col'>"
                f"Line</th>{head}</tr></thead><tbody>{rows}</tbody></table>")

    # -- the lesson plan
    def key_lines(self, q, md, cell):
        if q.get("items_from"):
            return ["**No key:** students sort their own claims; ask them why, and how they would check each one.",
                    ""]
        names = {c["id"]: c["label"] for c in q.get("categories")}
        lines = [f"**Key** ({q.certainty}): every listed category is accepted.", "",
                 "| item | accepted | why |", "|---|---|---|"]
        lines += [f"| {cell(i['text'])} | {cell(' or '.join(names[a] for a in i['accept']))} | {cell(i['why'])} |"
                  for i in q.get("items")]
        lines.append("")
        return lines

    # -- the class report
    def judge(self, q):
        if q.get("items_from"):
            return None  # the student's own items: nothing to be right against
        return _judge({item["id"]: item["accept"] for item in q.get("items")})

    def tally(self, q, first, final):
        counts = {"first": sorted_counts(first), "final": sorted_counts(final)}
        pairs = [(number, item, category) for number, item in enumerate(q.get("items"), start=1)
                 for category in q.get("categories")]
        return {"item": [number for number, _, _ in pairs], "text": [item["text"] for _, item, _ in pairs],
                "category": [category["label"] for _, _, category in pairs],
                "first": [counts["first"][item["id"], category["id"]] for _, item, category in pairs],
                "final": [counts["final"][item["id"], category["id"]] for _, item, category in pairs],
                "right": [category["id"] in item.get("accept", ()) for _, item, category in pairs]}

    def disagreement(self, q, data, answered):
        """Per item, the entropy of the final categories over its largest value, averaged."""
        n = len(q.get("categories"))
        per_item: dict = {}
        for item, count in zip(data["item"], data["final"]):
            per_item.setdefault(item, []).append(count)
        shares = [normalised(counts, n) for counts in per_item.values()]
        return sum(shares) / len(shares) if shares else 0.0

    def chart(self, q):
        return "sorting", q.label

    def csv_columns(self, q, qid, values):
        return parts_by_name(q, qid, values, [i["id"] for i in q.get("items", [])])

    # -- the sample class
    def sample_answer(self, q, student):
        categories = [c["id"] for c in q.get("categories")]
        if q.get("items_from"):
            value = {item["id"]: student.rng.choice(categories) for item in q.get("items")}
            return value, value, 1
        right = {item["id"]: item["accept"][0] for item in q.get("items")}
        wrong = dict(right)
        item = student.rng.choice(q.get("items"))
        wrong[item["id"]] = student.rng.choice([c for c in categories if c not in item["accept"]] or categories)
        return student.corrected(q, right, [wrong] if wrong != right else [])


CLASSIFY = register(Classify())
