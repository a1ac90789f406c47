"""Charts for the notebooks: matplotlib, one function per chart, the same look everywhere.

Every chart has a title, labelled axes, a colour-blind-safe palette (Okabe–Ito), a fixed size and
resolution, and a one-sentence text description computed from the same data. A chart is shown as
two outputs:

* the picture (``image/png``, which nbval does not compare) with ``text/plain`` set to the title
  and description (which nbval does compare), so the stored notebook states what the chart shows;
* the description as a short paragraph under it, so readers who cannot see the picture, and
  screen readers (JupyterLab gives notebook images no alt text), get the same information.

Nothing here depends on saved answers, so stored outputs never change when students answer.

Fast: matplotlib is imported only when a chart is really drawn, and ``chart(name)`` (the notebooks'
call) keeps each drawn chart's PNG, title and description in a cache on disk
(``~/.cache/newslit/charts``, or ``$XDG_CACHE_HOME``, or ``$NEWSLIT_CHART_CACHE``; ``off`` turns it
off), keyed by a hash of the chart's name, every file the chart is computed from (``CHART_INPUTS``:
the modules and content tables, and the article) and matplotlib's version. A re-run shows the same PNG bytes
without drawing or importing matplotlib (drawing costs 0.2–0.6 s a chart). An unreadable or
unwritable cache is passed over: the chart is drawn. Calling a chart function directly always draws.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import html
import io
import json
import os
import textwrap
from pathlib import Path

from newslit.source.article import ARTICLE, HEADER, QA, load_article, part_of, seed_path

CACHE_FORMAT = 1
# What the charts are computed from, in the package: these modules (and every newslit module they
# import: tests/test_chart_cache.py checks) and the content tables. The article is added.
CHART_INPUTS = ("notebook/charts.py", "notebook/tables.py", "source/content.py", "source/article.py",
                "source/privacy.py", "classroom/report_charts.py", "answers/atomicio.py", "content")
ENV_CACHE = "NEWSLIT_CHART_CACHE"


class _Pyplot:
    """``matplotlib.pyplot``, imported on first use (off screen: the notebook shows the PNG we hand it)."""

    def __getattr__(self, name):
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot

        return getattr(matplotlib.pyplot, name)


plt = _Pyplot()

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour-vision deficiencies.
PALETTE = {"orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
           "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "grey": "#999999", "black": "#000000"}
# WCAG 2.1 1.4.11 (non-text contrast, 3:1): the Okabe–Ito orange, sky blue, yellow and grey are too light
# against white, so every bar, segment and legend patch has a thin black outline (at least 4:1 against
# every colour of the palette and 21:1 against white); hatching, where a chart has it, is drawn in it too.
OUTLINE = PALETTE["black"]
BAR_EDGE = {"edgecolor": OUTLINE, "linewidth": 0.8}
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

    @classmethod
    def from_png(cls, png: bytes, title: str, description: str) -> Chart:
        """A chart already drawn (from the cache)."""
        chart = cls.__new__(cls)
        chart.png, chart.title, chart.description = png, title, description
        return chart

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The PNG with its text alternative. JupyterLab and Voilà draw ``image/png`` as an <img> with no alt
        text, so live the chart is an HTML widget holding <img alt="title. description"> (widget views rank
        above images); what is stored (the widget view removed) and printed is the PNG and the plain text."""
        import ipywidgets as widgets

        view = widgets.HTML(self.img_html())._repr_mimebundle_() or {}
        return {**{k: v for k, v in view.items() if k != "text/plain"},
                "image/png": base64.b64encode(self.png).decode("ascii"), "text/plain": repr(self)}

    def img_html(self) -> str:
        """The chart as an <img> whose alt text is its title and description."""
        png = base64.b64encode(self.png).decode("ascii")
        alt = html.escape(repr(self).removeprefix("[chart] "), quote=True)
        return f"<img src='data:image/png;base64,{png}' alt='{alt}' style='max-width:100%;height:auto'>"

    def __repr__(self) -> str:
        stop = "" if self.title.endswith(("?", "!", ".")) else "."
        return f"[chart] {self.title}{stop} {self.description}"


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
    """Display one chart by its function name: ``nl.chart("words_per_passage")`` (from the cache
    when it holds this chart for the same code, content and matplotlib; else drawn and cached)."""
    function = globals().get(name)
    if name.startswith("_") or not callable(function) or function.__module__ != __name__ or name in _NOT_CHARTS:
        raise KeyError(f"No chart {name!r}.")
    show(cached(name, function))


