"""The class report's charts: matplotlib, Okabe–Ito colours, a title, labelled axes, a fixed size.

Each ``draw_*`` function draws on a figure and returns its alt text: one sentence saying what the
chart shows, in numbers. Two ways out:

* ``data_uri(draw_x, ...)`` -> ``(uri, alt)``: a base64 PNG for the standalone HTML report only
  (never in a notebook's ``text/html``: nbval compares that); a ``Drawer`` (or ``render_all``)
  draws many on the other cores while the page is built (about 0.1 s of CPU each, whatever the size
  of the class);
* ``show(draw_x, ...)``: in a notebook, the figure (cached by its data, like the notebooks' charts) and its
  alt text printed under it;
  ``plot_question``, ``plot_right_shares`` and ``plot_starters`` are the notebook's one-line calls.

Figures are built from ``matplotlib.figure.Figure`` for the report (no pyplot state, no backend).
"""
from __future__ import annotations

import base64
import hashlib
import io
import math
import multiprocessing
import os
import pickle
import sys
import textwrap
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import pandas as pd
from matplotlib.figure import Figure

import newslit.classroom.load as cr
from newslit.notebook.charts import BAR_EDGE
from newslit.questions.kinds import get_kind

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
OKABE_ITO = {"orange": "#E69F00", "sky blue": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
             "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000"}
FIRST, FINAL, OTHER = OKABE_ITO["sky blue"], OKABE_ITO["blue"], OKABE_ITO["orange"]
SIZE = (8.0, 3.6)  # inches; 800 x 360 pixels at DPI
DPI = 100
FONT = 11


MARGINS = {"left": 0.1, "right": 0.8, "top": 0.88, "bottom": 0.17}  # fixed: layout engines cost 2x


def _figure(fig: Figure | None = None) -> Figure:
    fig = fig if fig is not None else Figure(figsize=SIZE, dpi=DPI)
    fig.add_subplot()
    fig.subplots_adjust(**MARGINS)
    return fig


def _title(text: str, width: int = 70) -> str:
    return textwrap.shorten(" ".join(str(text).split()), width=width, placeholder="…")


def _style(ax, title: str, xlabel: str, ylabel: str) -> None:
    ax.set_title(_title(title), fontsize=FONT + 2)
    ax.set_xlabel(xlabel, fontsize=FONT)
    ax.set_ylabel(ylabel, fontsize=FONT)
    ax.tick_params(labelsize=FONT)
    ax.spines[["top", "right"]].set_visible(False)


def _legend(ax) -> None:
    """Outside the plot, on the right, so it never covers a bar."""
    ax.legend(fontsize=FONT - 1, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))


def _percent(share: float) -> str:
    return "no answers" if share is None or (isinstance(share, float) and math.isnan(share)) else f"{share:.0%}"


# ---------------------------------------------------------------- the charts

def draw_distribution(fig: Figure, table: pd.DataFrame, title: str) -> str:
    """Choice / choices: students per option, first attempt beside final answer; ✓ marks the key."""
    ax = fig.axes[0]
    labels = [f"{letter} ✓" if right is True else letter for letter, right in zip(table["letter"], table["right"])]
    rows = list(range(len(table)))[::-1]
    height = 0.38
    ax.barh([r + height / 2 for r in rows], table["first"], height, color=FIRST, label="first attempt", **BAR_EDGE)
    ax.barh([r - height / 2 for r in rows], table["final"], height, color=FINAL, label="final answer", **BAR_EDGE)
    ax.set_yticks(rows, labels)
    _legend(ax)
    _style(ax, title, "students", "option")
    parts = [f"{letter}{' (right)' if right is True else ''} {first} first, {final} final"
             for letter, right, first, final in zip(table["letter"], table["right"], table["first"], table["final"])]
    return f"Bar chart of how many students chose each option of “{_title(title)}”: " + "; ".join(parts) + "."


def draw_classify(fig: Figure, table: pd.DataFrame, title: str) -> str:
    """Classify: per item, the students who sorted it right at the first attempt and finally."""
    ax = fig.axes[0]
    right = table[table["right"]].groupby("item", sort=True)[["first", "final"]].sum()
    items = list(right.index)
    width = 0.38
    ax.bar([i - width / 2 for i in range(len(items))], right["first"], width, color=FIRST, label="first attempt",
           **BAR_EDGE)
    ax.bar([i + width / 2 for i in range(len(items))], right["final"], width, color=FINAL, label="final answer",
           **BAR_EDGE)
    ax.set_xticks(range(len(items)), [f"item {i}" for i in items])
    _legend(ax)
    _style(ax, title, "item to sort", "students who sorted it right")
    parts = [f"item {i}: {right.loc[i, 'first']} first, {right.loc[i, 'final']} final" for i in items]
    return f"Bar chart of how many students sorted each item of “{_title(title)}” right: " + "; ".join(parts) + "."


