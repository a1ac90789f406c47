"""A real JupyterLab and a real Chromium for the browser tests (see JUPYTER_NOTES for why this way).

* One JupyterLab per test session, on 127.0.0.1 and a free port, with its own config, runtime,
  settings and workspace folders, the news prompt and update checks off, serving a copy of
  ``notebooks/`` so that autosave can never touch the stored notebooks.
* Debian's Chromium (``/usr/bin/chromium``) driven by Playwright for Python; never a downloaded browser.
* Opening a notebook reliably: create the session over the REST API first, then open the notebook
  and wait until it is connected to that kernel and idle (no sleeps). ``open_notebook`` loads a page
  for it (Notebook 7, the hub); ``open_in_lab`` opens it in a JupyterLab already loaded: the
  JupyterLab tests share one page in which the app is loaded once (``lab_app``), open each notebook
  inside it (``docmanager:open``, through ``window.jupyterapp``, which the server exposes for this)
  and close it afterwards. Loading the app costs 3–4 s on 2 cores, every time it is loaded.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from newslit.notebook.widgets import accessible_inputs
from newslit.questions import entries as questions

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 90_000
# No "Would you like to get Jupyter news?" toast over the page (news_url=None alone does not stop it).
QUIET_LAB = json.loads((ROOT / "newslit" / "teacher" / "newslit-quiet-jupyterlab.json").read_text(encoding="utf-8"))[
    "@jupyterlab/apputils-extension:notification"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float, failure) -> None:
    """Poll ``url`` until it answers 200; raise ``RuntimeError(failure())`` if ``process`` ends or time runs out."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(failure()) from None
            time.sleep(0.2)  # polling a server that is starting, not waiting on a page


@contextmanager
def voila_server(command: list[str], port: int, cwd: Path, workdir: Path, **env_extra: str):
    """Voilà (``command``, listening on ``port``) with its own Jupyter folders under ``workdir``, in its own
    process group so its kernels stop with it; yields its base URL."""
    env = dict(os.environ, PYTHONNOUSERSITE="1", JUPYTER_CONFIG_DIR=str(workdir / "config"),
               JUPYTER_RUNTIME_DIR=str(workdir / "runtime"), JUPYTER_DATA_DIR=str(workdir / "data"), **env_extra)
    log = open(workdir / "voila.log", "w")
    server = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:  # a TCP connect, not a page request (each page request starts a kernel)
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"Voilà did not start: see {workdir / 'voila.log'}") from None
                time.sleep(0.2)  # polling a server that is starting, not waiting on the page
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


