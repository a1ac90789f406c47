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
import re
import secrets
import shutil
import subprocess
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from browser.lab import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, hand_in_and_download, run_all, wait_idle
from newslit.answers.store import file_stem, read_document
from newslit.source.articles import TEACHER_NOTE

from .hubserver import MODULE_NAME, pull_link
from .machine import run_as

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
    base, log_path = hub
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
