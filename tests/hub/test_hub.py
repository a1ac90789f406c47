"""The module on a real JupyterHub, with two real system users (issue 8).

Each student logs in in Chromium, follows the teacher's nbgitpuller link (the module is cloned into
their home), runs notebook 00 and answers a question; the second student also types the first
student's login as their name, which must not change whose file it is. Then: each answer is in that
student's own home under their own ``JUPYTERHUB_USER`` login, private (0600 file, 0700 folder, and no
file the other student can read holds it), and the class report run by the admin over both homes'
answer folders shows both answers.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import sqlite3
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from browser.lab import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, hand_in_and_download, run_all, wait_idle
from newslit.answers.store import file_stem, read_document
from newslit.source.articles import TEACHER_NOTE

from .hubserver import MODULE_NAME, pull_link
from .machine import processes_of, run_as

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-results"
NOTEBOOK = f"{MODULE_NAME}/notebooks/00-start-here.ipynb"
QUESTION = "n00-practice-text"
ANSWERS_FOLDER = "newslit-answers"  # in each home: newslit.answers.store.default_folder on a hub, as the guide says


def answer_file(student) -> Path:
    return student.home / ANSWERS_FOLDER / f"{file_stem(student.name)}.json"


def log_in_and_pull(page, link: str, student) -> str:
    """Follow the teacher's link as a student: log in, wait for the server and the pull, land on 00."""
    page.goto(link)
    page.fill("#username_input", student.name)
    page.fill("#password_input", student.password)
    page.click("#login_submit")
    page.wait_for_url(re.compile(rf"/user/{student.name}/git-pull\?"), timeout=180_000)  # server started
    page.wait_for_url(re.compile(rf"/user/{student.name}/lab/tree/{re.escape(NOTEBOOK)}"), timeout=120_000)
    return page.url.split("/lab/tree/")[0]


def reconnect(page, server: str) -> None:
    """Open notebook 00 again the reliable way (JUPYTER_NOTES): make sure its kernel session exists,
    then reload while waiting for that kernel's websocket, then wait for idle."""
    page.context.request.get(f"{server}/lab")
    path = urllib.parse.urlparse(server).path  # /user/<name>: the server's own _xsrf cookie, not the hub's
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "_xsrf" and c["path"].startswith(path))
    headers = {"X-XSRFToken": token, "Content-Type": "application/json"}
    response = page.context.request.post(f"{server}/api/sessions", headers=headers, data=json.dumps(
        {"path": NOTEBOOK, "type": "notebook", "name": "", "kernel": {"name": "python3"}}))
    assert response.ok, response.text()
    kernel_id = response.json()["kernel"]["id"]
    with page.expect_websocket(lambda ws: f"/api/kernels/{kernel_id}/channels" in ws.url, timeout=TIMEOUT_MS):
        page.goto(f"{server}/lab/tree/{NOTEBOOK}?reset")
    wait_idle(page)


def assert_no_errors(page) -> None:
    body = page.locator(".jp-Notebook").inner_text()
    assert "Traceback" not in body and "Error displaying widget" not in body, body[-2000:]
    stderr = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    assert stderr.count() == 0, stderr.all_inner_texts()


def wait_saved(box) -> None:
    status = box.get_by_text(re.compile(r"Saved at|Not saved"))
    status.wait_for(timeout=60_000)
    assert "Saved at" in status.inner_text(), status.inner_text()


def work_as(browser, link: str, student, typed_name: str | None) -> str:
    """One student's lesson: returns the answer they typed."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        server = log_in_and_pull(page, link, student)
        reconnect(page, server)
        run_all(page)
        assert_no_errors(page)
        if typed_name:
            page.get_by_role("textbox", name="Your name", exact=True).fill(typed_name)
            page.keyboard.press("Enter")
            page.get_by_text("Name saved").wait_for()
        answer = f"I saw it in a group chat and then on TV {student.name} {secrets.token_hex(6)}"
        box = page.locator(f".newslit-q-{QUESTION}")
        box.get_by_role("textbox", name="Where I met the news", exact=True).fill(answer)
        wait_saved(box)
        handed, _readable = hand_in_and_download(page)  # the download route works on the hub too
        assert handed["login"] == student.name and handed["answers"][QUESTION]["value"] == answer
        return answer
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"hub-{student.name}.png"), full_page=True)
        raise
    finally:
        context.close()


def work_in_own_browser(link: str, student, typed_name: str | None) -> str:
    """``work_as`` in a Chromium of this thread's own (Playwright's API is one instance per thread)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            return work_as(browser, link, student, typed_name)
        finally:
            browser.close()