@contextmanager
def jupyterlab(workdir: Path, app: str = "lab"):
    """Start JupyterLab (or Notebook 7 with ``app="notebook"``) serving a copy of the notebooks."""
    served = workdir / "served"
    shutil.copytree(ROOT / "notebooks", served, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    settings = workdir / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(json.dumps(QUIET_LAB), encoding="utf-8")
    (workdir / "config").mkdir(exist_ok=True)  # Notebook 7 exposes window.jupyterapp too (wait_all_ran reads it)
    (workdir / "config" / "jupyter_server_config.json").write_text(
        json.dumps({"JupyterNotebookApp": {"expose_app_in_browser": True}}), encoding="utf-8")
    port = free_port()
    env = dict(os.environ,
               JUPYTER_CONFIG_DIR=str(workdir / "config"), JUPYTER_RUNTIME_DIR=str(workdir / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(workdir / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(workdir / "workspaces"))
    command = [sys.executable, "-m", "jupyter", app, "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0", "--ServerApp.token=",
               "--ServerApp.password=", "--ServerApp.disable_check_xsrf=False", "--allow-root",
               f"--ServerApp.root_dir={served}", f"--LabApp.workspaces_dir={workdir / 'workspaces'}",
               "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.expose_app_in_browser=True"]  # window.jupyterapp: open notebooks without reloading
    log = open(workdir / "server.log", "w")
    server = subprocess.Popen(command, cwd=served, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/api/status", server, 60,
                      lambda: f"JupyterLab did not start: see {workdir / 'server.log'}")
        yield base, served
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def fresh_copy(served: Path, notebook: str, tag: str) -> str:
    """A copy of a served notebook under a new name, so each test gets its own session and kernel."""
    source = served / notebook
    copy = source.with_name(f"{source.stem}-{tag}{source.suffix}")
    shutil.copyfile(source, copy)
    return copy.relative_to(served).as_posix()


def xsrf_headers(context, base: str) -> dict:
    context.request.get(f"{base}/lab")
    token = next((c["value"] for c in context.cookies() if c["name"] == "_xsrf"), "")
    return {"X-XSRFToken": token, "Content-Type": "application/json"}


def start_session(context, base: str, path: str) -> str:
    """Create (or find: the server returns an existing one) the kernel session of a notebook; its kernel id."""
    headers = xsrf_headers(context, base)
    response = context.request.post(f"{base}/api/sessions", headers=headers, data=json.dumps(
        {"path": path, "type": "notebook", "name": "", "kernel": {"name": "python3"}}))
    assert response.ok, response.text()
    return response.json()["kernel"]["id"]


def load_lab(page, base: str) -> None:
    """Load JupyterLab once in ``page`` (an empty workspace), and wait until the app is restored."""
    page.goto(f"{base}/lab?reset")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=TIMEOUT_MS)
    page.evaluate("async () => { await window.jupyterapp.restored; }")


# The current notebook panel is the one at `path`, fully drawn, its kernel `id` connected and idle.
NOTEBOOK_READY = """([path, id]) => {
    const w = window.jupyterapp.shell.currentWidget;
    const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
    return !!(w && w.context && w.context.path === path && w.context.isReady && w.content.widgets.length
              && kernel && kernel.id === id && kernel.connectionStatus === 'connected' && kernel.status === 'idle');
}"""


def open_in_lab(page, base: str, path: str) -> str:
    """Open a notebook in the JupyterLab already loaded in ``page`` (``load_lab``): its session first
    (so it is this kernel the notebook connects to), then the document, then wait for the kernel."""
    kernel_id = start_session(page.context, base, path)
    page.newslit_base = base
    page.newslit_kernels = [*getattr(page, "newslit_kernels", []), kernel_id]  # the fixture stops them
    page.evaluate("p => window.jupyterapp.commands.execute('docmanager:open', {path: p, factory: 'Notebook'})", path)
    page.wait_for_function(NOTEBOOK_READY, arg=[path, kernel_id], timeout=TIMEOUT_MS)
    wait_idle(page)
    return kernel_id


def close_notebooks(page) -> None:
    """Close every document of the loaded JupyterLab without saving (the served files are copies), and
    any dialog left open, so the next test starts from an empty main area."""
    page.keyboard.press("Escape")
    page.evaluate("""() => {
        for (const w of [...window.jupyterapp.shell.widgets('main')]) {
            if (w.context) { w.context.model.dirty = false; }
            w.dispose();
        }
    }""")
    page.wait_for_function("() => !document.querySelector('.jp-NotebookPanel, .jp-Dialog')", timeout=TIMEOUT_MS)


def shut_down_session(context, base: str, kernel_id: str) -> None:
    """Stop the session of one kernel (other tests' kernels, started ahead, keep running)."""
    headers = xsrf_headers(context, base)
    for session in context.request.get(f"{base}/api/sessions").json():
        if session["kernel"]["id"] == kernel_id:
            context.request.delete(f"{base}/api/sessions/{session['id']}", headers=headers)


def open_notebook(page, base: str, path: str, ui: str = "lab") -> str:
    """Create the kernel session first, then open the notebook and wait for the kernel to be idle."""
    headers = xsrf_headers(page.context, base)
    response = page.context.request.post(f"{base}/api/sessions", headers=headers, data=json.dumps(
        {"path": path, "type": "notebook", "name": "", "kernel": {"name": "python3"}}))
    assert response.ok, response.text()
    kernel_id = response.json()["kernel"]["id"]
    # ?reset: start from an empty workspace, or JupyterLab reopens the tabs of earlier tests
    url = f"{base}/lab/tree/{path}?reset" if ui == "lab" else f"{base}/notebooks/{path}"
    page.newslit_base = base  # the page fixture shuts this kernel's session down afterwards
    page.newslit_kernels = [*getattr(page, "newslit_kernels", []), kernel_id]
    with page.expect_websocket(lambda ws: f"/api/kernels/{kernel_id}/channels" in ws.url, timeout=TIMEOUT_MS):
        page.goto(url)
    wait_idle(page)
    return kernel_id


def shut_down_sessions(context, base: str, paths: tuple[str, ...] | None = None) -> None:
    """Stop the kernel sessions of the server (only those of ``paths`` when given), so finished tests
    leave no kernel using the CPU."""
    headers = xsrf_headers(context, base)
    for session in context.request.get(f"{base}/api/sessions").json():
        if paths is None or session["path"] in paths:
            context.request.delete(f"{base}/api/sessions/{session['id']}", headers=headers)


def wait_idle(page) -> None:
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=TIMEOUT_MS)


def run_all(page) -> None:
    """Clear all outputs, run all cells from the Run menu, and wait until every code cell has run.

    Clearing first resets every prompt to "[ ]", so the wait cannot be fooled by the previous run.
    """
    page.get_by_role("menuitem", name="Edit", exact=True).click()
    page.locator('.lm-Menu-item[data-command="editmenu:clear-all"]').click()
    page.wait_for_function("""() => {
        const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)') || document;
        return !panel.querySelector('.jp-CodeCell .jp-OutputArea-output');
    }""", timeout=TIMEOUT_MS)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()
    wait_all_ran(page)


def wait_all_ran(page) -> None:
    """Until every code cell has run and the kernel is idle, or a cell failed (an error or stderr
    output: Run All stops there, so waiting on would only run into the timeout; the caller's
    ``assert_no_errors`` then says what failed). Read from the notebook's model, not its prompts: the
    student notebooks store their code cells collapsed (``source_hidden``), so no prompt is drawn."""
    page.wait_for_function(
        """() => {
            if (!window.jupyterapp) throw new Error('window.jupyterapp is missing: start the server with ' +
                '--LabApp.expose_app_in_browser=True (wait_all_ran reads the notebook model)');
            const w = window.jupyterapp.shell.currentWidget;
            const model = w && w.content && w.content.model;
            const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
            if (!model || !kernel || kernel.status !== 'idle') return false;
            let all = model.cells.length > 0;
            for (let i = 0; i < model.cells.length; i++) {
                const cell = model.cells.get(i);
                if (cell.type !== 'code') continue;
                for (let j = 0; j < cell.outputs.length; j++) {
                    const out = cell.outputs.get(j);
                    if (out.type === 'error' || (out.type === 'stream' && out.toJSON().name === 'stderr')) return true;
                }
                if (!cell.executionCount) all = false;
            }
            return all;
        }""", timeout=TIMEOUT_MS)


def restart_kernel(page) -> None:
    page.get_by_role("menuitem", name="Kernel", exact=True).click()
    page.locator('.lm-Menu-item[data-command="kernelmenu:restart"]').click()
    page.locator(".jp-Dialog-button.jp-mod-accept").click()
    wait_idle(page)


def count_inputs(page, notebook: str, settle_ms: int = 20_000) -> tuple[int, int]:
    """(found, expected): every catalogue input, looked up by role and accessible name in its question.

    Widget views are drawn by the browser after the kernel has gone idle, later on a busy machine (CI once
    counted 23 of 26 in 00): counted again every quarter second until all are there or ``settle_ms`` pass."""
    deadline = time.monotonic() + settle_ms / 1000
    while True:
        found, expected = _count_inputs_once(page, notebook)
        if found == expected or time.monotonic() > deadline:
            return found, expected
        page.wait_for_timeout(250)


def _count_inputs_once(page, notebook: str) -> tuple[int, int]:
    found = expected = 0
    for q in questions.for_notebook(notebook):
        box = page.locator(f".newslit-q-{q.id}")
        if q.get("requires"):  # reason first: no inputs until the reason above is written (test_reveal)
            expected += 1
            found += box.get_by_text("First write your reason above").count()
            continue
        wanted = accessible_inputs(q)
        expected += len(wanted)
        for role, name in sorted(set(wanted)):  # a name may recur (the same categories for each item)
            found += box.get_by_role(role, name=name, exact=True).count()
    return found, expected


def assert_no_errors(page) -> None:
    """No error text, no broken widget, no stderr output anywhere in the open notebook."""
    body = page.locator(".jp-Notebook").inner_text()
    for text in ("Error displaying widget", "model not found", "Traceback"):
        assert text.lower() not in body.lower(), text
    assert page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0


def hand_in_and_download(page) -> tuple[dict, str]:
    """Press "Make my hand-in file" from the keyboard, then click both download links under it, as 00
    teaches; returns (the downloaded hand-in file, the downloaded readable copy's text)."""
    button = page.get_by_role("button", name="Make my hand-in file", exact=True)
    button.scroll_into_view_if_needed()
    button.focus()
    page.keyboard.press("Enter")
    got = []
    for name in ("Download my hand-in file (.json)", "Download the readable copy (.html)"):
        link = page.get_by_role("link", name=re.compile(re.escape(name)))
        link.wait_for(timeout=TIMEOUT_MS)
        with page.expect_download(timeout=TIMEOUT_MS) as info:
            link.click()
        download = info.value
        assert download.suggested_filename.endswith(name[-6:-1]), download.suggested_filename
        got.append(Path(download.path()).read_text(encoding="utf-8"))
    return json.loads(got[0]), got[1]


OWN_CLAIMS = ("P3: the mayor said the lane will make the street safer", "P4: 83 per cent of residents back the lane",
              "P2: the lane will cost 480,000 pounds", "P6: some traders are planning a petition",
              "P11: experts say protected lanes reduce injuries")


def choose_a_practice_article(page, notebook: str) -> None:
    """Notebooks 07a and 07b: choose the first practice article by its title; in 07a also write five claims,
    so that every question (the sort of the student's own claims too) has its inputs on the page."""
    from newslit.questions.entries import for_notebook, get

    chooser = page.locator(".newslit-own-choose")
    chooser.get_by_role("radio").first.click()
    chooser.get_by_text("Working on:").wait_for()
    asked = [q.id for q in for_notebook(notebook)]
    if "n07-claims" not in asked:  # 07b: its questions are drawn live once the article is in use
        for qid in asked:
            page.locator(f".newslit-q-{qid}").first.wait_for()
        return
    claims = page.locator(".newslit-q-n07-claims")
    for field, claim in zip(get("n07-claims").get("fields"), OWN_CLAIMS):
        claims.get_by_role("textbox", name=field["label"], exact=True).fill(claim)
    page.locator(".newslit-q-n07-sort").get_by_role("group", name=f"1. {OWN_CLAIMS[0]}", exact=True).wait_for()
