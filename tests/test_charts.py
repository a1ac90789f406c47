"""newslit.notebook.charts: every chart has a title, labelled axes, a fixed size, and a description from the data."""
import inspect

import matplotlib.colors
import pytest

from newslit.notebook import charts

CHARTS = [name for name, fn in inspect.getmembers(charts, inspect.isfunction)
          if fn.__module__ == charts.__name__ and not name.startswith("_") and name not in charts._NOT_CHARTS]


def test_there_are_charts():
    assert "words_per_passage" in CHARTS and "certainty_by_part" in CHARTS


@pytest.mark.parametrize("name", CHARTS)
def test_chart_has_title_description_and_fixed_size(name, monkeypatch):
    seen = {}
    real_close = charts.plt.close

    def keep(figure):
        seen["figure"] = figure
        real_close(figure)

    monkeypatch.setattr(charts.plt, "close", keep)
    chart = getattr(charts, name)()
    figure = seen["figure"]
    axes = figure.axes[0]
    assert chart.title and axes.get_title() == chart.title
    assert axes.get_xlabel() and axes.get_ylabel()
    assert tuple(figure.get_size_inches()) == charts.FIGSIZE
    assert chart.description.endswith(".") and len(chart.description.split()) >= 8
    bundle = chart._repr_mimebundle_()
    assert {"image/png", "text/plain"} <= set(bundle) and chart.description in bundle["text/plain"]
    assert set(bundle) - {"image/png", "text/plain"} <= {"application/vnd.jupyter.widget-view+json"}


def test_a_live_chart_has_its_text_alternative_on_the_image():
    """Live, the chart is an HTML widget holding <img alt="title. description"> (JupyterLab draws a bare
    image/png with no alt); stored and printed, the PNG and the plain text."""
    chart = charts.words_per_passage()
    assert "application/vnd.jupyter.widget-view+json" in chart._repr_mimebundle_()
    markup = chart.img_html()
    assert f"alt='{chart.title}" in markup and chart.description.split()[0] in markup
    assert "data:image/png;base64," in markup
    assert chart.png.startswith(b"\x89PNG")


@pytest.mark.parametrize("name", CHARTS)
def test_chart_is_deterministic(name):
    """Drawn twice, a chart is the same picture byte for byte, with the same title and description
    (so a cached PNG and a freshly drawn one are interchangeable)."""
    first, second = getattr(charts, name)(), getattr(charts, name)()
    assert first.png == second.png
    assert (first.title, first.description) == (second.title, second.description)


def test_description_is_shown_as_text():
    description = charts.Description("A <b>bold</b> claim.")
    bundle = description._repr_mimebundle_()
    assert "&lt;b&gt;" in bundle["text/html"] and bundle["text/plain"].startswith("What the chart shows:")


def test_unknown_or_private_names_are_refused():
    for name in ("nope", "_percent", "show", "new_figure"):
        with pytest.raises(KeyError):
            charts.chart(name)


OKABE_ITO = {"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#999999", "#000000"}
# Backgrounds, not data colours: white (and the white edges between stacked segments), and the pale
# box fill of the story-chain diagram, which carries no meaning (its boxes are told apart by text and line).
NOT_DATA = {"#ffffff", "#eaf2fa"}


def _drawn_colours(figure) -> set[str]:
    """Every colour the figure fills or strokes data with: bars, legend patches, lines, markers, areas."""
    from matplotlib.colors import to_hex

    found = set()
    for axes in figure.axes:
        artists = [*axes.patches, *axes.lines, *axes.collections]
        legend = axes.get_legend()
        if legend is not None:
            artists += legend.get_patches() + legend.get_lines()
        for artist in artists:
            colours = []
            for getter in ("get_facecolor", "get_edgecolor", "get_color"):
                value = getattr(artist, getter, lambda: None)()
                if value is None or isinstance(value, str) and value == "none":
                    continue
                colours += list(value) if hasattr(value, "ndim") and value.ndim == 2 else [value]
            found |= {to_hex(c) for c in colours if matplotlib.colors.to_rgba(c)[3] > 0}
    return found - NOT_DATA


@pytest.mark.parametrize("name", CHARTS)
def test_chart_draws_only_with_the_okabe_ito_palette(name, monkeypatch):
    seen = {}
    real_close = charts.plt.close
    monkeypatch.setattr(charts.plt, "close", lambda figure: (seen.setdefault("figure", figure), real_close(figure)))
    getattr(charts, name)()
    colours = _drawn_colours(seen["figure"])
    assert colours, "the chart draws something in colour"
    assert colours <= OKABE_ITO, f"colours outside Okabe–Ito: {sorted(colours - OKABE_ITO)}"
    assert {c.lower() for c in charts.PALETTE.values()} == OKABE_ITO
