"""Fixtures of the browser tests: one Chromium and one JupyterLab server for the whole test session,
one page with JupyterLab loaded for every JupyterLab test (``lab_app``), a fresh browser context for
the tests that need their own page (``page``: Notebook 7, Voilà), and on failure a screenshot and a
Playwright trace in ``test-results/`` (open one with ``playwright show-trace test-results/<test>-trace.zip``).

Traces hold screenshots (a filmstrip), the actions and the console, not DOM snapshots: snapshots of
JupyterLab's large page double the time of a test. ``NEWSLIT_TRACE=snapshots`` records them too.
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from .lab import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, close_notebooks, jupyterlab, load_lab, shut_down_session

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"
VIEWPORT = {"width": 1280, "height": 900}


def _tracing(context):
    context.tracing.start(screenshots=True, snapshots=os.environ.get("NEWSLIT_TRACE") == "snapshots", sources=False)


def _artifact_name(request) -> str:
    return re.sub(r"[^\w.-]+", "_", request.node.name)


def _failed(request) -> bool:
    report = getattr(request.node, "rep_call", None)
    return report is not None and report.failed


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """(base URL, served folder) of the session's one JupyterLab."""
    with jupyterlab(tmp_path_factory.mktemp("lab")) as server:
        yield server


@pytest.fixture(scope="session")
def _lab_page(browser, lab):
    """The session's one page with JupyterLab loaded (traced in one chunk per test)."""
    context = browser.new_context(viewport=VIEWPORT)
    _tracing(context)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    load_lab(page, lab[0])
    yield page
    context.tracing.stop()
    context.close()


@pytest.fixture
def lab_app(_lab_page, lab, request):
    """The loaded JupyterLab, with no document open. Afterwards the test's documents are closed
    unsaved and the kernels it opened are stopped; after a failure the page is loaded afresh, so
    one broken test cannot break the next."""
    page = _lab_page
    page.context.tracing.start_chunk()
    page.newslit_kernels = []
    yield page
    if _failed(request):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{_artifact_name(request)}.png"), full_page=True)
        page.context.tracing.stop_chunk(path=str(ARTIFACTS / f"{_artifact_name(request)}-trace.zip"))
    else:
        page.context.tracing.stop_chunk()
    for kernel_id in page.newslit_kernels:
        shut_down_session(page.context, lab[0], kernel_id)
    if _failed(request):
        load_lab(page, lab[0])
    else:
        close_notebooks(page)


@pytest.fixture
def page(browser, request):
    """A page in its own browser context, traced; kernels it started are shut down afterwards."""
    context = browser.new_context(viewport=VIEWPORT)
    _tracing(context)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    if _failed(request):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{_artifact_name(request)}.png"), full_page=True)
        context.tracing.stop(path=str(ARTIFACTS / f"{_artifact_name(request)}-trace.zip"))
    else:
        context.tracing.stop()
    base = getattr(page, "newslit_base", None)
    for kernel_id in getattr(page, "newslit_kernels", []):
        shut_down_session(context, base, kernel_id)
    context.close()


@pytest.fixture
def empty_answers(tmp_path):
    """The session's answers folder, empty for this test (what was there is put back afterwards).

    The server's kernels all save to ``$NEWSLIT_ANSWERS`` as the same test student, so tests that
    answer would otherwise see each other's answers drawn back.
    """
    folder = Path(os.environ["NEWSLIT_ANSWERS"])
    backup = tmp_path / "answers-before"
    if folder.exists():
        shutil.move(folder, backup)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
    if backup.exists():
        shutil.move(backup, folder)
