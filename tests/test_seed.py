"""The seed is kept byte for byte: same bytes as received, protected from line-ending changes."""
import hashlib
from pathlib import Path

from newslit.article import SEED_NAME, SEED_SHA256, seed_path

ROOT = Path(__file__).resolve().parent.parent


def test_seed_bytes_are_unchanged():
    assert hashlib.sha256(seed_path().read_bytes()).hexdigest() == SEED_SHA256


def test_seed_has_its_original_name_and_shape():
    data = seed_path().read_bytes()
    assert seed_path() == ROOT / "seeds" / SEED_NAME
    assert not data.endswith(b"\n"), "the seed has no final newline; an editor must not add one"
    assert b"\r" not in data
    assert "’".encode() in data, "curly quotes survive"


def test_gitattributes_keeps_git_off_the_seed_bytes():
    lines = (ROOT / ".gitattributes").read_text(encoding="utf-8").split("\n")
    assert "seeds/* -text" in lines


def test_seed_readme_explains_origin_and_why_unedited():
    text = (ROOT / "seeds" / "README.md").read_text(encoding="utf-8")
    for needed in ("The Times", "UNIAN", "machine translation", "Archyde", "Q&A", "unedited"):
        assert needed in text, needed
