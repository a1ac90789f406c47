"""``scale``: a whole number on a scale, with a reason.

Catalogue fields: ``min`` < ``max`` (whole numbers), a positive whole ``step`` (default 1), the end
labels ``low`` and ``high``, and the reason box's ``reason_label`` (default "Why?"); no ``key``. The
answer is ``{"value": number, "reason": text}``. The class report shows the spread of the numbers
and lists the reasons; a scale's disagreement is the spread of the ratings.
"""
from __future__ import annotations

import math

from newslit.questions.kinds import STATIC_LINE, Kind, esc, handout_lines, register


def scale_svg(low: int, high: int) -> str:
    """A line from ``low`` to ``high`` with a tick every tenth of the way, numbered (for paper)."""
    left, right, y = 16, 584, 18
    ticks = []
    for n in range(11):
        value = low + (high - low) * n / 10
        x = left + (right - left) * n / 10
        label = f"{value:g}"
        ticks.append(f"<line x1='{x:g}' y1='{y - 7}' x2='{x:g}' y2='{y + 7}' stroke='#000' stroke-width='1.2'/>"
                     f"<text x='{x:g}' y='{y + 22}' font-size='12' text-anchor='middle'>{esc(label)}</text>")
    return (f"<svg viewBox='0 0 600 46' role='img' aria-label='a line from {low} to {high}'>"
            f"<line x1='{left}' y1='{y}' x2='{right}' y2='{y}' stroke='#000' stroke-width='1.6'/>"
            + "".join(ticks) + "</svg>")


def rating(value) -> float:
    """The number in a scale answer (or a bare number), NaN when there is none."""
    number = value.get("value") if type(value) is dict else value
    return float(number) if type(number) in (int, float) and math.isfinite(number) else math.nan


class Scale(Kind):
    name = "scale"
    fields = ("min", "max", "step", "low", "high", "reason_label")
    view = "newslit.notebook.widgets:ScaleView"
    data = "numbers"
    written = True  # the reason
    report_table = "spread"

    def check(self, entry):
        low, high, step = entry.get("min"), entry.get("max"), entry.get("step", 1)
        if not (isinstance(low, int) and isinstance(high, int) and low < high and isinstance(step, int) and step > 0):
            return ["a scale needs whole numbers min < max and a positive step"]
        return [] if "key" not in entry else ["a scale has no key"]

    def example_answer(self, q, variant=0):
        low, high, step = q.get("min"), q.get("max"), q.get("step", 1)
        span = (high - low) // step
        return {"value": low + step * ((variant * 7) % (span + 1)), "reason": f"Example reason {variant}."}

    def text_parts(self, q):
        return [f"{q.get('min')} = {q.get('low')} … {q.get('max')} = {q.get('high')}: ____",
                f"{q.get('reason_label', 'Why?')}: ____"]

    def static_html(self, q):
        return (f"<p>{esc(q.get('min'))} = {esc(q.get('low'))} … {esc(q.get('max'))} = {esc(q.get('high'))}: "
                f"______</p><p>{esc(q.get('reason_label', 'Why?'))}</p>{STATIC_LINE * 2}")

    def inputs(self, q):
        return [("textbox", q.label), ("textbox", q.get("reason_label", "Why?"))]

    def handout_html(self, q):
        low, high = q.get("min"), q.get("max")
        return (f"<div class='scale'><p class='how'>Mark a cross on the line, then write your number.</p>"
                f"{scale_svg(low, high)}<div class='ends'><span>{esc(low)} = {esc(q.get('low'))}</span>"
                f"<span>{esc(high)} = {esc(q.get('high'))}</span></div></div>"
                f"<div class='field'><span class='label'>My number:</span> ________</div>"
                f"<div class='field'><div class='label'>{esc(q.get('reason_label', 'Why?'))}</div>"
                f"{handout_lines(3)}</div>")

    def no_key_lines(self, q):
        if "model_answer" in q.raw:
            return []
        return ["**No key:** a position on a scale with a reason. Judge the reason: does it name evidence or a "
                "condition, and does it say who claims what?", ""]

    def number(self, value):
        return rating(value)

    def disagreement(self, q, data, answered):
        """Twice the standard deviation over the scale's range: 1 when half the class is at each end."""
        half_range = (q.get("max") - q.get("min")) / 2
        return min(1.0, data.sd / half_range) if data.count > 1 and half_range > 0 else 0.0

    def answer_parts(self, q, value):
        if not isinstance(value, dict) or "value" not in value:
            return super().answer_parts(q, value)
        place = (f"{value['value']}, on the line from {q.get('min', 0)} ({q.get('low', '')}) "
                 f"to {q.get('max', 100)} ({q.get('high', '')})")
        return [("My place on the line", place)] + [(label, text) for label, text in self.written_parts(q, value)
                                                     if text]

    def written_parts(self, q, value):
        return [(q.get("reason_label", "reason"), value.get("reason"))] if isinstance(value, dict) else []

    def chart(self, q):
        return "ratings", q.label, q.get("low", ""), q.get("high", ""), (q.get("min", 0), q.get("max", 100))

    def csv_columns(self, q, qid, values):
        return [(qid, [v.get("value") if type(v) is dict else v for v in values]),
                (f"{qid}: reason", [v.get("reason") if type(v) is dict else None for v in values])]

    def sample_answer(self, q, student):
        low, high, step = q.get("min"), q.get("max"), q.get("step", 1)
        number = student.rng.gauss(low + student.centre(q) * (high - low), (high - low) / 5)
        number = min(high, max(low, low + step * round((number - low) / step)))
        value = {"value": number, "reason": student.reason()}
        moved = dict(value, value=min(high, max(low, number + step * student.rng.choice((-2, -1, 1, 2)))))
        return (moved, value, 2) if student.rng.random() < 0.3 else (value, value, 1)


SCALE = register(Scale())
