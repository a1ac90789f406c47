"""Accessibility and layout audit of the student notebooks, in real JupyterLab, Notebook 7 and Voilà.

    .venv/bin/python tests/tools/a11y_audit.py                       # everything, into build/a11y-audit/
    .venv/bin/python tests/tools/a11y_audit.py --notebooks 00,01 --sizes 1366x768 --apps lab
    .venv/bin/python tests/tools/a11y_audit.py --apps voila --voila-sizes 1366x768@200
    .venv/bin/python tests/tools/a11y_audit.py --root /tmp/head      # another copy of the module

It starts JupyterLab as the browser tests do (``tests/browser/lab.py``: a copy of ``notebooks/``, its own
Jupyter folders, no news), opens each student notebook, clears and runs all cells, waits until every
question is drawn, and runs ``tests/browser/geometry.py`` (hit tests, real clicks, boxes compared,
overflow) at each screen size, then axe-core (``tests/browser/axe.py``: WCAG 2.1 A/AA) once per
notebook. For Voilà it starts ``python3 run.py voila NN`` 's command for each notebook (as
``tests/browser/test_voila.py`` does) and loads the page once per size. ``1366x768@200`` is
200 % browser zoom on a 1366×768 window, emulated as Chromium zooms: a 683×384 CSS-pixel viewport at
device scale factor 2 (``--zoom-mode css`` instead sets CSS ``zoom: 2`` on the page at 1366×768).
Finally axe runs on the class report of ``notebooks/teacher/sample-class``, on the handouts and on a
hand-in copy (an exported answers ``.html`` holding an answer to every catalogue question).

Everything the audit saves is thrown away: answers (the clicks save!), names and charts go to a
temporary folder (``maintain.store.isolated_env``), HOME too. Before each notebook run the answers
folder is emptied, so each screen size measures a question first as drawn unanswered, then after its
clicks. Output in ``--out`` (default ``build/a11y-audit/``, git-ignored): ``summary.md`` (the figures),
``failures.md`` (every layout failure), ``results.json`` and ``screenshots/`` (one per failing box and
size, failing controls outlined in red, what covers them in orange).

Not a test: the failures it finds are the module's current state. Exit status 0 whenever the audit
ran, 2 when it could not (no Chromium, a server that did not start).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parents[2]  # the checkout these tools belong to
NOTEBOOK_NUMBERS = ("00", "01", "02", "03a", "03b", "04a", "04b", "04c", "05", "06")


def notebook_key(name: str) -> str:
    """"03a-sources-names.ipynb" -> "03a" (the audited checkout's newslit is imported only in main)."""
    return re.match(r"\d\d[a-z]?", Path(name).name).group(0)
LAB_ROOT = ".jp-NotebookPanel:not(.lm-mod-hidden)"
VOILA_ROOT = "body"
WAIT_MS = 120_000

# Clear every output and run all cells through the app's commands (works whether code cells are
# folded or not), then: every code cell has an execution count and the kernel is idle, or a cell failed.
RUN_ALL_JS = """async () => {
    const app = window.jupyterapp;
    await app.commands.execute('notebook:clear-all-cell-outputs');
    app.commands.execute('notebook:run-all-cells');
}"""
ALL_RAN_JS = """() => {
    const w = window.jupyterapp.shell.currentWidget;
    const model = w && w.content && w.content.model;
    const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
    if (!model || !kernel || kernel.status !== 'idle') return false;
    let all = true;
    for (let i = 0; i < model.cells.length; i++) {
        const cell = model.cells.get(i);
        if (cell.type !== 'code') continue;
        for (let j = 0; j < cell.outputs.length; j++) if (cell.outputs.get(j).type === 'error') return 'failed';
        if (!cell.executionCount) all = false;
    }
    return all ? 'ran' : false;
}"""
ERRORS_JS = """(root) => {
    const area = document.querySelector(root) || document.body;
    const text = area.innerText.toLowerCase();
    const found = ['error displaying widget', 'model not found', 'traceback', 'there was an error']
        .filter(t => text.includes(t));
    if (area.querySelector('[data-mime-type="application/vnd.jupyter.stderr"]')) found.push('stderr output');
    return found;
}"""
COUNT_JS = """(root) => {
    const area = document.querySelector(root) || document.body;
    return [area.querySelectorAll('.newslit-question').length, area.querySelectorAll('.jp-OutputArea-output').length,
            area.querySelectorAll('.newslit-question input, .newslit-question textarea').length];
}"""


def parse_sizes(text: str) -> list[dict]:
    """``1366x768`` or ``1366x768@200`` (percent zoom) -> [{name, width, height, zoom}]."""
    sizes = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        found = re.fullmatch(r"(\d+)x(\d+)(?:@(\d+)%?)?", part)
        if not found:
            raise argparse.ArgumentTypeError(f"not a size: {part!r} (write 1366x768 or 1366x768@200)")
        width, height, zoom = int(found[1]), int(found[2]), int(found[3] or 100)
        sizes.append({"name": f"{width}x{height}" + (f"@{zoom}%" if zoom != 100 else ""),
                      "width": width, "height": height, "zoom": zoom})
    return sizes


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notebooks", default=",".join(NOTEBOOK_NUMBERS),
                        help="student notebooks by number, comma-separated (default: all)")
    parser.add_argument("--sizes", type=parse_sizes, default=parse_sizes("1366x768,1280x800"),
                        help="screen sizes for JupyterLab and Notebook 7 (default: 1366x768,1280x800)")
    parser.add_argument("--voila-sizes", type=parse_sizes, default=parse_sizes("1366x768,1366x768@200"),
                        help="screen sizes for Voilà; @200 is 200%% zoom (default: 1366x768,1366x768@200)")
    parser.add_argument("--apps", default="lab,voila",
                        help="lab, notebook (Notebook 7), voila, comma-separated (default: lab,voila)")
    parser.add_argument("--zoom-mode", choices=("device", "css"), default="device",
                        help="how to zoom: device scale factor with a smaller viewport (as Chromium zooms), "
                             "or CSS zoom on the page")
    parser.add_argument("--no-clicks", action="store_true", help="measure only; no real clicks or typing")
    parser.add_argument("--no-axe", action="store_true", help="no axe-core runs")
    parser.add_argument("--every-screenshot", action="store_true",
                        help="a screenshot of every box, not only of failing ones")
    parser.add_argument("--no-static", action="store_true", help="no report, handouts or hand-in copy")
    parser.add_argument("--axe-sizes", default="first",
                        help="'first' (axe once per notebook and app, at its first size) or 'all'")
    parser.add_argument("--root", default=str(HERE),
                        help="the module checkout to audit (default: this one; e.g. a `git archive` of a commit)")
    parser.add_argument("--label", default="", help="what is audited, for the summary (default: the commit)")
    parser.add_argument("--out", default=str(HERE / "build" / "a11y-audit"), help="output folder")
    args = parser.parse_args(argv)
    args.notebooks = [n.strip().zfill(2) for n in args.notebooks.split(",") if n.strip()]
    args.apps = [a.strip() for a in args.apps.split(",") if a.strip()]
    unknown = set(args.apps) - {"lab", "notebook", "voila"}
    if unknown:
        parser.error(f"unknown app(s): {', '.join(sorted(unknown))}")
    return args


