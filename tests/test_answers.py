"""newslit.answers.store: the public API, names, limits, broken files, crashes, concurrency, write errors."""
import errno
import html
import json
import os
import random
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from newslit.answers import atomicio
from newslit.answers import store as answers
from newslit.answers.store import AnswerFileWarning, AnswerSaveError, AnswerStore

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    return AnswerStore(tmp_path / "answers", "Anna")


# ---------------------------------------------------------------- the public API

def test_save_load_answers_roundtrip(store):
    assert store.load("q1") is None
    store.save("q1", "first thought")
    store.save("q2", {"value": 70, "reason": "named sources"})
    store.save("q3", ["a", "b"])
    store.save("q4", 3.5)
    store.save("q5", True)
    assert store.load("q1") == "first thought"
    assert store.answers() == {"q1": "first thought", "q2": {"value": 70, "reason": "named sources"},
                               "q3": ["a", "b"], "q4": 3.5, "q5": True}


def test_file_format_keeps_first_attempt_and_attempts(store):
    store.save("q1", "A")
    store.save("q1", "B")
    store.save("q1", "B")  # same value again: not a new attempt
    store.save("q1", "C")
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert data["kind"] == "newslit-answers" and data["schema_version"] == answers.SCHEMA_VERSION
    assert data["student"] == "Anna"
    record = data["answers"]["q1"]
    assert (record["value"], record["first"], record["attempts"]) == ("C", "A", 3)
    assert record["first_saved"] <= record["saved"]


def test_accepts_a_str_folder_and_keeps_files_private(tmp_path):
    store = AnswerStore(str(tmp_path / "class" / "answers"), "Ben")
    store.save("q1", "x")
    if os.name != "nt":
        assert store.path.stat().st_mode & 0o777 == 0o600
        assert store.folder.stat().st_mode & 0o777 == 0o700


def test_answers_module_does_not_import_pandas():
    code = "import sys, newslit.answers.store; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------- names

@pytest.mark.parametrize("same", ["Anna", "anna ", " ANNA", "Anna\u00a0", "anna"])
def test_names_are_normalised(tmp_path, same):
    assert AnswerStore(tmp_path, same).path == AnswerStore(tmp_path, "Anna").path


def test_different_names_get_different_files(tmp_path):
    paths = {AnswerStore(tmp_path, name).path for name in ("Anna B", "Anna-B", "Anna_B", "AnnaB")}
    assert len(paths) == 4


@pytest.mark.parametrize("name", ["김민준", "Олександра", "فاطمة", "José Müller", "Zoë", "Nguyễn Văn An"])
def test_names_in_many_scripts_work(tmp_path, name):
    store = AnswerStore(tmp_path, name)
    store.save("q1", "hello")
    assert AnswerStore(tmp_path, name).load("q1") == "hello"
    assert json.loads(store.path.read_text(encoding="utf-8"))["student"] == name
    assert store.path.parent == tmp_path


def test_decomposed_and_composed_accents_are_one_student(tmp_path):
    assert AnswerStore(tmp_path, "Jose\u0301").path == AnswerStore(tmp_path, "José").path


@pytest.mark.parametrize("name", ["../../x", "a/b", "a\\b", "..", "x\x00y", "tab\there", "\u202eevil", "", "   ",
                                  "!!!", "C:evil", "x" * 200, "<script>alert(1)</script>"])
def test_unsafe_names_are_refused(tmp_path, name):
    with pytest.raises(ValueError):
        AnswerStore(tmp_path, name)


@pytest.mark.parametrize("name", ["CON", "nul", "com1", "<b onclick=alert(1)>Anna", "Robert'); DROP TABLE"])
def test_odd_names_are_contained_in_the_folder(tmp_path, name):
    store = AnswerStore(tmp_path, name)
    store.save("q1", "ok")
    assert store.path.parent == tmp_path
    assert store.path.stem.split(".")[0] not in {"con", "nul", "com1"}


def test_jupyterhub_user_decides_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "student7")
    typed_a = AnswerStore(tmp_path, "Anna")
    typed_b = AnswerStore(tmp_path, "Someone Else")
    assert typed_a.path == typed_b.path  # nobody can write as someone else by typing a name
    typed_a.save("q1", "mine")
    data = json.loads(typed_a.path.read_text(encoding="utf-8"))
    assert data["login"] == "student7" and data["student"] == "Anna"


