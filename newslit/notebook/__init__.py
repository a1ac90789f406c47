"""What notebooks display: passages (``reading``), tables, charts, questions as widgets (``widgets``) and
the student's own controls (``studentui``: name box, hand-in, trust chart). Notebooks reach them through
the façade ``import newslit as nl``."""
