"""The live class view (issue 19): the service stores each save once, as the student the hub says sent it,
refuses what it should and changes nothing then; teachers see the class and students do not; the
student's kernel queues saves and sends them in the background, keeping them while the service is down.

The service runs with a stand-in hub API (tests/live_server.py); the hub stage runs it on a real hub.
"""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pytest

from live_server import running
from newslit.answers.store import AnswerStore
from newslit.live import outbox, saves
from newslit.live.collected import Collected
from newslit.live.service import Limiter

QUESTION = "n00-practice-text"


@pytest.fixture
def service(tmp_path):
    with running(tmp_path / "state") as live:
        yield live


def record(value, saved="2026-12-06T10:00:00.000Z", **more):
    return {"value": value, "saved": saved, "first": value, "first_saved": saved, "attempts": 1, **more}


def post(url, body, token="ana-token"):
    """(status, decoded JSON) of one POST to the service's saves API."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"token {token}"
    request = urllib.request.Request(url + "api/saves", data=data, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def get(url, token):
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def one(value, login="ana", question=QUESTION, **more):
    return saves.make(login, question, record(value, **more), "Ana B.", "9B")


def stored(service) -> dict:
    """{login: {question: value}} as the service has it."""
    return {login: {q: r["value"] for q, r in doc["answers"].items()} for login, doc in service.collected.documents()}


def test_a_save_sent_twice_is_stored_once(service):
    body = {"saves": [one("seen on TV")]}
    assert post(service.url, body) == (200, {"stored": 1, "duplicates": 0})
    assert post(service.url, body) == (200, {"stored": 0, "duplicates": 1})
    assert service.collected.count() == 1
    assert stored(service) == {"ana": {QUESTION: "seen on TV"}}


def test_whose_answer_it_is_comes_from_the_token(service):
    assert post(service.url, {"saves": [one("mine", login="ben")]}, token="ana-token")[0] == 200
    assert stored(service) == {"ana": {QUESTION: "mine"}}  # the id was made with ben's name: still ana's
    claims = dict(one("as ben"), login="ben")
    status, answer = post(service.url, {"saves": [claims]}, token="ana-token")
    assert status == 403 and "only your own" in answer["error"]
    assert stored(service) == {"ana": {QUESTION: "mine"}}
    assert post(service.url, {"saves": [dict(one("as ana"), login="ana")]})[0] == 200


@pytest.mark.parametrize("token, status", [(None, 401), ("forged-token", 401), ("other-service-token", 403),
                                           ("no-access-token", 403)])
def test_tokens_the_hub_does_not_vouch_for_are_refused(service, token, status):
    assert post(service.url, {"saves": [one("x")]}, token=token)[0] == status
    assert service.collected.count() == 0


BAD_BODIES = {
    "not JSON": b"{not json",
    "not an object": b"[]",
    "no saves": {"saves": []},
    "an extra key": {"saves": [one("x")], "admin": True},
    "a bad id": {"saves": [dict(one("x"), id="../../etc")]},
    "a bad question id": {"saves": [dict(one("x"), question="../x")]},
    "a bad time": {"saves": [dict(one("x"), record=record("x", saved="yesterday"))]},
    "an answer over the limit": {"saves": [dict(one("x"), record=record("y" * 20_001))]},
    "a control character in a name": {"saves": [dict(one("x"), student="Ana\x1b[2J")]},
    "a NUL in an answer": {"saves": [dict(one("x"), record=record("a\x00b"))]},
    "too many saves": {"saves": [one(str(n)) for n in range(saves.MAX_SAVES + 1)]},
    "a bad save after a good one": {"saves": [one("fine"), dict(one("x"), record={"value": "x"})]},
}


@pytest.mark.parametrize("name", BAD_BODIES)
def test_a_malformed_request_is_refused_and_changes_nothing(service, name):
    assert post(service.url, {"saves": [one("kept", saved="2026-12-06T09:00:00.000Z")]})[0] == 200
    status, answer = post(service.url, BAD_BODIES[name])
    assert status == 400 and answer["error"], answer
    assert stored(service) == {"ana": {QUESTION: "kept"}} and service.collected.count() == 1


def test_an_oversized_request_is_refused(service):
    status, _ = post(service.url, b'{"saves": ["' + b"x" * (saves.MAX_BODY_BYTES + 10) + b'"]}')
    assert status in (400, 413)
    assert service.collected.count() == 0


def test_a_flood_is_limited_per_login_not_per_address(tmp_path):
    with running(tmp_path / "state", Limiter(burst=3, per_second=0)) as live:
        statuses = [post(live.url, {"saves": [one(f"try {n}")]})[0] for n in range(4)]
        assert statuses == [200, 200, 200, 429]
        assert post(live.url, {"saves": [one("ben's", login="ben")]}, token="ben-token")[0] == 200  # same address
        assert live.collected.count() == 4


def test_a_newer_save_wins_whatever_the_order_they_arrive_in(service):
    newer, older = one("second", saved="2026-12-06T10:05:00.000Z"), one("first", saved="2026-12-06T10:01:00.000Z")
    assert post(service.url, {"saves": [newer]})[0] == 200
    assert post(service.url, {"saves": [older]})[0] == 200
    assert stored(service) == {"ana": {QUESTION: "second"}}


def test_only_teachers_see_the_class_and_what_students_wrote_is_escaped(service):
    hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    post(service.url, {"saves": [one(hostile)]})
    status, page = get(service.url, "teacher-token")
    assert status == 200
    assert "&lt;script&gt;alert(" in page and "<script>alert(" not in page and "<img src=x" not in page
    assert "script-src 'self'" in page and "live.js" in page  # the one script, from the service itself
    assert "files read" not in page  # the answers came from the service, not from files
    for student in ("ana-token", "ben-token"):
        assert get(service.url, student)[0] == 403
        assert get(service.url + "api/version", student)[0] == 403
        assert get(service.url + "report", student)[0] == 403
    assert get(service.url, "forged-token")[0] == 403


def test_the_teachers_page_knows_when_something_new_arrived(service):
    """The page a teacher watches is drawn again in the background after each new save; the version the
    page asks for changes only then, and the page it fetches next holds the new answer."""
    def version():
        return json.loads(get(service.url + "api/version", "teacher-token")[1])["version"]

    assert "a first answer" not in get(service.url, "teacher-token")[1]  # the teacher opens the page
    before = version()
    post(service.url, {"saves": [one("a first answer")]})
    assert wait_for(lambda: version() > before)
    assert "a first answer" in get(service.url + "report", "teacher-token")[1]
    middle = version()
    post(service.url, {"saves": [one("a first answer")]})  # the same save again: nothing new
    time.sleep(0.5)
    assert version() == middle


def test_the_page_filters_by_class(service):
    post(service.url, {"saves": [saves.make("ana", QUESTION, record("from 9B"), "Ana", "9B")]})
    post(service.url, {"saves": [saves.make("ben", QUESTION, record("from 9C"), "Ben", "9C")]}, token="ben-token")
    page = get(service.url + "?class=9C", "teacher-token")[1]
    assert "from 9C" in page and "from 9B" not in page


def test_stored_answers_survive_a_restart_of_the_service(service):
    post(service.url, {"saves": [one("before the restart")]})
    service.stop()
    service.start()
    assert stored(service) == {"ana": {QUESTION: "before the restart"}}
    assert post(service.url, {"saves": [one("before the restart")]})[1] == {"stored": 0, "duplicates": 1}


def test_forgetting_a_class_deletes_only_that_class(tmp_path):
    collected = Collected(tmp_path / "live.sqlite")
    collected.add("ana", saves.parse(json.dumps({"saves": [one("a")]}).encode(), "ana"))
    ben = saves.make("ben", QUESTION, record("b"), "Ben", "9C")
    collected.add("ben", saves.parse(json.dumps({"saves": [ben]}).encode(), "ben"))
    assert collected.forget("9B") == 1
    assert [login for login, _ in collected.documents()] == ["ben"]


# ---------------------------------------------------------------- the student's side

@pytest.fixture
def on_hub(monkeypatch, service):
    """This process as a student's server on the hub: login ana, her server's token, the service's address."""
    monkeypatch.setenv("JUPYTERHUB_USER", "ana")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "ana-token")
    monkeypatch.setenv(outbox.ENV_URL, service.url)
    monkeypatch.setattr(outbox, "FIRST_PAUSE", 0.2)
    return service


