"""Lets these notebooks find the module's own `newslit` package, installed or not.

A notebook runs from its own folder, so `import newslit` finds this file first. It loads the real
package from the `newslit/` folder of the module this folder belongs to (the folder holding
`run.py`), so a downloaded or nbgitpuller copy works without installing anything, and always with
the package version that came with these notebooks. Notebooks copied out of the module use an
installed newslit instead. Students never need to open this file.
"""
import importlib.util
import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _module_package_spec():
    """The spec of ../newslit (or ../../newslit), else of an installed newslit, else None."""
    for folder in (_HERE.parent, _HERE.parent.parent):
        init = folder / "newslit" / "__init__.py"
        if init.is_file():
            return importlib.util.spec_from_file_location(__name__, init,
                                                          submodule_search_locations=[str(init.parent)])
    saved_path, shim = sys.path[:], sys.modules.pop(__name__)
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]  # look past this file
    try:
        return importlib.util.find_spec(__name__)
    finally:
        sys.path[:] = saved_path
        sys.modules[__name__] = shim


def _load():
    spec = _module_package_spec()
    if spec is None:
        raise ModuleNotFoundError(
            "These notebooks cannot find their 'newslit' folder. Keep the notebooks inside the module's folder "
            "(the one with run.py, newslit/ and notebooks/) and open them from there; to set it up, run "
            "'python3 run.py' in that folder.", name=__name__)
    package = importlib.util.module_from_spec(spec)
    sys.modules[__name__] = package  # `import newslit` now returns the real package
    spec.loader.exec_module(package)


_load()