def test_default_folder_is_anchored_to_the_module_or_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("NEWSLIT_ANSWERS", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    assert answers.checkout_root() == ROOT
    assert answers.default_folder() == ROOT / "answers"
    monkeypatch.setenv("NEWSLIT_ANSWERS", str(tmp_path))
    assert answers.default_folder() == tmp_path


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_DATA_HOME is where platformdirs looks on Linux")
def test_installed_without_the_module_folder_answers_go_to_the_users_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("NEWSLIT_ANSWERS", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(answers, "module_root", lambda: tmp_path / "site-packages")
    assert answers.checkout_root() is None
    assert answers.default_folder() == tmp_path / "data" / "newslit" / "answers"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("JUPYTERHUB_USER", "jupyter-anna")
    assert answers.default_folder() == tmp_path / "home" / answers.HUB_FOLDER
    monkeypatch.setenv("NEWSLIT_ANSWERS", str(tmp_path / "class"))
    assert answers.default_folder() == tmp_path / "class"


# ---------------------------------------------------------------- values and limits

@pytest.mark.parametrize("value,message", [
    ("x" * 20_001, "limit is 20,000"),
    ("a\x00b", "NUL"),
    ("bad \ud800 surrogate", "surrogate"),
    (float("nan"), "not a number"),
    (float("inf"), "infinite"),
    (object(), "not object"),
    ({1: "x"}, "must be text"),
    ({"k": "\x00"}, "NUL"),
    ([[[[[["deep"]]]]]], "nested"),
    (2**60, "too large"),
])
def test_bad_values_are_refused_clearly_and_never_written(store, value, message):
    store.save("keep", "safe")
    before = store.path.read_bytes()
    with pytest.raises(ValueError, match=message):
        store.save("q1", value)
    assert store.path.read_bytes() == before


def test_text_at_the_limit_is_fine(store):
    store.save("q1", "é" * 20_000)
    assert len(store.load("q1")) == 20_000


@pytest.mark.parametrize("qid", ["", "../x", "a b", "x" * 70, None, "<b>"])
def test_bad_question_ids_are_refused(store, qid):
    with pytest.raises(ValueError):
        store.save(qid, "x")


def test_html_and_script_are_stored_as_text_and_escaped_in_export(store, tmp_path):
    evil = "<script>alert('x')</script><img src=x onerror=alert(1)> & \u202e"
    store.save("q1", evil)
    store.save("q2", {"field<b>": evil})
    assert store.load("q1") == evil
    target = store.export(tmp_path / "handin" / "anna")
    page = target.with_suffix(".html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page


# ---------------------------------------------------------------- export

def test_export_writes_one_json_file_and_a_readable_copy(store, tmp_path):
    store.save("q1", "A")
    store.save("q2", ["x"])
    target = store.export(tmp_path / "out")
    assert target == tmp_path / "out.json"
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["answers"]["q1"]["value"] == "A" and "exported" in data
    page = target.with_suffix(".html").read_text(encoding="utf-8")
    assert "Answers of Anna" in page and "q2" in page
    folder_target = store.export(tmp_path)
    assert folder_target.parent == tmp_path and folder_target.suffix == ".json"
    with pytest.raises(ValueError):
        store.export(store.path)


def test_export_includes_debounced_answers(store, tmp_path):
    store.save_soon("q1", "typed")
    data = json.loads(store.export(tmp_path / "x.json").read_text(encoding="utf-8"))
    assert data["answers"]["q1"]["value"] == "typed"


# ---------------------------------------------------------------- broken and foreign files

@pytest.mark.parametrize("content", [
    b"{not json", b"", b"\xff\xfe\x00garbage", b"[1, 2, 3]", b'{"kind": "something-else", "answers": {}}',
    b'{"kind": "newslit-answers", "schema_version": 99, "answers": {}}',
    b'{"kind": "newslit-answers", "schema_version": 1, "answers": {"q": 5}}',
])
def test_broken_or_foreign_file_is_set_aside_and_a_fresh_one_started(store, content):
    store.folder.mkdir(parents=True, exist_ok=True)
    store.path.write_bytes(content)
    with pytest.warns(AnswerFileWarning, match="was kept as"):
        store.save("q1", "new")
    kept = list(store.folder.glob(f"{store.path.stem}.broken-*.json"))
    assert len(kept) == 1 and kept[0].read_bytes() == content
    assert store.load("q1") == "new"
    assert store.notices and str(kept[0]) in store.notices[0]


def test_reading_a_broken_file_sets_it_aside_too(store):
    store.folder.mkdir(parents=True, exist_ok=True)
    store.path.write_text("{oops", encoding="utf-8")
    with pytest.warns(AnswerFileWarning):
        assert store.answers() == {}
    assert list(store.folder.glob("*.broken-*.json"))


def test_symlinked_answer_file_is_not_followed(store, tmp_path):
    outside = tmp_path / "outside.json"
    outside.write_text('{"secret": true}', encoding="utf-8")
    store.folder.mkdir(parents=True, exist_ok=True)
    store.path.symlink_to(outside)
    with pytest.warns(AnswerFileWarning, match="symbolic link"):
        store.save("q1", "x")
    assert outside.read_text(encoding="utf-8") == '{"secret": true}'
    assert not store.path.is_symlink()


# ---------------------------------------------------------------- debounce

def test_save_soon_writes_after_a_pause_and_reports(store):
    seen = []
    store.save_soon("q1", "typ", on_saved=seen.append)
    store.save_soon("q1", "typing", on_saved=seen.append)
    assert store.load("q1") == "typing"  # pending values count
    deadline = time.monotonic() + 5
    while not seen and time.monotonic() < deadline:
        time.sleep(0.05)
    assert seen and seen[-1]["value"] == "typing"
    assert json.loads(store.path.read_text(encoding="utf-8"))["answers"]["q1"]["attempts"] == 1


def test_pending_answers_are_flushed_when_the_process_exits(tmp_path):
    code = textwrap.dedent(f"""
        from newslit.answers.store import AnswerStore
        store = AnswerStore({str(tmp_path)!r}, "Exit Test")
        store.save_soon("q1", "typed just before the kernel shut down")
    """)
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=60)
    assert AnswerStore(tmp_path, "Exit Test").load("q1") == "typed just before the kernel shut down"


def test_save_soon_refuses_bad_values_at_once(store):
    with pytest.raises(ValueError):
        store.save_soon("q1", "x" * 30_000)


BIG_FORM = {f"field-{n:02d}": "x" * 19_000 for n in range(12)}  # each field within MAX_TEXT, the whole not


def test_save_soon_enforces_every_limit_save_does(store):
    """A 12-field form of 19,000-character fields (228,000+ characters) was once debounced and stored whole."""
    assert len(json.dumps(BIG_FORM)) > answers.MAX_VALUE_BYTES
    store.save("keep", "safe")
    store.save_soon("form", {"field-00": "an earlier draft"})
    before = store.path.read_bytes()
    with pytest.raises(ValueError) as by_save:
        store.save("form", BIG_FORM)
    with pytest.raises(ValueError) as by_save_soon:
        store.save_soon("form", BIG_FORM)
    assert str(by_save_soon.value) == str(by_save.value) and "too large to save" in str(by_save.value)
    for bad in ("not an id!", [[[[[["deep"]]]]]], {"k": "\x00"}, 2**60):
        question_id, value = (bad, "x") if isinstance(bad, str) else ("q", bad)
        with pytest.raises(ValueError) as by_save:
            store.save(question_id, value)
        with pytest.raises(ValueError) as by_save_soon:
            store.save_soon(question_id, value)
        assert str(by_save_soon.value) == str(by_save.value)
    assert store.path.read_bytes() == before, "nothing was written by the refusals"
    store.flush()  # the earlier draft is still written; the refused form never is
    assert store.answers() == {"keep": "safe", "form": {"field-00": "an earlier draft"}}
    assert answers.read_document(store.path)["answers"]["keep"]["attempts"] == 1


def test_a_refused_value_is_shown_under_the_question_and_not_covered_by_a_later_saved(store):
    """The widget path: the refusal is the question's status, and the earlier draft's write (in the
    debounce thread) does not replace it with "Saved"."""
    from newslit.notebook import widgets
    from newslit.questions.entries import Question

    form = Question(id="big-form", notebook="00", kind="form", prompt="Fill in", label="A big form",
                    raw={"fields": [{"id": key, "label": key} for key in BIG_FORM]})
    view = widgets.FormView(form, store)
    for field, text in zip(view.fields, BIG_FORM.values()):
        field.value = text
    assert "Not saved" in view.status.value and "too large to save" in view.status.value
    store.flush()
    assert "Not saved" in view.status.value and "too large to save" in view.status.value
    filled = [key for key, text in store.load("big-form").items() if text]
    assert filled == list(BIG_FORM)[:10], "the last draft within the limit (10 fields) is what was saved"


def test_a_failed_write_in_the_debounce_thread_reaches_the_callback_not_a_traceback(store, monkeypatch):
    crashes, results = [], []
    monkeypatch.setattr(answers.threading, "excepthook", crashes.append)
    monkeypatch.setattr(store, "_write", lambda values: (_ for _ in ()).throw(RuntimeError("unexpected")))
    store.save_soon("q1", "typed", on_saved=results.append)
    deadline = time.monotonic() + 5
    while not results and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [type(r) for r in results] == [RuntimeError] and crashes == []
    monkeypatch.undo()
    assert store.load("q1") == "typed", "kept for the next try"
    store.flush()
    assert AnswerStore(store.folder, "Anna").load("q1") == "typed"


def test_a_save_that_would_make_the_file_too_large_to_read_is_refused(store, monkeypatch):
    store.save("q1", "x" * 1000)
    before = store.path.read_bytes()
    monkeypatch.setattr(answers, "MAX_FILE_BYTES", len(before) + 500)
    with pytest.raises(ValueError, match="answer file is full"):
        store.save("q2", "y" * 1000)
    assert store.path.read_bytes() == before


# ---------------------------------------------------------------- write failures

@pytest.mark.parametrize("code,words", [(errno.EACCES, "permission denied"), (errno.ENOSPC, "disk is full"),
                                        (errno.EROFS, "read-only")])
@pytest.mark.parametrize("where", ["replace", "fsync", "mkstemp"])
def test_write_failures_give_a_clear_error_and_keep_the_previous_file(store, monkeypatch, code, words, where):
    store.save("q1", "before")
    before = store.path.read_bytes()

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    target = {"replace": (atomicio.os, "replace"), "fsync": (atomicio.os, "fsync"),
              "mkstemp": (atomicio.tempfile, "mkstemp")}[where]
    monkeypatch.setattr(*target, fail)
    with pytest.raises(AnswerSaveError, match=words) as raised:
        store.save("q1", "after")
    assert raised.value.errno == code
    assert "unchanged" in str(raised.value)
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert not list(store.folder.glob(".*.tmp")), "no temporary file is left behind"


def test_unwritable_folder_gives_a_clear_error(tmp_path, monkeypatch):
    store = AnswerStore(tmp_path / "new-folder", "Anna")

    def fail(*args, **kwargs):
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", fail)
    with pytest.raises(AnswerSaveError, match="permission denied"):
        store.save("q1", "x")


def test_a_failed_debounced_write_is_kept_for_the_next_try(store, monkeypatch):
    store.save("q0", "x")
    errors = []
    monkeypatch.setattr(answers.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")))
    store.save_soon("q1", "typed", on_saved=errors.append)
    with pytest.raises(AnswerSaveError):
        store.flush()
    assert isinstance(errors[0], AnswerSaveError)
    monkeypatch.undo()
    store.flush()
    assert store.load("q1") == "typed"


# ---------------------------------------------------------------- crashes and concurrency

WRITER = textwrap.dedent("""
    import sys
    from newslit.answers.store import AnswerStore
    folder, prefix, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = AnswerStore(folder, "Shared Student")
    print("ready", flush=True)
    for n in range(count):
        store.save(f"{prefix}-{n}", f"value {prefix} {n}")
        print(f"{prefix}-{n}", flush=True)
""")


def test_the_lock_file_is_private_hidden_and_passed_over_by_the_class_report(store):
    from newslit.classroom import load as classroom

    store.save("n00-practice-text", "x")
    locks = sorted(p.name for p in store.folder.iterdir() if p.name.endswith(".lock"))
    assert locks == [f".{store.path.stem}.lock", f".{store.path.stem}.queue.lock"]
    assert answers.lock_path(store.path).name == locks[0]
    if os.name != "nt":
        assert {(store.folder / name).stat().st_mode & 0o777 for name in locks} == {0o600}
    cls = classroom.load_class(store.folder)
    assert cls.skipped == [] and cls.ignored == 0 and len(cls.answers) == 1


def test_threads_saving_through_one_store_and_two_stores_lose_nothing(tmp_path):
    import threading

    stores = [AnswerStore(tmp_path, "Shared Student")] * 2 + [AnswerStore(tmp_path, "Shared Student")]

    def write(number, store):
        for n in range(40):
            store.save(f"t{number}-{n}", n)

    threads = [threading.Thread(target=write, args=(number, s)) for number, s in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(AnswerStore(tmp_path, "Shared Student").answers()) == 120


def test_two_processes_saving_at_once_lose_nothing(tmp_path):
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), prefix, "250"], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True) for prefix in ("a", "b")]
    for proc in procs:
        proc.communicate(timeout=120)
        assert proc.returncode == 0
    saved = AnswerStore(tmp_path, "Shared Student").answers()
    assert len(saved) == 500
    assert all(saved[f"{p}-{n}"] == f"value {p} {n}" for p in "ab" for n in range(250))


