"""newslit.answers.atomicio: the one atomic-write helper, and the writers that use it."""
import csv
import json
import os
import sys

import pytest

from newslit.answers import atomicio

posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_text_and_bytes_replace_the_file(tmp_path):
    target = tmp_path / "a.txt"
    assert atomicio.write_atomically(target, "först") == target
    assert target.read_text(encoding="utf-8") == "först"
    atomicio.write_atomically(target, b"\x00second")
    assert target.read_bytes() == b"\x00second" and leftovers(tmp_path) == []


@posix_only
def test_new_files_are_0600_and_keep_mode_keeps_an_earlier_files_mode(tmp_path):
    target = tmp_path / "report.html"
    atomicio.write_atomically(target, "one")
    assert target.stat().st_mode & 0o777 == 0o600
    os.chmod(target, 0o640)
    atomicio.write_atomically(target, "two", keep_mode=True)
    assert target.stat().st_mode & 0o777 == 0o640 and target.read_text(encoding="utf-8") == "two"
    atomicio.write_atomically(target, "three")  # without keep_mode: private again
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_failure_while_writing_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "answers.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomicio.open_atomically(target) as handle:
        handle.write("half of the new")
        assert leftovers(tmp_path), "the data goes to a temporary file first"
        raise RuntimeError("the writer failed")
    assert target.read_text(encoding="utf-8") == "old" and leftovers(tmp_path) == []


@pytest.mark.parametrize("where", ["replace", "fsync", "chmod"])
def test_a_failing_system_call_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch, where):
    target = tmp_path / "answers.json"
    target.write_text("old", encoding="utf-8")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomicio.os, where, fail)
    with pytest.raises(OSError, match="No space"):
        atomicio.write_atomically(target, "new")
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old" and leftovers(tmp_path) == []


def test_the_file_and_its_folder_are_fsynced_unless_not_durable(tmp_path, monkeypatch):
    synced = []
    real_fsync = os.fsync

    def fsync(fd):
        synced.append(os.path.isdir(f"/proc/self/fd/{fd}") if sys.platform == "linux" else None)
        real_fsync(fd)

    monkeypatch.setattr(atomicio.os, "fsync", fsync)
    atomicio.write_atomically(tmp_path / "a.json", "{}")
    assert len(synced) == (1 if os.name == "nt" else 2)
    if sys.platform == "linux":
        assert synced == [False, True], "first the file, then (after the rename) its folder"
    synced.clear()
    atomicio.write_atomically(tmp_path / "cache.json", "{}", durable=False)
    assert synced == []


def test_streamed_text_keeps_the_newline_it_was_given(tmp_path):
    target = tmp_path / "answers.csv"
    with atomicio.open_atomically(target, newline="") as handle:
        csv.writer(handle).writerows([["a", "b"], ["1", "2"]])
    assert target.read_bytes() == b"a,b\r\n1,2\r\n"


def test_the_temporary_file_is_hidden_beside_the_target(tmp_path, monkeypatch):
    seen = []
    real_replace = os.replace
    monkeypatch.setattr(atomicio.os, "replace", lambda a, b: (seen.append(a), real_replace(a, b)))
    atomicio.write_atomically(tmp_path / "x.json", "{}")
    name = os.path.basename(seen[0])
    assert os.path.dirname(seen[0]) == str(tmp_path)
    assert name.startswith(".x.json.") and name.endswith(".tmp")


def test_every_writer_of_the_package_goes_through_it(tmp_path, monkeypatch):
    """Answers, the export (JSON and HTML), the profile, the chart cache, the report's HTML and CSV."""
    from newslit.answers import who as student
    from newslit.answers.store import AnswerStore
    from newslit.classroom import load as classroom
    from newslit.classroom import report
    from newslit.notebook import charts

    written = []
    real = atomicio.open_atomically

    def spy(path, **options):
        written.append(os.fspath(path))
        return real(path, **options)

    monkeypatch.setattr(atomicio, "open_atomically", spy)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setenv("NEWSLIT_PROFILE", str(tmp_path / "profile.json"))
    store = AnswerStore(tmp_path / "answers", "Anna")
    store.save("n00-practice-text", "x")
    store.export(tmp_path / "hand-in.json")
    student.save_profile("Anna")
    charts._keep(tmp_path / "cache" / "c.json", {"png": ""})
    cls = classroom.load_class(tmp_path / "answers")
    report.write_report(cls, tmp_path / "out" / "report.html")
    report.write_csv(cls, tmp_path / "out" / "answers.csv")
    expected = [store.path, tmp_path / "hand-in.json", tmp_path / "hand-in.html", tmp_path / "profile.json",
                tmp_path / "cache" / "c.json", tmp_path / "out" / "report.html", tmp_path / "out" / "answers.csv"]
    assert written == [str(p) for p in expected]
    assert json.loads((tmp_path / "hand-in.json").read_text(encoding="utf-8"))["student"] == "Anna"
    if os.name != "nt":
        assert {(p.stat().st_mode & 0o777) for p in expected} == {0o600}
