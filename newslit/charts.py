"""Charts for the notebooks: matplotlib, one function per chart, the same look everywhere.

Every chart has a title, labelled axes, a colour-blind-safe palette (Okabe–Ito), a fixed size and
resolution, and a one-sentence text description computed from the same data. A chart is shown as
two outputs:

* the picture (``image/png``, which nbval does not compare) with ``text/plain`` set to the title
  and description (which nbval does compare), so the stored notebook states what the chart shows;
* the description as a short paragraph under it, so readers who cannot see the picture, and
  screen readers (JupyterLab gives notebook images no alt text), get the same information.

Nothing here depends on saved answers, so stored outputs never change when students answer.
"""
from __future__ import annotations

import base64
import html
import io

import matplotlib

matplotlib.use("Agg")  # draw off screen; the notebook shows the PNG we hand it
import matplotlib.pyplot as plt  # noqa: E402

from .article import load_article  # noqa: E402

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour-vision deficiencies.
PALETTE = {"orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
           "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "grey": "#999999", "black": "#000000"}
FIGSIZE = (8.0, 4.5)
DPI = 100
_STYLE = {"font.size": 11, "axes.titlesize": 13, "axes.titleweight": "bold", "axes.spines.top": False,
          "axes.spines.right": False, "figure.dpi": DPI, "savefig.dpi": DPI}


class Chart:
    """A drawn chart: its PNG, title and one-sentence description."""

    def __init__(self, figure, title: str, description: str):
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
        plt.close(figure)
        self.png = buffer.getvalue()
        self.title = title
        self.description = description

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"image/png": base64.b64encode(self.png).decode("ascii"),
                "text/plain": f"[chart] {self.title}. {self.description}"}

    def __repr__(self) -> str:
        return f"[chart] {self.title}. {self.description}"


class Description:
    """The chart's description as a visible paragraph (also its text alternative)."""

    def __init__(self, text: str):
        self.text = text

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": f"What the chart shows: {self.text}",
                "text/html": f"<p role='note' style='max-width:52em'><strong>What the chart shows:</strong> "
                             f"{html.escape(self.text)}</p>"}


def new_figure():
    """A figure of the module's fixed size, in the module's style."""
    with plt.rc_context(_STYLE):
        figure, axes = plt.subplots(figsize=FIGSIZE, dpi=DPI)
    return figure, axes


def show(chart: Chart) -> None:
    """Display a chart and its description (two outputs, see the module docstring)."""
    from IPython.display import display

    display(chart)
    display(Description(chart.description))


def chart(name: str) -> None:
    """Draw and display one chart by its function name: ``nl.chart("words_per_passage")``."""
    function = globals().get(name)
    if name.startswith("_") or not callable(function) or function.__module__ != __name__ or name in _NOT_CHARTS:
        raise KeyError(f"No chart {name!r}.")
    show(function())


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


# ---------------------------------------------------------------- notebook 01

HEADER, ARTICLE, QA = "Headline and contents", "Article", "Q&A “interview”"
PART_COLOURS = {HEADER: PALETTE["grey"], ARTICLE: PALETTE["blue"], QA: PALETTE["orange"]}


def part_of(passage) -> str:
    """Which part of the page a passage is in: the header, the article, or the Q&A (from heading S4 on)."""
    if passage.kind in ("headline", "contents"):
        return HEADER
    return QA if passage.section == "S4" else ARTICLE


