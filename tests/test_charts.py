"""newslit.charts: every chart has a title, labelled axes, a fixed size, and a description from the data."""
import inspect

import matplotlib.image
import pytest

from newslit import charts

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
    assert set(bundle) == {"image/png", "text/plain"} and chart.description in bundle["text/plain"]
    assert chart.png.startswith(b"\x89PNG")


@pytest.mark.parametrize("name", CHARTS)
def test_chart_is_deterministic(name):
    assert repr(getattr(charts, name)()) == repr(getattr(charts, name)())


def test_description_is_shown_as_text():
    description = charts.Description("A <b>bold</b> claim.")
    bundle = description._repr_mimebundle_()
    assert "&lt;b&gt;" in bundle["text/html"] and bundle["text/plain"].startswith("What the chart shows:")


def test_unknown_or_private_names_are_refused():
    for name in ("nope", "_percent", "show", "new_figure"):
        with pytest.raises(KeyError):
            charts.chart(name)


def test_palette_is_okabe_ito():
    assert charts.PALETTE["orange"] == "#E69F00" and charts.PALETTE["blue"] == "#0072B2"
