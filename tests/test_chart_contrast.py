"""WCAG 2.1 1.4.11 and 1.4.3 on every chart the module draws (the notebooks' charts and the class report's).

Each figure is inspected as matplotlib holds it, before it becomes a PNG:

* every filled shape that carries data (bars, segments, histogram bins, legend patches, boxes) must stand
  out from the white page at 3:1, either by its fill or by an outline that is itself 3:1 against the page
  and against the fill (so stacked segments stay apart whatever their colours);
* every line that carries data (the chain's arrows, dashed markers) must be 3:1 against white;
* every piece of text must be 4.5:1 against white (the charts put no text on coloured ground).
"""
from __future__ import annotations

import matplotlib.colors as mcolors
import pytest
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

import newslit.classroom.load as cr
import newslit.classroom.report as report
import newslit.classroom.report_charts as report_charts
from newslit.notebook import charts
from test_charts import CHARTS

WHITE = (1.0, 1.0, 1.0)


def luminance(colour) -> float:
    """WCAG 2.1 relative luminance of a matplotlib colour."""
    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in mcolors.to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_matches_wcags_worked_values():
    assert contrast("black", "white") == pytest.approx(21.0)
    assert contrast("#767676", "white") == pytest.approx(4.54, abs=0.01)  # the lightest grey passing 4.5:1
    assert contrast("#F0E442", "white") < 1.5  # Okabe-Ito yellow on white: why outlines are needed


def failures(figure) -> list[str]:
    """What in ``figure`` falls short of 1.4.11 or 1.4.3 (see the module docstring)."""
    found = []
    for axes in figure.axes:
        artists = [*axes.patches, *axes.lines, *axes.texts, axes.title, axes.xaxis.label, axes.yaxis.label,
                   *axes.get_xticklabels(), *axes.get_yticklabels()]
        legend = axes.get_legend()
        if legend is not None:
            artists += [*legend.get_patches(), *legend.get_lines(), *legend.get_texts()]
        for artist in artists:
            if not artist.get_visible():
                continue
            if isinstance(artist, Text):
                if artist.get_text().strip() and contrast(artist.get_color(), WHITE) < 4.5:
                    found.append(f"text {artist.get_text()[:30]!r} in {mcolors.to_hex(artist.get_color())}")
            elif isinstance(artist, Line2D):
                if len(artist.get_xdata()) and contrast(artist.get_color(), WHITE) < 3:
                    found.append(f"line in {mcolors.to_hex(artist.get_color())}")
            elif isinstance(artist, Patch):
                face, edge = artist.get_facecolor(), artist.get_edgecolor()
                if face[3] == 0 or mcolors.to_hex(face) in ("#ffffff", "#eaf2fa"):
                    continue  # unfilled or page-coloured (a box: its outline is what shows; checked below)
                edge_shows = artist.get_linewidth() > 0 and edge[3] > 0 and contrast(edge, WHITE) > 1.1
                outlined = edge_shows and contrast(edge, WHITE) >= 3 and contrast(edge, face) >= 3
                filled_alone = contrast(face, WHITE) >= 3 and (not edge_shows or contrast(edge, WHITE) >= 3)
                if not (outlined or filled_alone):
                    found.append(f"{type(artist).__name__} {mcolors.to_hex(face)} outlined "
                                 f"{mcolors.to_hex(edge)} × {artist.get_linewidth()}")
            if isinstance(artist, Patch) and mcolors.to_hex(artist.get_facecolor()) in ("#ffffff", "#eaf2fa"):
                if artist.get_linewidth() > 0 and contrast(artist.get_edgecolor(), WHITE) < 3:
                    found.append(f"box outlined in {mcolors.to_hex(artist.get_edgecolor())}")
    return found


def drawn(call, monkeypatch, module=charts) -> list:
    """The figures ``call()`` draws in this process."""
    seen = []
    real_close = charts.plt.close
    monkeypatch.setattr(charts.plt, "close", lambda figure: (seen.append(figure), real_close(figure)))
    call()
    return seen


@pytest.mark.parametrize("name", CHARTS)
def test_every_notebook_chart_meets_non_text_and_text_contrast(name, monkeypatch):
    figures = drawn(getattr(charts, name), monkeypatch)
    assert figures
    assert failures(figures[0]) == []


def test_the_trust_comparison_meets_them_too(monkeypatch):
    figures = drawn(lambda: charts.trust_pair(30, 70), monkeypatch)
    assert failures(figures[0]) == []


def test_every_class_report_chart_meets_them(monkeypatch):
    """The report of the shipped sample class, its charts drawn here (no worker processes)."""
    figures = []
    real_figure = report_charts._figure
    monkeypatch.setattr(report_charts, "_figure", lambda fig=None: figures.append(real_figure(fig)) or figures[-1])
    monkeypatch.setattr(report_charts, "_spare_cores", lambda: 0)
    report.build(cr.load_class([cr.sample_class_folder()]))
    assert len(figures) >= 10
    found = {f"{figure.axes[0].get_title()}: {problem}" for figure in figures for problem in failures(figure)}
    assert found == set()
