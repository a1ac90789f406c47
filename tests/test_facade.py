"""``import newslit as nl``: the notebook façade is a written list, loads lazily, and covers the notebooks."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import newslit as nl

ROOT = Path(__file__).resolve().parent.parent
CALL = re.compile(r"\bnl\.([a-z_0-9]+)\b")  # called, or handed to nl.after


def _notebook_calls() -> set[str]:
    names = set()
    for path in (ROOT / "notebooks").rglob("*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                names |= set(CALL.findall("".join(cell["source"])))
    return names


def test_every_name_a_notebook_calls_is_in_the_written_list():
    used = _notebook_calls()
    assert len(used) > 30
    assert used <= set(nl.__all__), used - set(nl.__all__)


def test_dir_lists_the_facade():
    assert set(nl.__all__) <= set(dir(nl))
    assert "ask" in dir(nl) and "show" in dir(nl)


@pytest.mark.parametrize("name", sorted(nl.NOTEBOOK_API))
def test_each_name_comes_from_the_module_the_list_names(name):
    value = getattr(nl, name)
    assert callable(value)
    assert value.__module__ == f"newslit.{nl.NOTEBOOK_API[name]}"


def test_show_is_the_passage_viewer_not_a_chart_helper():
    from newslit.notebook import reading

    assert nl.show is reading.show


def test_an_unknown_name_is_an_attribute_error_and_submodules_still_import():
    with pytest.raises(AttributeError):
        nl.no_such_thing  # noqa: B018
    from newslit.classroom import load as classroom  # a submodule, not a façade name

    assert classroom.__name__ == "newslit.classroom.load"


def test_importing_the_package_loads_no_heavy_library():
    code = ("import sys, newslit; heavy = [m for m in ('pandas', 'ipywidgets', 'matplotlib') if m in sys.modules]; "
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="/")
    assert out.stdout.strip() == "[]"
