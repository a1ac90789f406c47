"""Fixtures of the browser tests: one Chromium and one JupyterLab for the whole test session, a
fresh browser context per test with a Playwright trace, and on failure a screenshot and the trace
in ``test-results/`` (open a trace with ``playwright show-trace test-results/<test>-trace.zip``)."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from .lab import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, jupyterlab, shut_down_sessions

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"


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


@pytest.fixture
def page(browser, request):
    """A page in its own browser context, traced; kernels it started are shut down afterwards."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.tracing.start(screenshots=True, snapshots=True, sources=False)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        context.tracing.stop(path=str(ARTIFACTS / f"{name}-trace.zip"))
    else:
        context.tracing.stop()
    base = getattr(page, "newslit_base", None)
    if base:
        shut_down_sessions(context, base)
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