def draw_scale(fig: Figure, values: pd.Series, title: str, low: str, high: str, bounds: tuple[int, int]) -> str:
    """Scale: how many students gave each rating (10 bins over the scale)."""
    ax = fig.axes[0]
    numbers = values.dropna()
    ax.hist(numbers, bins=10, range=bounds, color=OTHER, **BAR_EDGE)
    ax.set_xlim(*bounds)
    _style(ax, title, f"rating ({bounds[0]} = {_title(low, 30)}, {bounds[1]} = {_title(high, 30)})", "students")
    if numbers.empty:
        return f"Histogram of the ratings for “{_title(title)}”: nobody answered."
    return (f"Histogram of {len(numbers)} ratings for “{_title(title)}”: median {numbers.median():g}, "
            f"middle half from {numbers.quantile(.25):g} to {numbers.quantile(.75):g}, "
            f"range {numbers.min():g} to {numbers.max():g}.")


def draw_change(fig: Figure, pairs: pd.DataFrame, title: str, bounds: tuple[int, int]) -> str:
    """Before / after ratings of the same students, as two histograms side by side per bin."""
    ax = fig.axes[0]
    ax.hist([pairs["before"], pairs["after"]], bins=10, range=bounds, color=[OTHER, FINAL],
            label=["before", "after"], **BAR_EDGE)
    _legend(ax)
    _style(ax, title, "rating", "students")
    change = pairs["after"] - pairs["before"]
    return (f"Histogram of {len(pairs)} students' ratings before and after: mean {pairs['before'].mean():.0f} "
            f"before, {pairs['after'].mean():.0f} after; {int((change > 0).sum())} went up, "
            f"{int((change < 0).sum())} went down, {int((change == 0).sum())} stayed the same.")


def draw_task_change(fig: Figure, table: pd.DataFrame) -> str:
    """The before-and-after task: the class's mean level before and after, criterion by criterion."""
    ax = fig.axes[0]
    positions = range(len(table))
    width = 0.38
    ax.bar([p - width / 2 for p in positions], table["before (mean level)"], width, color=OTHER, label="before",
           **BAR_EDGE)
    ax.bar([p + width / 2 for p in positions], table["after (mean level)"], width, color=FINAL, label="after",
           **BAR_EDGE)
    ax.set_xticks(list(positions), list(table.index))
    ax.set_ylim(0, 4)
    ax.set_yticks([1, 2, 3, 4], ["1 Beginning", "2 Developing", "3 Proficient", "4 Advanced"])
    _legend(ax)
    _style(ax, "Before-and-after task, scored blind", "criterion", "mean level")
    parts = [f"{name}: {row['before (mean level)']:.1f} before, {row['after (mean level)']:.1f} after "
             f"({row['students']} students)" for name, row in table.iterrows()]
    return "Bar chart of the class's mean level (1 to 4) before and after, by criterion. " + "; ".join(parts) + "."


def draw_right_shares(fig: Figure, summary: pd.DataFrame, title: str = "Share right, first attempt and final") -> str:
    """Keyed questions: the share right at the first attempt beside the share right finally."""
    ax = fig.axes[0]
    rows = summary.dropna(subset=["right final"])
    positions = range(len(rows))
    width = 0.38
    ax.bar([p - width / 2 for p in positions], rows["right first"], width, color=FIRST, label="first attempt",
           **BAR_EDGE)
    ax.bar([p + width / 2 for p in positions], rows["right final"], width, color=FINAL, label="final answer",
           **BAR_EDGE)
    ax.set_xticks(list(positions), [str(i + 1) for i in positions])
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(lambda y, _: f"{y:.0%}")
    _legend(ax)
    _style(ax, title, "question (numbered as in the table below)", "share of students right")
    if len(rows) > 15:  # many questions: smaller, upright numbers that do not run together
        ax.tick_params(axis="x", labelsize=FONT - 3, rotation=90)
    parts = [f"{n}. {qid}: {_percent(a)} first, {_percent(b)} final"
             for n, (qid, a, b) in enumerate(zip(rows.index, rows["right first"], rows["right final"]), start=1)]
    return "Bar chart of the share of students right per question: " + "; ".join(parts) + "."


def draw_disagreement(fig: Figure, starters: pd.DataFrame, title: str = "Where the class disagrees most") -> str:
    """Discussion starters: disagreement from 0 (all agree) to 1 (evenly split), most split on top."""
    ax = fig.axes[0]
    rows = list(range(len(starters)))[::-1]
    fig.subplots_adjust(left=0.36, right=0.97)  # room for the questions' names
    ax.barh(rows, starters["disagreement"], color=OKABE_ITO["purple"], **BAR_EDGE)
    ax.set_yticks(rows, [_title(label, 32) for label in starters["label"]])
    ax.set_xlim(0, 1)
    _style(ax, title, "disagreement (0 = all agree, 1 = evenly split)", "question")
    parts = [f"{_title(label, 40)} {value:.2f}" for label, value in zip(starters["label"], starters["disagreement"])]
    return ("Bar chart of how split the class is on each question, most split first: "
            + ("; ".join(parts) if parts else "no question has two or more answers yet") + ".")


