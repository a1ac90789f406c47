"""axe-core on a page, restricted to WCAG 2.1 A and AA, each violating element sorted into a zone.

axe-core comes from the PyPI package ``axe-playwright-python`` (it ships ``axe.min.js``; only that
file is used here, injected with ``page.evaluate``, so it runs in Debian's Chromium like any page
script). The package's own ``Axe.run`` passes its context with Python's ``repr``; this module calls
``axe.run`` itself with JSON arguments instead.

Zones, for a notebook page (JupyterLab, Notebook 7, Voilà), first match wins:

* ``widgets``: inside a cell's output area and inside an ipywidget (the questions, their labels,
  status lines and feedback, ipywidgets' own elements included);
* ``outputs``: inside a cell's output area, not a widget (passages, tables, charts);
* ``markdown``: the module's own text cells;
* ``interface``: everything else, i.e. JupyterLab's (or Notebook 7's, or Voilà's) own page: menus,
  toolbars, side panels, cell editors and prompts, the page's title and language.

``widgets`` + ``outputs`` are "inside the module's output areas". For a page the module writes
itself (the class report, a handout, a hand-in copy) every element is in the zone ``page``.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
NOTEBOOK_ZONES = (("widgets", ".jp-OutputArea .jupyter-widgets, .jp-OutputArea .widget-box"),
                  ("outputs", ".jp-OutputArea, .jp-OutputArea-output"),
                  ("markdown", ".jp-MarkdownCell, .jp-RenderedMarkdown, .jp-MarkdownOutput"))
PAGE_ZONES = (("page", "html"),)
INSIDE_OUTPUTS = ("widgets", "outputs")


def axe_version() -> str:
    """The version of axe-playwright-python and of the axe-core it ships."""
    from importlib.metadata import version

    return f"axe-playwright-python {version('axe-playwright-python')}, axe-core {_core_version()}"


def _core_version() -> str:
    import re

    head = _script()[:200]
    found = re.search(r"axe v([\d.]+)", head)
    return found.group(1) if found else "unknown"


def _script() -> str:
    try:
        from axe_playwright_python.base import AXE_SCRIPT
    except ImportError as error:  # pragma: no cover - told to the person running the audit
        raise RuntimeError("axe-playwright-python is not installed: .venv/bin/pip install "
                           "axe-playwright-python==0.1.8") from error
    return AXE_SCRIPT


# Run axe on the document (or on `include`), then give every violating node its zone.
RUN_JS = """async (opts) => {
    const context = opts.include ? {include: opts.include, exclude: opts.exclude || []} : (
        opts.exclude && opts.exclude.length ? {exclude: opts.exclude} : document);
    const results = await axe.run(context, {runOnly: {type: 'tag', values: opts.tags},
                                            resultTypes: ['violations'], elementRef: false});
    const find = target => {
        let root = document, el = null;
        for (const part of target) {  // a shadow-DOM path is an array of selectors
            const selector = Array.isArray(part) ? part[part.length - 1] : part;
            try { el = root.querySelector(selector); } catch (e) { return null; }
            if (!el) return null;
            root = el.shadowRoot || el;
        }
        return el;
    };
    const zoneOf = el => {
        if (!el) return 'unknown';
        for (const [zone, selector] of opts.zones) if (el.closest(selector)) return zone;
        return 'interface';
    };
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        tags: v.tags.filter(t => /^wcag/.test(t)),
        nodes: v.nodes.map(n => {
            const el = find(n.target);
            return {target: n.target.map(String).join(' '), zone: zoneOf(el),
                    html: n.html.slice(0, 300), summary: (n.failureSummary || '').slice(0, 400)};
        }),
    }));
}"""


@dataclass
class AxeResult:
    page: str  # what was checked: "lab 01", "voila 03", "report", "handout 02" …
    size: str = ""
    violations: list[dict] = field(default_factory=list)

    def counts(self) -> Counter:
        """{(rule id, zone): number of elements}."""
        found: Counter = Counter()
        for v in self.violations:
            for node in v["nodes"]:
                found[(v["id"], node["zone"])] += 1
        return found

    def inside(self) -> int:
        return sum(n for (_rule, zone), n in self.counts().items() if zone in INSIDE_OUTPUTS)

    def outside(self) -> int:
        return sum(n for (_rule, zone), n in self.counts().items() if zone not in INSIDE_OUTPUTS)


def run_axe(page, name: str, zones=NOTEBOOK_ZONES, include: list | None = None,
            exclude: list | None = None, tags=WCAG_TAGS) -> AxeResult:
    """Inject axe-core (once per document) and run it with only the WCAG 2.1 A/AA rules."""
    if not page.evaluate("() => typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        page.evaluate(_script())
    violations = page.evaluate(RUN_JS, {"tags": list(tags), "zones": [list(z) for z in zones],
                                        "include": include, "exclude": exclude})
    return AxeResult(page=name, violations=violations)