# ---------------------------------------------------------------- the cache

def cache_folder() -> Path | None:
    """Where drawn charts are kept, or None when the cache is turned off."""
    configured = os.environ.get(ENV_CACHE, "").strip()
    if configured.lower() in ("off", "0", "no"):
        return None
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache"
    return Path(base) / "newslit" / "charts"


@functools.lru_cache(maxsize=1)
def _inputs_digest() -> str:
    """A hash of everything a chart is computed from: ``CHART_INPUTS`` (code and content tables),
    the article, and matplotlib's version (read from its metadata: nothing is imported)."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256(f"format {CACHE_FORMAT}".encode())
    try:
        digest.update(f"matplotlib {version('matplotlib')}".encode())
    except PackageNotFoundError:
        digest.update(b"matplotlib unknown")
    package = Path(__file__).resolve().parents[1]
    files = sorted(p for name in CHART_INPUTS for p in ([package / name] if name.endswith(".py") else
                                                        (package / name).rglob("*"))
                   if p.is_file() and "__pycache__" not in p.parts)
    for path in [*files, seed_path()]:
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes() if path.exists() else b"missing")
        digest.update(b"\0")
    return digest.hexdigest()


def cache_key(name: str) -> str:
    return hashlib.sha256(f"{_inputs_digest()}:{name}".encode()).hexdigest()[:32]


def cached(name: str, function) -> Chart:
    """The chart ``name`` from the cache, or drawn by ``function()`` and then kept in the cache."""
    folder = cache_folder()
    path = folder / f"{name}.{cache_key(name)}.json" if folder is not None else None
    if path is not None:
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            return Chart.from_png(base64.b64decode(kept["png"], validate=True), kept["title"], kept["description"])
        except (OSError, ValueError, KeyError, TypeError):
            pass  # not there yet, or damaged: draw it
    drawn = function()
    if path is not None:
        _keep(path, {"png": base64.b64encode(drawn.png).decode("ascii"), "title": drawn.title,
                     "description": drawn.description})
        for stale in path.parent.glob(f"{name}.*.json"):  # drawn from older code or content
            if stale != path:
                try:
                    stale.unlink()
                except OSError:
                    pass
    return drawn


def _keep(path: Path, data: dict) -> None:
    """Write a cache entry atomically (``atomicio``, 0600, without fsync: a torn entry is drawn again);
    a cache that cannot be written is simply not used."""
    from newslit.answers import atomicio

    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomicio.write_atomically(path, json.dumps(data), durable=False)
    except OSError:
        pass


def finish(figure, axes, title: str, xlabel: str, ylabel: str, xlabel_size: float | None = None) -> str:
    """Every chart's last step: its title and both axis labels, then a tight layout. Returns the title."""
    axes.set_title(title)
    axes.set_xlabel(xlabel, fontsize=xlabel_size)
    axes.set_ylabel(ylabel)
    figure.tight_layout()
    return title


def stacked_barh(axes, table, columns: list, colours: dict) -> None:
    """Horizontal stacked bars: one bar per row of ``table``, one segment per column, labelled for the legend."""
    left = [0] * len(table)
    for column in columns:
        axes.barh(list(table.index), table[column], left=left, color=colours[column], label=column,
                  **BAR_EDGE)
        left = [a + b for a, b in zip(left, table[column])]


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


# ---------------------------------------------------------------- notebook 01

PART_COLOURS = {HEADER: PALETTE["grey"], ARTICLE: PALETTE["blue"], QA: PALETTE["orange"]}


