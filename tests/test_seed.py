"""The seed is kept byte for byte: same bytes as received, protected from line-ending changes."""
import hashlib
import subprocess
from pathlib import Path

from newslit.source.article import SEED_NAME, SEED_SHA256, seed_path

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
    """Git itself says it treats the seed as not text (no line-ending conversion on checkout or commit)."""
    try:
        done = subprocess.run(["git", "check-attr", "text", "--", f"seeds/{SEED_NAME}"], cwd=ROOT,
                              capture_output=True, text=True, timeout=30)
    except OSError:
        done = None
    if done is None or done.returncode != 0:  # no git, or a copy that is not a repository: the file says it
        assert "seeds/* -text" in (ROOT / ".gitattributes").read_text(encoding="utf-8").split("\n")
        return
    assert done.stdout.strip() == f"seeds/{SEED_NAME}: text: unset", done.stdout


def test_seed_readme_explains_origin_and_why_unedited():
    text = (ROOT / "seeds" / "README.md").read_text(encoding="utf-8")
    for needed in ("The Times", "UNIAN", "machine translation", "Archyde", "Q&A", "unedited"):
        assert needed in text, needed
