"""The command line: ``python -m newslit report …`` and ``python -m newslit sample-class …``.

Thin on purpose: the work lives in ``newslit.report`` (over ``newslit.classroom``) and
``newslit.sampleclass``. Exit status 2 for usage errors (argparse's own).
"""
from __future__ import annotations

import argparse
import sys

import newslit.report as report
import newslit.sampleclass as sampleclass

COMMANDS = {
    "report": (report, "write the class report (HTML, optionally CSV) from answer files or folders"),
    "sample-class": (sampleclass, "generate an invented class of answer files (deterministic for a seed)"),
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
