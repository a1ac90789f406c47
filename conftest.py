"""pytest settings shared by the unit tests and strict nbval.

Every test session runs isolated (``newslit.store.isolated_env``): an empty temporary answers
folder, the fixed student "Test Student", a throw-away profile and no JupyterHub user. nbval's
kernels inherit this environment, so notebooks are checked exactly as ``newslit.store`` stored them.

``NEWSLIT_PREFILL=1`` fills the answers folder with an answer to every catalogue question first:
strict nbval must pass then too, because no stored output depends on a saved answer.
"""
import os

from newslit.store import TEST_STUDENT, isolated_env

_isolation = None

# The JupyterHub stage (`python3 run.py hub`, NEWSLIT_HUB_STAGE=1) runs tests/hub on its own; other runs never collect it.
collect_ignore = [] if os.environ.get("NEWSLIT_HUB_STAGE") == "1" else ["tests/hub"]


def pytest_configure(config):
    global _isolation
    _isolation = isolated_env()
    _isolation.__enter__()
    if os.environ.get("NEWSLIT_PREFILL") == "1":
        from newslit import questions
        from newslit.answers import AnswerStore

        store = AnswerStore(os.environ["NEWSLIT_ANSWERS"], TEST_STUDENT)
        for number, q in enumerate(questions.catalogue().values()):
            store.save(q.id, questions.example_answer(q, number))


def pytest_unconfigure(config):
    if _isolation is not None:
        _isolation.__exit__(None, None, None)


import pytest


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can save a screenshot on failure."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