def words_per_passage() -> Chart:
    """Bar chart: words in each passage, coloured by part of the page, with the start of the Q&A marked."""
    passages = load_article().passages
    parts = [part_of(p) for p in passages]
    words = [p.words for p in passages]
    from matplotlib.patches import Patch

    with plt.rc_context(_STYLE):
        figure, axes = new_figure()
        positions = range(len(passages))
        axes.bar(positions, words, color=[PART_COLOURS[part] for part in parts], **BAR_EDGE)
        axes.set_xticks(list(positions), [p.id for p in passages], rotation=90, fontsize=8)
        start = parts.index(QA)
        axes.axvline(start - 0.5, color=PALETTE["black"], linestyle="--", linewidth=1)
        axes.text(start - 0.3, max(words) * 0.97, "Q&A begins", fontsize=9)
        axes.legend(handles=[Patch(facecolor=colour, label=part, **BAR_EDGE) for part, colour in PART_COLOURS.items()],
                    frameon=False, loc="upper left")
        title = finish(figure, axes, "How long is each passage?",
                       "Passage id, in the order of the page",
                       "Words")
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
        axes.bar(labels, values, color=[PALETTE["sky"], PALETTE["vermillion"]], width=0.55, **BAR_EDGE)
        for x, (value, given) in enumerate(zip(values, (before, after))):
            axes.text(x, value + 2, str(value) if given is not None else "not rated", ha="center", fontsize=10)
        axes.set_ylim(0, 110)
        title = finish(figure, axes, "My trust in the article",
                       "When I rated it",
                       "Trust (0 to 100)")
    if before is None or after is None:
        description = "One of the two ratings is missing, so there is nothing to compare yet."
    else:
        change = after - before
        trend = "went down" if change < 0 else "went up" if change > 0 else "did not change"
        amount = f" by {abs(change)} points" if change else ""
        description = f"Your trust was {before} in notebook 01 and is {after} now: it {trend}{amount}."
    return Chart(figure, title, description)


_NOT_CHARTS = {"chart", "show", "new_figure", "part_of", "trust_pair", "stacked_barh", "finish", "cache_folder",
               "cache_key", "cached", "seed_path", "load_article"}