def test_killing_a_writer_at_random_moments_never_loses_a_returned_save(tmp_path):
    rng = random.Random(2025)
    returned: set[str] = set()
    kills = 0
    deadline = time.monotonic() + 90
    while kills < 100 and time.monotonic() < deadline:
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), f"k{kills}", "100000"], cwd=ROOT,
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.03))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
        returned |= {line for line in out.split("\n") if line.startswith("k")}
        kills += 1
        data = json.loads((tmp_path / AnswerStore(tmp_path, "Shared Student").path.name).read_text(encoding="utf-8")) \
            if AnswerStore(tmp_path, "Shared Student").path.exists() else {"answers": {}}
        missing = returned - set(data["answers"])
        assert not missing, f"after kill {kills}: lost {sorted(missing)[:5]}"
    assert kills >= 100
    assert returned, "the writer never completed a save before being killed"
    assert not list(tmp_path.glob("*.broken-*")), "the file was never left broken"


def test_pending_answers_are_flushed_when_a_jupyter_kernel_shuts_down(tmp_path):
    """The real case: a student types, then restarts or shuts down the kernel within the debounce."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", cwd=str(ROOT))
    try:
        code = ("import newslit.answers.store as answers\n"
                f"answers.DEBOUNCE_SECONDS = 60  # only the shutdown can flush\n"
                f"from newslit.answers.store import AnswerStore\n"
                f"AnswerStore({str(tmp_path)!r}, 'Kernel Test').save_soon('q1', 'typed, then restarted')")
        reply = client.execute_interactive(code, timeout=60)
        assert reply["content"]["status"] == "ok"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=False)
    assert AnswerStore(tmp_path, "Kernel Test").load("q1") == "typed, then restarted"


def test_on_a_hub_answers_go_to_the_students_home_unless_a_folder_is_set(monkeypatch, tmp_path):
    monkeypatch.delenv("NEWSLIT_ANSWERS", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    assert answers.default_folder() == answers.module_root() / "answers"
    monkeypatch.setenv("JUPYTERHUB_USER", "jupyter-anna")
    assert answers.default_folder() == tmp_path / answers.HUB_FOLDER
    monkeypatch.setenv("NEWSLIT_ANSWERS", str(tmp_path / "class"))
    assert answers.default_folder() == tmp_path / "class"


def test_the_hand_in_message_names_a_path_the_student_can_find(monkeypatch, tmp_path):
    from newslit.notebook import studentui

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert studentui._where(ROOT / "answers" / "hand-in" / "a.json") == "answers/hand-in/a.json"
    data = tmp_path / "home" / ".local" / "share" / "newslit" / "answers" / "hand-in" / "a.json"
    assert studentui._where(data) == "~/.local/share/newslit/answers/hand-in/a.json"
    assert studentui._where(tmp_path / "class" / "a.json") == str(tmp_path / "class" / "a.json")


def test_the_readable_copy_speaks_in_titles_and_plain_words(store, tmp_path):
    """The hand-in copy: notebook headings, each question's title and text, field and item names rather
    than keys, a time a person can read; no question id as a heading (issue 16 #4)."""
    from newslit.questions import get

    form, sort = get("n03-name-isw"), get("n04-sort")
    store.save(form.id, {f["id"]: "The Institute for the Study of War" for f in form.get("fields")})
    item, category = sort.get("items")[0], sort.get("categories")[0]
    store.save(sort.id, {item["id"]: category["id"]})
    page = store.export(tmp_path / "out").with_suffix(".html").read_text(encoding="utf-8")
    text = html.unescape(page)
    assert f"Notebook {form.notebook}" in text and form.label in text and form.prompt in text
    assert form.get("fields")[0]["label"] in text and item["text"] in text and category["label"] in text
    assert f"<h3>{form.id}</h3>" not in page and f"<h2>{form.id}</h2>" not in page
    assert re.search(r"Saved \d{1,2} [A-Z][a-z]+ 20\d\d, \d\d:\d\d", text)
