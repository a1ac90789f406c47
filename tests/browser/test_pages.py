"""The pages the module writes itself (the class report, every handout and a hand-in copy), opened as
files: axe-core (WCAG 2.1 A and AA) finds nothing at 1366×768 (on every kind of page), and at 200 % zoom
(WCAG 1.4.4, 1.4.10) no page scrolls sideways. (axe's findings do not change with the zoom: the page's
markup is the same.)"""
from __future__ import annotations

import pytest

from .axe import PAGE_ZONES, run_axe
from .pages import module_pages

pytestmark = pytest.mark.slow
# The ten lesson handouts share one template (handout.html.j2) and the same parts; axe reads two of them
# (00, with one question of each kind, and 02, the longest sorting grid); every page is checked for reflow.
LESSON_HANDOUTS_READ_BY_AXE = ("handout 00-start-here.html", "handout 02-claims.html")


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    targets, notes = module_pages(tmp_path_factory.mktemp("pages"), tmp_path_factory.mktemp("work"))
    assert notes == []
    return targets


@pytest.mark.parametrize("scale", [1, 2], ids=["100%", "200%"])
def test_the_modules_own_pages_have_no_wcag_violations(browser, pages, scale):
    names = {name for name, _ in pages}
    assert {"report", "hand-in copy", *LESSON_HANDOUTS_READ_BY_AXE} <= names, names
    # The pages forbid scripts (Content-Security-Policy); the test's axe-core is let in past it.
    context = browser.new_context(viewport={"width": round(1366 / scale), "height": round(768 / scale)},
                                  device_scale_factor=scale, bypass_csp=True)
    try:
        page = context.new_page()
        found = {}
        for name, path in pages:
            page.goto(path.as_uri())
            lesson = name.startswith("handout 0")
            if scale == 1 and (not lesson or name in LESSON_HANDOUTS_READ_BY_AXE):
                result = run_axe(page, name, zones=PAGE_ZONES)
                found.update({f"{name}: {rule} × {n}": 1 for (rule, _zone), n in result.counts().items()})
            wide = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if wide > 1:
                found[f"{name}: scrolls sideways by {wide} px"] = 1
        assert sorted(found) == []
    finally:
        context.close()