DRAWINGS = {"distribution": draw_distribution, "sorting": draw_classify, "ratings": draw_scale}  # for Kind.chart


def question_chart(q, data) -> tuple | None:
    """``(draw, *args)`` for one question's chart from ``classroom.question_data``; None for free text.
    The kind chooses the drawing and its arguments (``Kind.chart``: a name in ``DRAWINGS``)."""
    spec = get_kind(q.kind).chart(q)
    if spec is None:
        return None
    name, *args = spec
    return DRAWINGS[name], data, *args


# ---------------------------------------------------------------- out

def png(draw, *args) -> tuple[bytes, str]:
    """Draw into a fresh figure and return ``(PNG bytes, alt text)``."""
    fig = _figure()
    alt = draw(fig, *args)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue(), alt


def data_uri(draw, *args) -> tuple[str, str]:
    """Draw into a fresh figure and return ``(data: URI of a PNG, alt text)``."""
    picture, alt = png(draw, *args)
    return "data:image/png;base64," + base64.b64encode(picture).decode("ascii"), alt


class Drawer:
    """Draws charts as they are asked for: in worker processes when the machine has cores to spare
    (Linux, where a process forks cheaply, and no other thread running), so the page's numbers are
    worked out while the charts are drawn; anywhere else, or if a worker fails, here, one by one."""

    def __init__(self, workers: int | None = None):
        self.workers = _spare_cores() if workers is None else workers
        self.pool: ProcessPoolExecutor | None = None
        self.jobs: list = []

    def submit(self, spec: tuple) -> int:
        """Start drawing ``(draw, *args)``; returns its number."""
        if self.workers > 1 and self.pool is None:
            self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"))
        self.jobs.append((self.pool.submit(_render, spec) if self.pool else None, spec))
        return len(self.jobs) - 1

    def results(self) -> list[tuple[str, str]]:
        """``(data URI, alt text)`` of every chart, in order."""
        return [self._result(future, spec) for future, spec in self.jobs]

    @staticmethod
    def _result(future, spec: tuple) -> tuple[str, str]:
        if future is not None:
            try:
                return future.result()
            except (OSError, RuntimeError, BrokenProcessPool):
                pass  # a worker died: draw it here
        return _render(spec)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None


def render_all(specs: list[tuple], workers: int | None = None) -> list[tuple[str, str]]:
    """``data_uri`` of every ``(draw, *args)``, in order (see ``Drawer``)."""
    drawer = Drawer(workers)
    try:
        for spec in specs:
            drawer.submit(spec)
        return drawer.results()
    finally:
        drawer.close()


def _render(spec: tuple) -> tuple[str, str]:
    return data_uri(*spec)


def _spare_cores() -> int:
    """Worker processes worth starting: one per core (at most 4) where forking is safe, else none."""
    forkable = "fork" in multiprocessing.get_all_start_methods() and sys.platform == "linux"
    if not forkable or threading.active_count() > 1:
        return 0
    return min(os.cpu_count() or 1, 4)


def show(draw, *args) -> None:
    """In a notebook: the chart and its alt text printed under it. The picture comes from the chart
    cache (``newslit.notebook.charts.cached``) when the same drawing was made from the same data before, so a
    re-run of the teacher notebook draws nothing; the key is a hash of the drawing's name and its data."""
    from IPython.display import Image, display

    from newslit.notebook.charts import Chart, cached

    def drawn() -> Chart:
        picture, alt = png(draw, *args)
        return Chart.from_png(picture, "", alt)

    data = hashlib.sha256(pickle.dumps(args, protocol=5)).hexdigest()[:16]
    chart = cached(f"report-{draw.__name__}-{data}", drawn)
    display(Image(data=chart.png, format="png", width=int(SIZE[0] * DPI)))
    print(chart.description)


# ---------------------------------------------------------------- one-line calls for the teacher notebook

def plot_question(cls, qid: str) -> None:
    """The chart of one question (closed or scale)."""
    q = cls.question(qid)
    spec = question_chart(q, cr.question_data(cls, q))
    if spec is None:
        print(f"{qid} is answered in writing: see classroom.free_text.")
        return
    show(*spec)


def plot_right_shares(cls) -> None:
    """Share right at the first attempt and finally, per question with a right answer."""
    show(draw_right_shares, cr.right_shares(cr.summary(cls)))


def plot_starters(cls) -> None:
    """The questions the class disagrees on most."""
    show(draw_disagreement, cr.discussion_starters(cls))
