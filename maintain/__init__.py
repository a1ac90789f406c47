"""Maintainer tools, not part of the installed package: store notebooks executed (``store``), write the
lesson plans, packet and prompt map (``lessonplans``, ``lessonmap``), measure reading level (``readability``).

Run from the module's folder: ``python3 run.py store`` or ``.venv/bin/python -m maintain.lessonplans``.
They may use test-only packages; nothing a student imports imports them.
"""