@pytest.fixture(scope="module")
def lesson(hub, two_students, module_repo):
    """Both students do the lesson at the same time, as in a class (each server spawns, pulls and runs
    while the other does); yields {student name: answer}."""
    base, log_path, _live_state = hub
    first, second = two_students
    link = pull_link(base, module_repo)
    with ThreadPoolExecutor(max_workers=2) as pool:
        work = {first.name: pool.submit(work_in_own_browser, link, first, None),
                second.name: pool.submit(work_in_own_browser, link, second, first.name)}
        try:
            answers = {name: future.result() for name, future in work.items()}
        except Exception:
            ARTIFACTS.mkdir(exist_ok=True)
            shutil.copyfile(log_path, ARTIFACTS / "hub.log")
            raise
    yield answers


def test_each_answer_is_in_that_students_own_home_under_their_login(lesson, two_students, module_repo):
    for student in two_students:
        path = answer_file(student)
        assert path.is_file(), f"no answer file at {path}"
        document = read_document(path)
        assert document["login"] == student.name  # JUPYTERHUB_USER, not the typed name
        assert document["answers"][QUESTION]["value"] == lesson[student.name]
        folder = path.parent
        assert sorted(p.name for p in folder.glob("*.json")) == [path.name]
        assert (path.stat().st_uid, folder.stat().st_uid) == (student.uid, student.uid)
        assert (path.stat().st_mode & 0o777, folder.stat().st_mode & 0o777) == (0o600, 0o700)
        assert (student.home / MODULE_NAME / "notebooks" / "00-start-here.ipynb").is_file()  # pulled
    assert not (module_repo / "answers").exists()  # nothing written into the shared copy


def test_neither_student_can_read_the_others_answers(lesson, two_students):
    first, second = two_students
    for reader, owner in ((first, second), (second, first)):
        path = answer_file(owner)
        read = run_as(reader.name, "cat", str(path))
        assert read.returncode != 0 and "Permission denied" in read.stderr, read
        listing = run_as(reader.name, "ls", str(path.parent))
        assert listing.returncode != 0 and "Permission denied" in listing.stderr, listing
        token = lesson[owner.name].split()[-1]
        found = run_as(reader.name, "grep", "-r", "-l", "-F", token, str(owner.home))
        assert found.stdout == "", f"{reader.name} can read {owner.name}'s answer in: {found.stdout}"
    profile = second.home / ".config" / "newslit" / "profile.json"  # the second student typed a name
    assert profile.is_file()
    assert run_as(first.name, "cat", str(profile)).returncode != 0


TEACHER_FOLDERS = ("lessons", "notebooks/teacher", "maintain")  # what the student copy leaves out (README)


def teacher_files() -> dict[tuple[int, str], str]:
    """Every teacher file of the full module (lesson plans and appendices, the teacher notebook and its
    sample class, the lesson data), by (size, sha256): a copy found anywhere, under any name, is a leak.
    The rubric is for students too, and maintain/'s Python tools are not teacher material."""
    found = {}
    notes = list((ROOT / "articles").glob(TEACHER_NOTE))  # notebook 07's teacher notes on the practice articles
    for path in [p for folder in TEACHER_FOLDERS for p in (ROOT / folder).rglob("*")] + notes:
        if (not path.is_file() or "__pycache__" in path.parts or path.suffix == ".py" or path.name == "rubric.md"
                or path.stat().st_size < 200):
            continue
        found[(path.stat().st_size, hashlib.sha256(path.read_bytes()).hexdigest())] = str(path.relative_to(ROOT))
    return found