def wait_for(condition, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_save_reaches_the_service_and_the_file_stays_the_truth(on_hub, tmp_path):
    store = AnswerStore(tmp_path / "answers", "Ana")
    store.save(QUESTION, "I saw it in a group chat")
    assert wait_for(lambda: stored(on_hub) == {"ana": {QUESTION: "I saw it in a group chat"}})
    assert store.load(QUESTION) == "I saw it in a group chat"
    assert wait_for(lambda: not list((tmp_path / "answers" / outbox.FOLDER).glob("*.json")))
    assert list((tmp_path / "answers").glob("*.json")) == [store.path]  # the outbox is hidden


def test_while_the_service_is_down_saves_wait_and_go_when_it_is_back(on_hub, tmp_path):
    on_hub.stop()
    store = AnswerStore(tmp_path / "answers", "Ana")
    for text in ("one", "two", "three"):
        store.save(QUESTION, text)
    store.save("n00-practice-choice", "b")
    queued = tmp_path / "answers" / outbox.FOLDER
    time.sleep(1)
    assert len(list(queued.glob("*.json"))) == 4  # nothing lost while down
    on_hub.start()
    AnswerStore(tmp_path / "answers", "Ana")  # a new kernel opening its store sends the backlog
    assert wait_for(lambda: not list(queued.glob("*.json")))
    assert stored(on_hub) == {"ana": {QUESTION: "three", "n00-practice-choice": "b"}}
    assert on_hub.collected.count() == 4


def test_a_save_the_service_refuses_is_kept_aside(on_hub, tmp_path):
    folder = tmp_path / "answers"
    (folder / outbox.FOLDER).mkdir(parents=True, mode=0o700)
    bad = dict(one("x"), record={"value": "x", "saved": "not a time"})
    (folder / outbox.FOLDER / f"{bad['id']}.json").write_text(json.dumps(bad))
    AnswerStore(folder, "Ana").save(QUESTION, "good")
    assert wait_for(lambda: stored(on_hub) == {"ana": {QUESTION: "good"}})
    assert wait_for(lambda: [p.name for p in (folder / outbox.FOLDER / outbox.REFUSED).glob("*.json")]
                    == [f"{bad['id']}.json"])


def test_off_the_hub_nothing_is_queued(monkeypatch, tmp_path):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setenv(outbox.ENV_URL, "http://127.0.0.1:9/")
    AnswerStore(tmp_path / "answers", "Ana").save(QUESTION, "x")
    assert not (tmp_path / "answers" / outbox.FOLDER).exists()
