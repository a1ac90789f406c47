"""The teacher notebook's hand-over to the module's `newslit` package: it runs `../newslit.py`,
which holds the logic once (it looks one and two folders up, so it works from here too)."""
from pathlib import Path

_HAND_OVER = Path(__file__).resolve().parent.parent / "newslit.py"
exec(compile(_HAND_OVER.read_text(encoding="utf-8"), str(_HAND_OVER), "exec"))