def test_no_teacher_material_is_readable_by_a_student(lesson, two_students, students_env, module_repo):
    """As each student: no file readable in their home (the pulled module included), in the students'
    environment (the installed package) or in the handed-out repository has the content of a lesson plan,
    an appendix, the teacher notebook, its sample class or the lesson data; and no teacher folder is there."""
    teacher = teacher_files()
    assert any(name.startswith("lessons/02") for name in teacher.values()), "the full module's plans were found"
    sizes = {size for size, _digest in teacher}
    for student in two_students:
        found = run_as(student.name, "find", str(student.home), str(students_env), str(module_repo),
                       "-type", "f", "-readable")
        readable = [Path(line) for line in found.stdout.splitlines() if line]
        assert any(p.name == "00-start-here.ipynb" for p in readable), "the find ran as the student"
        leaked = sorted(f"{path} (= {teacher[key]})" for path in readable if path.stat().st_size in sizes
                        for key in [(path.stat().st_size, hashlib.sha256(path.read_bytes()).hexdigest())]
                        if key in teacher)
        assert leaked == [], f"{student.name} can read teacher material: {leaked[:10]}"
        for root in (module_repo, student.home / MODULE_NAME):
            present = [folder for folder in TEACHER_FOLDERS if (root / folder).exists()]
            assert present == [], f"{root} holds {present}"


def test_the_admin_reports_on_both_homes(lesson, two_students, students_env, run_dir):
    desk = run_dir / "teacher"  # not the folder holding the module's checkout: a `newslit/` folder in the
    desk.mkdir(mode=0o700)      # current folder would shadow the installed package for `python -m newslit`
    out = desk / "class-report.html"
    folders = [str(s.home / ANSWERS_FOLDER) for s in two_students]
    result = subprocess.run([str(students_env / "bin" / "python"), "-m", "newslit", "report", *folders,
                             "--out", str(out)], capture_output=True, text=True, timeout=300, cwd=desk)
    assert result.returncode == 0, result.stdout + result.stderr
    page = out.read_text(encoding="utf-8")
    for student in two_students:
        assert lesson[student.name] in page


# ---------------------------------------------------------------- the class, live (issue 19)

LIVE = "/services/newslit/"
KERNEL_SAVE = """
import sys, time
from newslit.answers.store import AnswerStore
print(time.time(), flush=True)
AnswerStore(None, "{name}").save({question!r}, {text!r})
"""  # the store's own code, as the student's kernel runs it; its exit handler sends what is queued
KERNEL_RESUME = """
from newslit.answers.store import AnswerStore
from newslit.live import outbox
AnswerStore()  # a new kernel opening its store sends what an earlier one left queued
for sender in list(outbox._senders.values()):
    sender.wait_until_sent(20)
"""


def server_environment(student) -> dict[str, str]:
    """The environment of the student's running server (read as root from /proc): what their kernels get,
    the server's hub token included."""
    for pid in processes_of(student.uid):
        try:
            raw = Path(f"/proc/{pid}/environ").read_bytes()
        except OSError:
            continue
        env = dict(item.split("=", 1) for item in raw.decode(errors="replace").split("\0") if "=" in item)
        if env.get("JUPYTERHUB_USER") == student.name and env.get("JUPYTERHUB_API_TOKEN"):
            return env
    raise AssertionError(f"no running server of {student.name}")


def as_kernel(student, env: dict, script: str) -> subprocess.CompletedProcess:
    """Run ``script`` as the student, with their server's environment, in their home (like a kernel)."""
    python = shutil.which("python", path=env["PATH"])
    return run_as(student.name, "env", "-i", *(f"{k}={v}" for k, v in env.items()), python, "-c", script)


def live_request(base: str, path: str, token: str, body: dict | None = None) -> int:
    request = urllib.request.Request(f"{base}{LIVE}{path}", method="POST" if body is not None else "GET",
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def stored_values(live_state: Path) -> list[tuple[str, str, str]]:
    """(login, save id, answer) of every save the service stored, read from its database."""
    with sqlite3.connect(f"file:{live_state / 'live-answers.sqlite'}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT login, id, record FROM saves").fetchall()
        return [(login, save, json.loads(record)["value"]) for login, save, record in rows]


def service_pid() -> int | None:
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if b"newslit.live.service" in Path(f"/proc/{entry}/cmdline").read_bytes():
                    return int(entry)
            except OSError:
                continue
    return None


@pytest.fixture(scope="module")
def teacher_page(hub, teacher, lesson):
    """The teacher's browser on the live class view, logged in through the hub (OAuth)."""
    from playwright.sync_api import sync_playwright

    base = hub[0]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
        page.set_default_timeout(TIMEOUT_MS)
        try:
            page.goto(f"{base}{LIVE}")
            page.fill("#username_input", teacher.name)
            page.fill("#password_input", teacher.password)
            page.click("#login_submit")
            page.wait_for_url(re.compile(re.escape(LIVE) + r"(\?.*)?$"))
            yield page
        except Exception:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "hub-teacher.png"), full_page=True)
            shutil.copyfile(hub[1], ARTIFACTS / "hub.log")  # the service logs into the hub's log
            raise
        finally:
            browser.close()


