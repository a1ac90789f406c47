"""The command line: ``python -m newslit report …``, ``sample-class …``, ``handouts``, ``student-copy``.

Thin on purpose: the work lives in ``newslit.report`` (over ``newslit.classroom``),
``newslit.sampleclass``, ``newslit.handouts`` and ``newslit.studentcopy``. Exit status 2 for usage errors (argparse's own).
"""
from __future__ import annotations

import argparse
import sys

import newslit.handouts as handouts
import newslit.report as report
import newslit.sampleclass as sampleclass
import newslit.studentcopy as studentcopy

COMMANDS = {
    "report": (report, "write the class report (HTML, optionally CSV) from answer files or folders"),
    "sample-class": (sampleclass, "generate an invented class of answer files (deterministic for a seed)"),
    "handouts": (handouts, "build printable handouts (no keys) and the article into build/handouts/"),
    "student-copy": (studentcopy, "build a copy of the module for students (no lessons, teacher notebook or notes)"),
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m newslit", description="Teacher tools of the newslit module.")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        module.add_arguments(commands.add_parser(name, help=help_text, description=help_text))
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return COMMANDS[args.command][0].run(args)


if __name__ == "__main__":
    sys.exit(main())