def words_per_passage() -> Chart:
    """Bar chart: words in each passage, coloured by part of the page, with the start of the Q&A marked."""
    passages = load_article().passages
    parts = [part_of(p) for p in passages]
    words = [p.words for p in passages]
    from matplotlib.patches import Patch

    with plt.rc_context(_STYLE):
        figure, axes = new_figure()
        positions = range(len(passages))
        axes.bar(positions, words, color=[PART_COLOURS[part] for part in parts], edgecolor="white")
        axes.set_xticks(list(positions), [p.id for p in passages], rotation=90, fontsize=8)
        start = parts.index(QA)
        axes.axvline(start - 0.5, color=PALETTE["black"], linestyle="--", linewidth=1)
        axes.text(start - 0.3, max(words) * 0.97, "Q&A begins", fontsize=9)
        axes.legend(handles=[Patch(color=colour, label=part) for part, colour in PART_COLOURS.items()],
                    frameon=False, loc="upper left")
        title = "How long is each passage?"
        axes.set_title(title)
        axes.set_xlabel("Passage id, in the order of the page")
        axes.set_ylabel("Words")
        figure.tight_layout()
    totals = {part: sum(w for w, pt in zip(words, parts) if pt == part) for part in PART_COLOURS}
    whole = sum(words)
    description = (f"The page has {whole:,} words: {totals[ARTICLE]:,} in the article itself "
                   f"({_percent(totals[ARTICLE] / whole)}) and {totals[QA]:,} in the Q&A after it "
                   f"({_percent(totals[QA] / whole)}), so the Q&A is "
                   f"{'longer' if totals[QA] > totals[ARTICLE] else 'shorter'} than the article.")
    return Chart(figure, title, description)


def trust_pair(before: int | None, after: int | None) -> Chart:
    """Two bars: a student's own trust rating in 01 and in 06 (drawn in a widget, never stored)."""
    labels = ["01 · first read", "06 · after checking"]
    values = [before or 0, after or 0]
    with plt.rc_context(_STYLE):
        figure, axes = plt.subplots(figsize=(5.0, 3.2), dpi=DPI)
        axes.bar(labels, values, color=[PALETTE["sky"], PALETTE["vermillion"]], width=0.55)
        for x, (value, given) in enumerate(zip(values, (before, after))):
            axes.text(x, value + 2, str(value) if given is not None else "not rated", ha="center", fontsize=10)
        axes.set_ylim(0, 110)
        title = "My trust in the article"
        axes.set_title(title)
        axes.set_xlabel("When I rated it")
        axes.set_ylabel("Trust (0 to 100)")
        figure.tight_layout()
    if before is None or after is None:
        description = "One of the two ratings is missing, so there is nothing to compare yet."
    else:
        change = after - before
        trend = "went down" if change < 0 else "went up" if change > 0 else "did not change"
        amount = f" by {abs(change)} points" if change else ""
        description = f"Your trust was {before} in notebook 01 and is {after} now: it {trend}{amount}."
    return Chart(figure, title, description)


_NOT_CHARTS = {"chart", "show", "new_figure", "part_of", "trust_pair"}

def certainty_by_part() -> Chart:
    """Stacked bars: how many of the module's checked claims are settled, likely or open, by part of the page."""
    from .tables import findings_by_part

    table = findings_by_part()
    colours = {"settled": PALETTE["green"], "likely": PALETTE["yellow"], "open": PALETTE["grey"]}
    with plt.rc_context(_STYLE):
        figure, axes = new_figure()
        left = [0] * len(table)
        for status in table.columns:
            axes.barh(list(table.index), table[status], left=left, color=colours[status], label=status,
                      edgecolor="white")
            left = [a + b for a, b in zip(left, table[status])]
        axes.legend(title="How sure", frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        title = "How sure are the checks, part by part?"
        axes.set_title(title)
        axes.set_xlabel("Claims checked")
        axes.set_ylabel("Part of the page")
        figure.tight_layout()
    shares = (table["settled"] / table.sum(axis=1)).round(2)
    article, qa = table.index
    description = (f"For the article and headline, {table.loc[article, 'settled']} of {table.loc[article].sum()} "
                   f"checked claims are settled ({_percent(shares[article])}); for the Q&A only "
                   f"{table.loc[qa, 'settled']} of {table.loc[qa].sum()} are ({_percent(shares[qa])}): "
                   "with no record that the interview took place, most of its points can only be 'likely'.")
    return Chart(figure, title, description)


# --- end of charts ---
