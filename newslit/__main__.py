"""The command line: ``python -m newslit report …``, ``scoring-sheet …``, ``sample-class …``, ``handouts``,
``student-copy``, ``quiet-jupyterlab``.

The same commands are the ``newslit`` command of an installed package (``console``, named in
pyproject's ``project.scripts``). Thin on purpose: the work lives in ``newslit.classroom.report`` (over
``newslit.classroom.load``), ``newslit.classroom.sampleclass``, ``newslit.teacher.handouts`` and
``newslit.teacher.studentcopy``, ``newslit.teacher.quietlab``.
``handouts`` and ``student-copy`` build from the module's folder (notebooks, lessons), so they need a
checkout or a copy of it. Exit status 2 for usage errors (argparse's own).
"""
from __future__ import annotations

import argparse
import sys

import newslit.answers.release as release
import newslit.answers.store as answers
import newslit.classroom.report as report
import newslit.classroom.sampleclass as sampleclass
import newslit.classroom.scoring as scoring
import newslit.teacher.handouts as handouts
import newslit.teacher.quietlab as quietlab
import newslit.teacher.studentcopy as studentcopy

COMMANDS = {
    "report": (report, "write the class report (HTML, optionally CSV) from answer files or folders"),
    "scoring-sheet": (scoring, "make (or extend) the blind-scoring sheet of the before-and-after task"),
    "sample-class": (sampleclass, "generate an invented class of answer files (deterministic for a seed)"),
    "handouts": (handouts, "build printable handouts (no keys) and the article into build/handouts/"),
    "release": (release, "release lessons' answers for everyone on a hub (a file in a folder students only read)"),
    "student-copy": (studentcopy, "build a copy of the module for students (no lessons, teacher notebook or notes)"),
    "quiet-jupyterlab": (quietlab, "turn JupyterLab's news prompt and update check off in this Python environment"),
}
NEED_THE_FOLDER = ("handouts", "student-copy")  # they read notebooks/ and lessons/, which a wheel does not hold


def parser(prog: str = "python -m newslit") -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog=prog, description="Teacher tools of the newslit module.")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        module.add_arguments(commands.add_parser(name, help=help_text, description=help_text))
    return top


def main(argv: list[str] | None = None, prog: str = "python -m newslit") -> int:
    args = parser(prog).parse_args(argv)
    if args.command in NEED_THE_FOLDER and answers.checkout_root() is None:
        print(f"error: {args.command} builds from the module's folder (notebooks/ and lessons/ beside newslit/), "
              f"which an installed newslit does not have. Run it in the module's folder: python3 run.py {args.command}",
              file=sys.stderr)
        return 2
    return COMMANDS[args.command][0].run(args)


def console() -> int:
    """The ``newslit`` command of an installed package."""
    return main(prog="newslit")


if __name__ == "__main__":
    sys.exit(main())
