"""The package's layout keeps the flow one way: source -> questions -> notebook -> answers -> classroom,
with teacher tools beside; the class report never imports widgets; nothing imports the maintainer tools."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "newslit"
# Which stage may import which (at module level or inside a function).
MAY_IMPORT = {
    "source": {"source"},
    "questions": {"questions", "source"},
    "answers": {"answers", "source", "questions"},
    "notebook": {"notebook", "source", "questions", "answers"},
    "classroom": {"classroom", "source", "questions", "answers", "notebook"},
    "teacher": {"teacher", "source", "questions", "answers", "notebook", "classroom"},
}
IMPORT = re.compile(r"^\s*(?:from|import) (newslit|maintain)(?:\.(\w+))?", re.M)


def _imports(path: Path) -> list[tuple[str, str]]:
    return [(top, stage or "") for top, stage in IMPORT.findall(path.read_text(encoding="utf-8"))]


def test_every_stage_imports_only_the_stages_before_it():
    wrong = []
    for stage, allowed in MAY_IMPORT.items():
        for path in (PACKAGE / stage).rglob("*.py"):  # subpackages too (questions/kinds)
            for top, imported in _imports(path):
                if top == "maintain" or (imported and imported in MAY_IMPORT and imported not in allowed):
                    wrong.append(f"{path.relative_to(ROOT)} imports {top}.{imported}")
    assert wrong == []


def test_the_notebook_display_reaches_the_class_report_only_for_its_charts():
    """report_charts draws with the notebook's chart helpers; nothing in classroom imports widgets."""
    for path in (PACKAGE / "classroom").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used = {name for pair in re.findall(r"newslit\.notebook\.(\w+)|from newslit\.notebook import (\w+)", text)
                for name in pair if name}
        assert "widgets" not in used and "studentui" not in used, path


def test_the_check_sees_a_forbidden_import(tmp_path):
    bad = tmp_path / "x.py"
    bad.write_text("from newslit.classroom import load\nimport maintain.store\n", encoding="utf-8")
    assert _imports(bad) == [("newslit", "classroom"), ("maintain", "store")]


def test_no_module_of_the_package_imports_a_maintainer_tool():
    for path in PACKAGE.rglob("*.py"):
        assert all(top != "maintain" for top, _ in _imports(path)), path


def test_the_article_owns_its_part_structure():
    from newslit.notebook import charts, tables
    from newslit.source import article

    assert charts.part_of is article.part_of and tables.part_of is article.part_of