# ---------------------------------------------------------------- environment

@contextmanager
def throwaway_home(work: Path):
    """HOME and the XDG folders in the scratch folder (matplotlib's font list copied, never shared)."""
    names = ("HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")
    saved = {k: os.environ.get(k) for k in names}
    home = work / "home"
    real_cache = Path(saved["XDG_CACHE_HOME"] or Path(saved["HOME"] or Path.home()) / ".cache")
    fonts = home / ".cache" / "matplotlib"
    fonts.mkdir(parents=True)
    for found in (real_cache / "matplotlib").glob("fontlist-*.json"):
        shutil.copy2(found, fonts / found.name)
    os.environ.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), XDG_CONFIG_HOME=str(home / ".config"),
                      XDG_DATA_HOME=str(home / ".local/share"), XDG_STATE_HOME=str(home / ".local/state"))
    try:
        yield home
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def empty_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)


def commit_of(root: Path) -> str:
    try:
        result = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, timeout=10)
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    if result.returncode != 0:
        return "not a git checkout"
    return result.stdout.strip() + (" + uncommitted changes" if dirty.stdout.strip() else "")


def versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": platform.python_version()}
    for name in ("jupyterlab", "notebook", "voila", "ipywidgets", "playwright"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


# ---------------------------------------------------------------- pages

def new_page(browser, size: dict, zoom_mode: str, **extra):
    """A context and page at this size; a zoom is emulated as ``zoom_mode`` says."""
    if size["zoom"] != 100 and zoom_mode == "device":
        scale = size["zoom"] / 100
        viewport = {"width": round(size["width"] / scale), "height": round(size["height"] / scale)}
        context = browser.new_context(viewport=viewport, device_scale_factor=scale, **extra)
    else:
        context = browser.new_context(viewport={"width": size["width"], "height": size["height"]}, **extra)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    return context, page


def apply_css_zoom(page, size: dict, zoom_mode: str) -> None:
    if size["zoom"] != 100 and zoom_mode == "css":
        page.evaluate("z => { document.documentElement.style.zoom = String(z); }", size["zoom"] / 100)


def wait_drawn(page, root: str, expected: int, seconds: float = 90) -> list[str]:
    """Until every question of the notebook is drawn and the page stops changing (three equal counts
    0.4 s apart). Returns problems seen (questions missing)."""
    deadline = time.monotonic() + seconds
    last, same = None, 0
    while time.monotonic() < deadline:
        counts = page.evaluate(COUNT_JS, root)
        if counts[0] >= expected and counts == last:
            same += 1
            if same >= 2:
                return []
        else:
            same = 0
        last = counts
        page.wait_for_timeout(400)  # polling a page that is drawing widgets from a running kernel
    return [f"only {last[0]} of {expected} questions drawn after {seconds:.0f} s"]


def run_all_cells(page) -> str:
    page.evaluate(RUN_ALL_JS)
    handle = page.wait_for_function(ALL_RAN_JS, timeout=WAIT_MS * 2)
    return handle.json_value()


# ---------------------------------------------------------------- the audit

class Audit:
    def __init__(self, args, root: Path, work: Path, out: Path):
        self.args, self.root, self.work, self.out = args, root, work, out
        self.shots = out / "screenshots"
        self.failures: list = []
        self.pages: list[dict] = []  # one per (app, size, notebook): what was measured
        self.axe: list = []
        self.notes: list[str] = []
        self.timings: dict[str, float] = {}

    # -- helpers
    def notebook_files(self) -> list[str]:
        names = []
        for number in self.args.notebooks:
            found = sorted(p.name for p in (self.root / "notebooks").glob(f"{number}-*.ipynb"))
            if len(found) != 1:
                self.notes.append(f"no single notebook {number}-*.ipynb in {self.root / 'notebooks'}")
                continue
            names.append(found[0])
        return names

    def expected_questions(self, notebook: str) -> int:
        from newslit.questions import entries as questions

        return len(questions.for_notebook(notebook_key(notebook)))

    def measure(self, page, app: str, size: dict, notebook: str, root: str, run_axe: bool) -> None:
        from browser import geometry
        from browser.axe import run_axe as axe_run

        started = time.monotonic()
        problems = page.evaluate(ERRORS_JS, root)
        result = geometry.audit_page(page, app=app, size=size["name"], notebook=notebook_key(notebook), root=root,
                                     shots=self.shots, click=not self.args.no_clicks,
                                     every_box=self.args.every_screenshot)
        self.failures += result.failures
        entry = {"app": app, "size": size["name"], "notebook": notebook_key(notebook), "boxes": result.boxes,
                 "questions": result.questions, "controls": result.controls, "clicks": result.clicks,
                 "retried_clicks": result.retried_clicks, "failures": len(result.failures),
                 "page_problems": problems, "seconds": round(time.monotonic() - started, 1)}
        if run_axe and not self.args.no_axe:
            axe_started = time.monotonic()
            found = axe_run(page, f"{app} {notebook_key(notebook)}")
            found.size = size["name"]
            self.axe.append(found)
            entry["axe_seconds"] = round(time.monotonic() - axe_started, 1)
        self.pages.append(entry)
        print(f"  {app} {size['name']} {notebook_key(notebook)}: {result.questions} questions, "
              f"{result.controls} controls, "
              f"{result.clicks} clicks, {len(result.failures)} failures"
              + (f", axe {entry.get('axe_seconds')} s" if "axe_seconds" in entry else "")
              + (f"; page problems: {problems}" if problems else ""), flush=True)

    # -- JupyterLab and Notebook 7
    def run_jupyter(self, browser, app: str) -> None:
        from browser import lab

        sizes = self.args.sizes
        answers = Path(os.environ["NEWSLIT_ANSWERS"])
        workdir = self.work / f"server-{app}"
        (workdir / "config").mkdir(parents=True)
        # Notebook 7 exposes window.jupyterapp too (as JupyterLab does with --LabApp.expose_app_in_browser)
        (workdir / "config" / "jupyter_server_config.json").write_text(
            json.dumps({"JupyterNotebookApp": {"expose_app_in_browser": True}}), encoding="utf-8")
        lab.ROOT = self.root  # serve a copy of the audited module's notebooks
        with lab.jupyterlab(workdir) as (base, served):
            context, page = new_page(browser, sizes[0], self.args.zoom_mode)
            try:
                if app == "lab":
                    lab.load_lab(page, base)
                for notebook in self.notebook_files():
                    path = lab.fresh_copy(served, notebook, "audit")
                    if app == "lab":
                        kernel = lab.open_in_lab(page, base, path)
                    else:
                        kernel = lab.open_notebook(page, base, path, ui="notebook")
                        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget")
                    root = LAB_ROOT if app == "lab" else ".jp-NotebookPanel"
                    for number, size in enumerate(sizes):
                        page.set_viewport_size({"width": size["width"], "height": size["height"]})
                        empty_folder(answers)  # each size starts unanswered
                        ran = run_all_cells(page)
                        if ran != "ran":
                            self.notes.append(f"{app} {size['name']} {notebook}: a cell failed (stderr)")
                        missing = wait_drawn(page, root, self.expected_questions(notebook))
                        self.notes += [f"{app} {size['name']} {notebook}: {m}" for m in missing]
                        self.measure(page, app, size, notebook, root,
                                     run_axe=number == 0 or self.args.axe_sizes == "all")
                    lab.shut_down_session(page.context, base, kernel)
                    if app == "lab":
                        lab.close_notebooks(page)
            finally:
                context.close()

    # -- Voilà
    def voila_command(self, notebook: str, port: int) -> list[str]:
        """The arguments `python3 run.py voila NN --port=… --no-browser` passes to Python (as
        tests/browser/test_voila.py reads them), run with this Python."""
        spec = importlib.util.spec_from_file_location("run_script", self.root / "run.py")
        run = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(run)
        seen = []
        run.run_in_venv = lambda args, env=None: seen.append(args) or 0
        status = run.open_voila([notebook_key(notebook), f"--port={port}", "--no-browser", "--Voila.ip=127.0.0.1"])
        if status != 0 or not seen:
            raise RuntimeError(f"run.py voila {notebook_key(notebook)} found no single notebook")
        return [sys.executable, *seen[0]]

    @contextmanager
    def voila(self, notebook: str):
        from browser.lab import free_port, voila_server

        port = free_port()
        workdir = self.work / f"voila-{notebook_key(notebook)}"
        workdir.mkdir()
        with voila_server(self.voila_command(notebook, port), port, self.root, workdir) as base:
            yield base

    def run_voila(self, browser) -> None:
        answers = Path(os.environ["NEWSLIT_ANSWERS"])
        for notebook in self.notebook_files():
            with self.voila(notebook) as base:
                for number, size in enumerate(self.args.voila_sizes):
                    empty_folder(answers)
                    context, page = new_page(browser, size, self.args.zoom_mode)
                    try:
                        page.goto(f"{base}/")
                        page.locator(".newslit-question").first.wait_for(timeout=WAIT_MS)
                        apply_css_zoom(page, size, self.args.zoom_mode)
                        missing = wait_drawn(page, VOILA_ROOT, self.expected_questions(notebook))
                        self.notes += [f"voila {size['name']} {notebook}: {m}" for m in missing]
                        self.measure(page, "voila", size, notebook, VOILA_ROOT,
                                     run_axe=number == 0 or self.args.axe_sizes == "all")
                    finally:
                        context.close()

    # -- the module's own pages
    def run_static(self, browser) -> None:
        from browser.axe import PAGE_ZONES, run_axe
        from browser.pages import module_pages

        static = self.out / "pages"
        empty_folder(static)
        targets, notes = module_pages(static, self.work)
        self.notes += notes
        context, page = new_page(browser, {"width": 1366, "height": 768, "zoom": 100}, "device", bypass_csp=True)
        try:
            for name, path in targets:
                if not path.exists():
                    continue
                page.goto(path.as_uri())
                found = run_axe(page, name, zones=PAGE_ZONES)
                found.size = "1366x768"
                self.axe.append(found)
                print(f"  axe {name}: {sum(found.counts().values())} elements in violation", flush=True)
        finally:
            context.close()


# ---------------------------------------------------------------- the summary

def _table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def write_summary(audit: Audit, out: Path, meta: dict) -> None:
    from browser.axe import INSIDE_OUTPUTS
    from browser.geometry import FAILURE_KINDS

    lines = [f"# Accessibility and layout audit: {meta['label']}", "",
             f"Run {meta['started']} with `{meta['command']}` in {meta['seconds'] / 60:.1f} min "
             f"({', '.join(f'{k} {v / 60:.1f} min' for k, v in audit.timings.items())}).", "",
             "Versions: " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items())
             + f", Chromium {meta['chromium']}, {meta['axe']}.", "",
             f"Zoom: {meta['zoom']}.", ""]
    # layout
    lines += ["## Layout failures", "",
              "Counted once per (question, control, kind, detail), at each app and screen size; "
              "`drawn` and `answered` states merged (see failures.md). Kinds:", ""]
    kinds_seen = Counter(f.kind for f in audit.failures)
    lines += [f"- `{k}`: {FAILURE_KINDS.get(k, '')} ({n})" for k, n in kinds_seen.most_common()]
    lines.append("")
    kinds = [k for k in FAILURE_KINDS if kinds_seen[k]]
    by_page = defaultdict(Counter)
    for f in audit.failures:
        by_page[(f.app, f.size, f.notebook)][f.kind] += 1
    groups = defaultdict(list)
    for entry in audit.pages:
        groups[(entry["app"], entry["size"])].append(entry)
    for (app, size), entries in groups.items():
        lines += [f"### {app} at {size}", ""]
        rows = []
        total = Counter()
        for entry in entries:
            counts = by_page[(app, size, entry["notebook"])]
            total.update(counts)
            failing = len({(f.question) for f in audit.failures
                           if (f.app, f.size, f.notebook) == (app, size, entry["notebook"])})
            rows.append([entry["notebook"], f"{failing}/{entry['boxes']}", entry["controls"], entry["clicks"],
                         sum(counts.values()), *[counts[k] or "" for k in kinds]])
        rows.append(["**all**", "", sum(e["controls"] for e in entries), sum(e["clicks"] for e in entries),
                     f"**{sum(total.values())}**", *[total[k] or "" for k in kinds]])
        lines += _table(["notebook", "boxes failing/measured", "controls", "clicks", "failures", *kinds], rows)
        lines.append("")
    # worst questions
    per_question = defaultdict(list)
    for f in audit.failures:
        per_question[(f.app, f.size, f.notebook, f.question)].append(f)
    worst = sorted(per_question.items(), key=lambda item: -len(item[1]))[:15]
    lines += ["## The questions with most failures", ""]
    lines += _table(["app", "size", "notebook", "question", "failures", "kinds", "screenshot"],
                    [[*key, len(fs), ", ".join(f"{k} {n}" for k, n in Counter(f.kind for f in fs).most_common()),
                      f"`{Path(fs[0].screenshot).relative_to(out)}`" if fs[0].screenshot else ""]
                     for key, fs in worst])
    lines.append("")
    # axe
    if audit.axe:
        zones = ["widgets", "outputs", "markdown", "interface", "page", "unknown"]
        rules: dict[str, dict] = {}
        per_rule = defaultdict(Counter)
        pages_of = defaultdict(set)
        for result in audit.axe:
            for v in result.violations:
                rules[v["id"]] = v
                for node in v["nodes"]:
                    per_rule[v["id"]][node["zone"]] += 1
                pages_of[v["id"]].add(result.page)
        used = [z for z in zones if any(c[z] for c in per_rule.values())]
        lines += ["## axe-core (WCAG 2.1 A and AA rules only)", "",
                  "Elements in violation, by rule and zone, summed over every page checked. Zones: `widgets` and "
                  "`outputs` are inside the notebooks' output areas (widgets: ipywidgets' elements, the "
                  "questions); `markdown` is the module's text cells; `interface` is JupyterLab's or Voilà's own "
                  "page; `page` is a page the module writes (report, handouts, hand-in copy).", ""]
        rows = [[f"`{rid}`", rules[rid]["impact"], " ".join(t for t in rules[rid]["tags"]),
                 *[per_rule[rid][z] or "" for z in used], len(pages_of[rid])]
                for rid in sorted(per_rule, key=lambda r: -sum(per_rule[r].values()))]
        lines += _table(["rule", "impact", "WCAG", *used, "pages"], rows)
        lines += ["", "Per page (elements in violation):", ""]
        rows = []
        for result in audit.axe:
            counts = result.counts()
            by_zone = Counter()
            for (_rule, zone), n in counts.items():
                by_zone[zone] += n
            inside = sum(by_zone[z] for z in INSIDE_OUTPUTS)
            rows.append([result.page, result.size, inside, by_zone["markdown"],
                         by_zone["interface"], by_zone["page"],
                         ", ".join(f"{r} {n}" for (r, _z), n in sorted(counts.items(), key=lambda i: -i[1])[:6])])
        lines += _table(["page", "size", "inside output areas", "markdown", "interface", "module page",
                         "rules (element counts)"], rows)
        lines += ["", "What each rule says (the first element of each, with the page):", ""]
        for rid in sorted(per_rule, key=lambda r: -sum(per_rule[r].values())):
            first = next((r.page, n) for r in audit.axe for v in r.violations if v["id"] == rid for n in v["nodes"])
            lines.append(f"- `{rid}`: {rules[rid]['help']} ({rules[rid]['helpUrl']}). E.g. {first[0]}, "
                         f"{first[1]['zone']}: `{first[1]['html'][:160]}`")
        lines.append("")
    # measured pages and notes
    lines += ["## What was measured", ""]
    lines += _table(["app", "size", "notebook", "questions", "panels", "controls", "clicks", "retried clicks",
                     "failures", "seconds", "axe seconds", "page problems"],
                    [[e["app"], e["size"], e["notebook"], e["questions"], e["boxes"] - e["questions"], e["controls"],
                      e["clicks"], e["retried_clicks"], e["failures"], e["seconds"], e.get("axe_seconds", ""),
                      "; ".join(e["page_problems"])] for e in audit.pages])
    if audit.notes:
        lines += ["", "## Notes", "", *[f"- {n}" for n in audit.notes]]
    (out / "summary.md").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # every failure
    detail = [f"# Every layout failure: {meta['label']}", ""]
    for key, fs in sorted(per_question.items()):
        shot = f" — `{Path(fs[0].screenshot).relative_to(out)}`" if fs[0].screenshot else ""
        detail += [f"## {' '.join(key[:3])} {key[3]}: {fs[0].title}{shot}", ""]
        detail += [f"{n}. {f.kind} ({f.state}) {f.control}: {f.detail}" for n, f in enumerate(fs, start=1)]
        detail.append("")
    (out / "failures.md").write_text("\n".join(detail), encoding="utf-8")
    (out / "results.json").write_text(json.dumps({
        "meta": meta, "pages": audit.pages, "notes": audit.notes,
        "failures": [f.as_dict() for f in audit.failures],
        "axe": [{"page": r.page, "size": r.size, "violations": r.violations} for r in audit.axe],
    }, indent=1, ensure_ascii=False), encoding="utf-8")


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    root = Path(args.root).resolve()
    out = Path(args.out).resolve()
    # newslit (and maintain) from the audited checkout; the browser helpers from this one
    sys.path[:0] = [str(root), str(HERE / "tests")]
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))
    from browser.axe import axe_version
    from browser.lab import CHROMIUM, CHROMIUM_ARGS
    from maintain.store import isolated_env

    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing (apt-get install chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    empty_folder(out)
    started, clock = datetime.now(), time.monotonic()
    meta = {"label": args.label or f"{root} at {commit_of(root)}", "started": started.strftime("%Y-%m-%d %H:%M"),
            "command": " ".join(["tests/tools/a11y_audit.py", *argv]), "versions": versions(),
            "axe": "" if args.no_axe else axe_version(),
            "zoom": ("device scale factor: a zoomed size is a viewport of width/zoom × height/zoom CSS px at "
                     "devicePixelRatio = zoom (what Chromium's page zoom does)") if args.zoom_mode == "device"
            else "CSS zoom on the page's root element, viewport at full size"}
    with tempfile.TemporaryDirectory(prefix="newslit-a11y-") as scratch:
        work = Path(scratch)
        with throwaway_home(work), isolated_env(answers_folder=str(work / "answers")):
            audit = Audit(args, root, work, out)
            try:
                with sync_playwright() as playwright:
                    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                                         headless=True)
                    meta["chromium"] = browser.version
                    for app in args.apps:
                        phase = time.monotonic()
                        print(f"{app}:", flush=True)
                        if app == "voila":
                            audit.run_voila(browser)
                        else:
                            audit.run_jupyter(browser, app)
                        audit.timings[app] = time.monotonic() - phase
                    if not args.no_static and not args.no_axe:
                        phase = time.monotonic()
                        print("report, handouts, hand-in copy:", flush=True)
                        audit.run_static(browser)
                        audit.timings["static pages"] = time.monotonic() - phase
                    browser.close()
            except RuntimeError as error:
                print(error, file=sys.stderr)
                return 2
            finally:
                meta["seconds"] = time.monotonic() - clock
                meta.setdefault("chromium", "unknown")
                write_summary(audit, out, meta)
    print(f"{len(audit.failures)} layout failures, {sum(sum(r.counts().values()) for r in audit.axe)} axe elements; "
          f"see {out / 'summary.md'} ({meta['seconds'] / 60:.1f} min)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