def test_the_teacher_sees_the_class_live(hub, teacher_page, lesson, two_students):
    """Both students' answers from the lesson reached the service from their kernels; a new save appears on
    the open page within seconds, without reloading it."""
    page = teacher_page
    for student in two_students:
        page.get_by_text(lesson[student.name]).first.wait_for(timeout=15_000)
    page.evaluate("window.newslitNotReloaded = true")
    first = two_students[0]
    text = f"Checked the name on two news sites {secrets.token_hex(4)}"
    saved = as_kernel(first, server_environment(first), KERNEL_SAVE.format(name=first.name, question=QUESTION,
                                                                          text=text))
    assert saved.returncode == 0, saved.stderr
    page.get_by_text(text).wait_for(timeout=10_000)
    delay = time.time() - float(saved.stdout.split()[0])
    print(f"\nfrom the save to the teacher's page: {delay:.2f} s (includes starting Python as the student)")
    assert delay < 6
    assert page.evaluate("window.newslitNotReloaded") is True


def test_a_student_cannot_see_the_class_or_send_as_someone_else(hub, lesson, two_students, teacher_page):
    base, _log, live_state = hub
    first, second = two_students
    token = server_environment(first)["JUPYTERHUB_API_TOKEN"]
    for path in ("", "report", "api/version"):
        assert live_request(base, path, token) == 403
    forged = {"saves": [{"id": "0" * 32, "question": QUESTION, "login": second.name, "student": second.name,
                         "class": None, "record": {"value": "forged", "saved": "2026-12-06T10:00:00.000Z"}}]}
    assert live_request(base, "api/saves", token, forged) == 403
    assert live_request(base, "api/saves", "not-a-token", forged) == 401
    assert all(value != "forged" for _login, _id, value in stored_values(live_state))


def test_a_service_killed_mid_lesson_loses_nothing_and_doubles_nothing(hub, lesson, two_students, teacher_page):
    base, _log, live_state = hub
    first = two_students[0]
    env = server_environment(first)
    before = stored_values(live_state)
    pid = service_pid()
    assert pid, "the service is not running"
    os.kill(pid, signal.SIGKILL)
    text = f"Saved while the live view was down {secrets.token_hex(4)}"
    saved = as_kernel(first, env, KERNEL_SAVE.format(name=first.name, question="n00-practice-choice", text="b")
                      + f"\nAnswerStore(None, {first.name!r}).save({QUESTION!r}, {text!r})\n")
    assert saved.returncode == 0, saved.stderr
    assert answer_file(first).read_text(encoding="utf-8").count(text) == 1  # the file has it at once
    queued = list((first.home / ANSWERS_FOLDER / ".outbox").glob("*.json"))
    assert queued, "nothing was queued while the service was down"
    token = env["JUPYTERHUB_API_TOKEN"]
    deadline = time.monotonic() + 90  # the hub notices the exit when it next polls the service (30 s)
    while live_request(base, "api/version", token) != 403 and time.monotonic() < deadline:
        time.sleep(1)
    resumed = as_kernel(first, env, KERNEL_RESUME)
    assert resumed.returncode == 0, resumed.stderr
    assert not list((first.home / ANSWERS_FOLDER / ".outbox").glob("*.json"))
    after = stored_values(live_state)
    assert set(before) <= set(after)  # nothing lost across the kill
    assert [(login, value) for login, _id, value in after].count((first.name, text)) == 1
    teacher_page.get_by_text(text).wait_for(timeout=15_000)
    again = as_kernel(first, env, KERNEL_RESUME)  # sending again changes nothing
    assert again.returncode == 0 and stored_values(live_state) == after