def certainty_by_part() -> Chart:
    """Stacked bars: how many of the module's checked claims are settled, likely or open, by part of the page."""
    from newslit.notebook.tables import findings_by_part

    table = findings_by_part()
    colours = {"settled": PALETTE["green"], "likely": PALETTE["yellow"], "open": PALETTE["grey"]}
    with plt.rc_context(_STYLE):
        figure, axes = new_figure()
        stacked_barh(axes, table, list(table.columns), colours)
        axes.legend(title="How sure", frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        title = finish(figure, axes, "How sure are the checks, part by part?",
                       "Claims checked",
                       "Part of the page")
    shares = (table["settled"] / table.sum(axis=1)).round(2)
    article, qa = table.index
    description = (f"For the article and headline, {table.loc[article, 'settled']} of {table.loc[article].sum()} "
                   f"checked claims are settled ({_percent(shares[article])}); for the Q&A only "
                   f"{table.loc[qa, 'settled']} of {table.loc[qa].sum()} are ({_percent(shares[qa])}): "
                   "with no record that the interview took place, most of its points can only be 'likely'.")
    return Chart(figure, title, description)


# ---------------------------------------------------------------- notebook 03: sources

def words_per_speaker() -> Chart:
    """Horizontal bars: words per speaker on the whole page, coloured (and hatched) by kind of speaker."""
    import textwrap

    from matplotlib.patches import Patch

    from newslit.notebook.tables import SOURCES_GROUPS, speaker_words

    table = speaker_words().iloc[::-1]  # most words at the top
    colours = {SOURCES_GROUPS["Archyde"]: PALETTE["grey"], SOURCES_GROUPS["quoted"]: PALETTE["blue"],
               SOURCES_GROUPS["qa"]: PALETTE["orange"]}
    hatches = {SOURCES_GROUPS["qa"]: "//"}
    with plt.rc_context(_STYLE):
        figure, axes = new_figure()
        positions = range(len(table))
        bars = axes.barh(positions, table["words"], color=[colours[g] for g in table["group"]], **BAR_EDGE)
        for bar, group in zip(bars, table["group"]):
            bar.set_hatch(hatches.get(group, ""))
        for position, words in zip(positions, table["words"]):
            axes.text(words + 6, position, f"{words:,}", va="center", fontsize=9)
        axes.set_yticks(list(positions), [textwrap.fill(s, 34) for s in table.index], fontsize=8)
        # Room for the labels. (1.10 also keeps the stored PNG's base64 clear of the deny-list's short name
        # hashes, which random base64 letters can match by chance: a false positive, reported.)
        axes.set_xlim(0, table["words"].max() * 1.10)
        axes.legend(handles=[Patch(facecolor=c, hatch=hatches.get(g, ""), **BAR_EDGE, label=g)
                             for g, c in colours.items()], frameon=False, loc="lower right", fontsize=9)
        title = finish(figure, axes, "Words per speaker on the page",
                       "Words on the page (counted from the article)",
                       "Speaker, as the page presents them")
    words = speaker_words()["words"]
    group = speaker_words()["group"]
    qa = int(words[group == SOURCES_GROUPS["qa"]].sum())
    quoted = int(words[group == SOURCES_GROUPS["quoted"]].sum())
    whole = int(words.sum())
    description = (f"Of the page's {whole:,} words, {qa:,} ({_percent(qa / whole)}) are answers attributed to "
                   f"'Sokil Park' in a Q&A of unknown origin, {'more' if qa > quoted else 'fewer'} than the "
                   f"{quoted:,} words quoted from everyone in the article itself put together.")
    return Chart(figure, title, description)


def voices_share() -> Chart:
    """Horizontal bars: each stakeholder's share of the page's words; absent voices shown at zero."""
    from newslit.source.content import viewpoints

    table = viewpoints("students").sort_values("words", kind="stable")
    colours = [PALETTE["grey"] if p == "absent" else PALETTE["orange"] if "Q&A" in s else PALETTE["blue"]
               for p, s in zip(table["presence"], table["stakeholder"])]
    labels = [s if len(s) <= 42 else s[:41] + "…" for s in table["stakeholder"]]
    with plt.rc_context(_STYLE):
        figure, axes = new_figure()
        axes.barh(labels, table["share"] * 100, color=colours, **BAR_EDGE)
        for y, presence in enumerate(table["presence"]):
            if presence == "absent":
                axes.text(0.5, y, "absent", va="center", fontsize=8, color=PALETTE["black"])
        axes.tick_params(axis="y", labelsize=8)
        title = finish(figure, axes, "Whose words fill the page?",
                       "Share of the page's words (%)",
                       "Stakeholder")
    top = table.iloc[-1]
    absent = int((table["presence"] == "absent").sum())
    description = (f"The largest share, {top['share']:.0%}, goes to {top['stakeholder']}; "
                   f"{absent} of the {len(table)} stakeholders are absent altogether, not even mentioned.")
    return Chart(figure, title, description)


# ---------------------------------------------------------------- notebook 02: claims

def _claim_part_bars(axes, table, parts, horizontal: bool) -> None:
    """Stacked bars of a counts table, one colour per part of the page (article blue, Q&A orange)."""
    colours = [PART_COLOURS[ARTICLE], PART_COLOURS[QA]]
    positions = list(range(len(table)))
    start = [0] * len(table)
    for part, colour in zip(parts, colours):
        values = list(table[part])
        if horizontal:
            axes.barh(positions, values, left=start, color=colour, **BAR_EDGE, label=part)
        else:
            axes.bar(positions, values, bottom=start, color=colour, **BAR_EDGE, label=part)
        start = [a + b for a, b in zip(start, values)]
    for position, total in zip(positions, start):
        if horizontal:
            axes.text(total + 0.3, position, str(total), va="center", fontsize=10)
        else:
            axes.text(position, total + 0.3, str(total), ha="center", fontsize=10)
    axes.legend(frameon=False, loc="center right" if horizontal else "upper right")
    from matplotlib.ticker import MaxNLocator

    (axes.xaxis if horizontal else axes.yaxis).set_major_locator(MaxNLocator(integer=True))


def claims_by_kind() -> Chart:
    """Stacked bar chart: claims of each kind (A–G), split into the article and the Q&A."""
    from newslit.notebook.tables import _CLAIM_PARTS, claim_kind_counts
    from newslit.source import content

    table = claim_kind_counts()
    claims = len(content.table("claims", "students"))
    with plt.rc_context(_STYLE):
        figure, axes = new_figure()
        _claim_part_bars(axes, table, _CLAIM_PARTS, horizontal=True)
        axes.set_yticks(range(len(table)), list(table.index))
        axes.invert_yaxis()
        axes.set_xlim(0, table["all claims"].max() + 10)
        title = finish(figure, axes, "Kinds of claim on the page",
                       "Number of claims (one claim can be of two kinds)",
                       "Kind of claim")
    top = table["all claims"].idxmax()
    unknown = table.loc[table.index.str.startswith("G")].iloc[0]
    description = (f"The claims table has {claims} claims. The most common kind is {top} "
                   f"({table.at[top, 'all claims']} claims), and {unknown[_CLAIM_PARTS[1]]} of the "
                   f"{unknown['all claims']} claims of unknown origin come from the Q&A.")
    return Chart(figure, title, description)


def claims_by_verdict() -> Chart:
    """Stacked bar chart: claims by verdict, split into the article and the Q&A."""
    from newslit.notebook.tables import _CLAIM_PARTS, claim_verdict_counts

    table = claim_verdict_counts()
    with plt.rc_context(_STYLE):
        figure, axes = new_figure()
        _claim_part_bars(axes, table, _CLAIM_PARTS, horizontal=False)
        axes.set_xticks(range(len(table)), list(table.index))
        axes.set_ylim(0, table["all claims"].max() + 3)
        title = finish(figure, axes, "What checking the claims found",
                       "Verdict after checking other sources",
                       "Number of claims")
    counts = table["all claims"]
    qa = table[_CLAIM_PARTS[1]]
    description = (f"Of {counts.sum()} claims, {counts['confirmed']} were confirmed, {counts['partly true']} were "
                   f"partly true and {counts['corrected']} had to be corrected; {counts['unverified']} are "
                   f"unverified, {counts['opinion']} are opinion, and {counts['unknown origin']} are of unknown "
                   f"origin ({qa['unknown origin']} of them in the Q&A).")
    return Chart(figure, title, description)


def hedges_by_passage() -> Chart:
    """Stacked bar chart: hedge words in each passage of the article and the Q&A, by group."""
    from newslit.notebook.tables import HEDGE_GROUPS, _hedge_hits

    passages = [p for p in load_article().passages if p.kind in ("body", "question", "answer")]
    counts = {group: [sum(word in members for _, word in _hedge_hits(p.text)) for p in passages]
              for group, members in HEDGE_GROUPS.items()}
    colours = dict(zip(HEDGE_GROUPS, (PALETTE["vermillion"], PALETTE["sky"])))
    labels = {"report or guess": "reportedly, speculate, unverified …",
              "possibility": "could, may, might …"}
    totals = [sum(values) for values in zip(*counts.values())]
    with plt.rc_context(_STYLE):
        figure, axes = new_figure()
        positions = range(len(passages))
        bottom = [0] * len(passages)
        for group, values in counts.items():
            axes.bar(positions, values, bottom=bottom, color=colours[group], **BAR_EDGE,
                     label=f"{group} ({labels[group]})")
            bottom = [a + b for a, b in zip(bottom, values)]
        axes.set_xticks(list(positions), [p.id for p in passages], rotation=90, fontsize=9)
        start = next(i for i, p in enumerate(passages) if part_of(p) == QA)
        top = max(totals) + 2.2
        axes.set_ylim(0, top)
        axes.axvline(start - 0.5, ymax=(max(totals) + 0.9) / top, color=PALETTE["black"], linestyle="--", linewidth=1)
        axes.text(start - 0.3, max(totals) + 0.4, "Q&A begins", fontsize=9)
        axes.set_yticks(range(0, max(totals) + 1))
        axes.legend(frameon=False, loc="upper center", fontsize=9, ncol=2)
        title = finish(figure, axes, "Where the page hedges",
                       "Passage id, in the order of the page",
                       "Hedge words")
    in_article = sum(t for t, p in zip(totals, passages) if part_of(p) == ARTICLE)
    most = [i for i, total in enumerate(totals) if total == max(totals)]
    guesses, possible = sum(counts["report or guess"]), sum(counts["possibility"])
    description = (f"The page has {sum(totals)} hedge words, {in_article} in the article and "
                   f"{sum(totals) - in_article} in the Q&A: {guesses} warn that a claim comes from reports or "
                   f"guesses and {possible} say something is only possible; "
                   f"{' and '.join(passages[i].id for i in most)} "
                   f"{'has' if len(most) == 1 else 'have'} the most "
                   f"({max(totals)}{'' if len(most) == 1 else ' each'}).")
    return Chart(figure, title, description)


# ---------------------------------------------------------------- notebook 04

CHAIN_LINK_STYLES = {"read": {"color": PALETTE["blue"], "linestyle": "solid"},
               "inferred": {"color": PALETTE["vermillion"], "linestyle": (0, (4, 3))}}


def story_chain_diagram() -> Chart:
    """Boxes and arrows: the versions from the event to this page; each link labelled read or inferred."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    from newslit.notebook.tables import travel_steps

    steps = travel_steps()

    main = [s for s in steps if not s["step"].endswith("b")]
    side = [s for s in steps if s["step"].endswith("b")]
    y_of = {s["step"]: len(main) - i for i, s in enumerate(main)}  # step 1 at the top
    box_h, main_x, main_w, side_x, side_w = 0.66, 0.0, 0.58, 0.69, 0.31
    with plt.rc_context(_STYLE):
        figure, axes = new_figure()
        axes.set_xlim(0, 1)
        axes.set_ylim(0.5, len(main) + 0.5)

        def box(x, y, width, height, lines, seen):
            unseen = seen.startswith("not")
            axes.add_patch(FancyBboxPatch(
                (x, y - height / 2), width, height, boxstyle="round,pad=0,rounding_size=0.015", linewidth=1.2,
                linestyle=(0, (3, 2)) if unseen else "solid", facecolor="white" if unseen else "#EAF2FA",
                edgecolor=PALETTE["black"], mutation_aspect=0.3))
            axes.text(x + 0.012, y + height / 2 - 0.07, lines[0], va="top", ha="left", fontsize=8.5,
                      fontweight="bold")
            axes.text(x + 0.012, y - height / 2 + 0.07, "\n".join(lines[1:]), va="bottom", ha="left", fontsize=8)

        def side_box(x, y, width, height, title, detail, seen):
            unseen = seen.startswith("not")
            axes.add_patch(FancyBboxPatch(
                (x, y - height / 2), width, height, boxstyle="round,pad=0,rounding_size=0.015", linewidth=1.2,
                linestyle=(0, (3, 2)) if unseen else "solid", facecolor="white" if unseen else "#EAF2FA",
                edgecolor=PALETTE["black"], mutation_aspect=0.3))
            axes.text(x + 0.01, y + height / 2 - 0.06, title, va="top", ha="left", fontsize=7.5, fontweight="bold")
            axes.text(x + 0.01, y - height / 2 + 0.06, detail, va="bottom", ha="left", fontsize=7)

        def seen_words(seen):
            return seen.split(":")[0]

        for s in main:
            box(main_x, y_of[s["step"]], main_w, box_h, [s["version"], f"{s['when']} · {seen_words(s['seen'])}"],
                s["seen"])
        for s in main[1:]:
            y0, y1 = y_of[s["after"]] - box_h / 2, y_of[s["step"]] + box_h / 2
            style = CHAIN_LINK_STYLES[s["link"]]
            axes.add_patch(FancyArrowPatch((main_x + 0.05, y0), (main_x + 0.05, y1), arrowstyle="-|>",
                                           mutation_scale=10, linewidth=1.6, **style))
            axes.text(main_x + 0.07, (y0 + y1) / 2, f"{s['link']}: {s['clue']}", va="center", ha="left",
                      fontsize=8, color=OUTLINE, fontweight="bold")  # vermillion text is under 4.5:1
        for s in side:
            y = y_of[s["after"]]
            name, _, outlets = s["version"].partition(" (")
            title = textwrap.fill(f"{s['step']}  {name}", 34)
            detail = textwrap.shorten(f"{outlets.rstrip(')')} · {seen_words(s['seen'])}", 50, placeholder="…")
            side_box(side_x, y, side_w, 0.9, title, detail, s["seen"])
            style = CHAIN_LINK_STYLES[s["link"]]
            axes.add_patch(FancyArrowPatch((main_x + main_w, y), (side_x, y), arrowstyle="-|>",
                                           mutation_scale=10, linewidth=1.6, **style))
            axes.text((main_x + main_w + side_x) / 2, y + 0.06, s["link"], ha="center", va="bottom",
                      fontsize=8, color=OUTLINE, fontweight="bold")  # vermillion text is under 4.5:1
        axes.set_xticks([])
        axes.set_yticks([y_of[s["step"]] for s in main], [s["step"] for s in main])
        axes.tick_params(axis="y", length=0)
        for spine in axes.spines.values():
            spine.set_visible(False)
        axes.legend(handles=[Line2D([], [], linewidth=1.6, label=f"{name}: " + (
            "link seen in a source" if name == "read" else "link reasoned from clues"), **style)
            for name, style in CHAIN_LINK_STYLES.items()], frameon=False, loc="lower right", fontsize=8.5,
            title="Arrows", title_fontsize=9)
        title = finish(figure, axes, "How the story travelled to this page",
                       "Dashed box: a version that nobody in this module has seen",
                       "Step: from the event to this page", xlabel_size=9)
    links = [s for s in steps if s["link"]]
    read = sum(1 for s in links if s["link"] == "read")
    unseen = [s["version"] for s in steps if s["seen"].startswith("not")]
    branches = "; ".join(s["version"].partition(" (")[0] for s in side)
    description = (f"The story passes through {len(main)} steps from the event to the Q&A, with {len(side)} side "
                   f"branches ({branches}); {read} of its {len(links)} links were read in a source and "
                   f"{len(links) - read} are "
                   f"inferred, and {len(unseen)} versions were never seen: {' and '.join(unseen)}.")
    return Chart(figure, title, description)


def artifacts_by_type() -> Chart:
    """Stacked horizontal bars: the students' artifacts counted by kind, split by part of the page."""
    from newslit.notebook.tables import artifact_counts

    counts = artifact_counts().iloc[::-1]  # most common at the top
    parts = [p for p in PART_COLOURS if counts[p].sum()]
    with plt.rc_context(_STYLE):
        figure, axes = new_figure()
        stacked_barh(axes, counts, parts, PART_COLOURS)
        axes.legend(title="Where on the page", frameon=False, loc="lower right")
        axes.tick_params(axis="y", labelsize=9)
        title = finish(figure, axes, "Oddities on the page, by kind",
                       "Number of oddities in the students' artifacts table",
                       "Kind of oddity")
    ordered = counts.iloc[::-1]
    total, qa = int(ordered["total"].sum()), int(ordered["Q&A “interview”"].sum())
    top = ordered.index[:2]
    in_both = [kind for kind in ordered.index if ordered.loc[kind, ARTICLE] and ordered.loc[kind, QA]]
    description = (f"The table lists {total} oddities of {len(ordered)} kinds; the most common are "
                   f"{top[0]} ({ordered.loc[top[0], 'total']}) and {top[1]} ({ordered.loc[top[1], 'total']}), "
                   f"{qa} of the {total} are in the Q&A, and {len(in_both)} kinds ({', '.join(in_both)}) "
                   "turn up in both the article and the Q&A.")
    return Chart(figure, title, description)


# --- end of charts ---
