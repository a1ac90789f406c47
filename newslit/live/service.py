"""The live class view: a JupyterHub service (started and proxied by the hub) that students' servers post
their saves to and teachers watch.

    python -m newslit.live.service                 # as the hub starts it (environment from the hub)
    python -m newslit.live.service --forget CLASS  # delete one class's stored answers (--forget-all: all)

Addresses, under the service's prefix (``/services/newslit/``):

* ``api/saves`` (POST, ``Authorization: token …``): a student's server sends its saves
  (``newslit.live.saves``). Whose they are comes from the hub's check of the token, never from the
  request; a request that names anyone else is refused. Refusals: 401 no or bad token, 403 not allowed
  or another student's name, 400/413 a malformed or oversized request, 429 too many requests from one
  login (``Limiter``: per login, since a whole school shares one address). Nothing is stored unless
  every save in the request is valid.
* ``""`` (the page): the class report of what has arrived, for teachers only (the hub's OAuth login, and
  the custom scope ``TEACHER_SCOPE`` that the teachers' group gets from a role). It asks ``api/version``
  twice a second and swaps in the new page when one is ready, without reloading (``live.js``); pages are
  drawn in the background as saves arrive (``Pages``).
  ``?class=…&notebook=…`` filter it.
* ``report``: the same page's HTML, for that redraw. ``api/version``: ``{"version": n}``.

Configuration comes from the hub's environment for services (``JUPYTERHUB_SERVICE_URL``,
``JUPYTERHUB_SERVICE_PREFIX``, the API token) and ``$NEWSLIT_LIVE_STATE``, the service's own folder
(default: the current folder). lessons/jupyterhub.md shows the hub configuration.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

from jupyterhub.services.auth import HubOAuth, HubOAuthCallbackHandler, HubOAuthenticated, UserNotAllowed
from tornado import web
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop

from newslit.answers import atomicio
from newslit.live import saves
from newslit.live.collected import Collected

TEACHER_SCOPE = "custom:newslit:class-view"
ENV_STATE = "NEWSLIT_LIVE_STATE"
DATABASE = "live-answers.sqlite"
SCRIPT = Path(__file__).with_name("live.js")


class Limiter:
    """A token bucket per login: ``burst`` requests at once, then ``per_second`` on average."""

    def __init__(self, burst: int = 60, per_second: float = 2.0):
        self.burst, self.per_second = burst, per_second
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, login: str) -> bool:
        now = time.monotonic()
        tokens, then = self._buckets.get(login, (self.burst, now))
        tokens = min(self.burst, tokens + (now - then) * self.per_second)
        if tokens < 1:
            self._buckets[login] = (tokens, now)
            return False
        self._buckets[login] = (tokens - 1, now)
        return True


class _Handler(HubOAuthenticated, web.RequestHandler):
    def initialize(self, collected: Collected, hub_auth: HubOAuth, **settings):
        self.collected, self.hub_auth, self.options = collected, hub_auth, settings

    def set_default_headers(self):
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")

    def write_error(self, status_code: int, **kwargs):
        reason = self._reason
        error = kwargs.get("exc_info", (None, None))[1]
        if isinstance(error, web.HTTPError) and error.log_message:
            reason = error.log_message
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"error": reason}))


class SavesHandler(_Handler):
    """POST api/saves: one student's saves, as that student."""

    def check_xsrf_cookie(self):
        """Only a token in the header is accepted here (no cookie), so a page elsewhere cannot post."""

    async def post(self):
        header = self.request.headers.get("Authorization", "")
        if not header:
            raise web.HTTPError(401, "send the server's hub token in the Authorization header")
        model = await self.hub_auth.get_user(self, sync=False)
        if not model:
            raise web.HTTPError(401, "the hub does not know this token (expired or never issued)")
        if model.get("kind", "user") != "user" or not self.hub_auth.check_scopes(self.hub_scopes, model):
            raise web.HTTPError(403, "this token may not send answers here")
        login = model["name"]
        if not self.options["limiter"].allow(login):
            self.set_header("Retry-After", "5")
            raise web.HTTPError(429, "too many requests from this login; try again in a few seconds")
        try:
            batch = saves.parse(self.request.body, login)
        except PermissionError as problem:
            raise web.HTTPError(403, str(problem)) from None
        except ValueError as problem:
            status = 413 if len(self.request.body) > saves.MAX_BODY_BYTES else 400
            raise web.HTTPError(status, str(problem)) from None
        stored, duplicates = await IOLoop.current().run_in_executor(
            self.options["writer"], self.collected.add, login, batch)
        if stored:
            self.options["pages"].changed()
        self.finish({"stored": stored, "duplicates": duplicates})


class _TeacherHandler(_Handler):
    """Teachers only: the hub's login, then the teachers' scope."""

    async def prepare(self):
        # Asked without blocking: JupyterHub's synchronous current_user would hold the service's loop
        # (and every student's save) while the hub answers.
        model = await self.hub_auth.get_user(self, sync=False)
        try:
            self._hub_auth_user_cache = self.check_hub_user(model) if model else None
        except UserNotAllowed:
            raise web.HTTPError(403, "this account may not see the class") from None
        user = self._hub_auth_user_cache
        if user is None:
            if self.request.headers.get("Authorization"):
                raise web.HTTPError(403, "this token may not see the class")
            self.redirect(self.get_login_url())
            return
        if TEACHER_SCOPE not in set(user.get("scopes", ())):
            raise web.HTTPError(403, "only teachers can see the class (the hub's teachers group)")

    def chosen(self) -> tuple[str, str]:
        return self.get_argument("class", "")[:80], self.get_argument("notebook", "")[:8]


class ClassPage(_TeacherHandler):
    """The class report, live."""

    async def get(self):
        xsrf = self.xsrf_token.decode("ascii")  # here, not in the drawing thread: it may set a cookie
        page = await self.options["pages"].page(self.chosen())
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(page.replace(Pages.XSRF, xsrf))


class VersionHandler(_TeacherHandler):
    """The version of the newest page drawn for this filter (the script fetches it only then)."""

    def get(self):
        self.finish({"version": self.options["pages"].ready_version(self.chosen()),
                     "received": self.collected.count()})


class Pages:
    """The live page per filter, drawn again in the background as soon as new saves are stored (one drawing
    at a time: matplotlib is not thread-safe), so a teacher's page fetches a page that is ready.

    A filter is kept drawn while a teacher asked for it in the last ``KEEP_SECONDS``. The page is drawn
    with a placeholder for the teacher's own XSRF token, filled in per request."""

    XSRF = "newslit-xsrf-placeholder"
    KEEP_SECONDS = 120

    def __init__(self, collected: Collected, script: str):
        self.collected, self.script = collected, script
        self.drawer = ThreadPoolExecutor(1)
        self._ready: dict[tuple[str, str], tuple[int, str]] = {}
        self._asked: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()
        self._drawing = self._again = False

    def ready_version(self, chosen: tuple[str, str]) -> int:
        self._asked[chosen] = time.monotonic()
        ready = self._ready.get(chosen)
        return ready[0] if ready else self.collected.version()

    async def page(self, chosen: tuple[str, str]) -> str:
        """The newest page drawn for this filter (drawn now if there is none: a filter nobody watched)."""
        self._asked[chosen] = time.monotonic()
        ready = self._ready.get(chosen)
        if ready is None:
            ready = await IOLoop.current().run_in_executor(self.drawer, self._draw, chosen)
        return ready[1]

    def _draw(self, chosen: tuple[str, str]) -> tuple[int, str]:
        version = self.collected.version()
        ready = self._ready.get(chosen)
        if ready is None or ready[0] != version:
            ready = self._ready[chosen] = (version, live_page(self.collected, chosen, script=self.script,
                                                              xsrf=self.XSRF))
        return ready

    def changed(self) -> None:
        """New saves are stored: draw the pages teachers are watching (again, if a drawing is under way)."""
        with self._lock:
            if self._drawing:
                self._again = True
                return
            self._drawing = True
        self.drawer.submit(self._refresh)

    def _refresh(self) -> None:
        """One drawing of every watched page; then again if saves arrived meanwhile (as a new task, so a
        teacher's request for a page nobody watched yet is not kept waiting behind a busy class)."""
        with self._lock:
            self._again = False
        now = time.monotonic()
        for chosen, asked in list(self._asked.items()):
            if now - asked > self.KEEP_SECONDS:
                self._asked.pop(chosen, None)
                self._ready.pop(chosen, None)
                continue
            try:
                self._draw(chosen)
            except Exception:  # noqa: BLE001 - the teacher's own request draws it again and shows the error
                self._ready.pop(chosen, None)
        with self._lock:
            if not self._again:
                self._drawing = False
                return
        self.drawer.submit(self._refresh)


class OAuthCallback(HubOAuthCallbackHandler):
    """The end of the hub's login: with the service's own ``HubOAuth`` (it holds the login's PKCE state)."""

    def initialize(self, hub_auth: HubOAuth):
        self.hub_auth = hub_auth


class ScriptHandler(web.RequestHandler):
    def get(self):
        self.set_header("Content-Type", "text/javascript; charset=utf-8")
        self.finish(SCRIPT.read_bytes())


def live_page(collected: Collected, chosen: tuple[str, str], *, script: str, xsrf: str) -> str:
    """The class report of what ``collected`` holds, filtered by (class, notebook), as the live page."""
    import newslit.classroom.load as cr
    import newslit.classroom.report as report
    import newslit.questions.entries as questions
    from newslit.answers.keyed import split_keyed

    klass, notebook = chosen
    version = collected.version()
    documents = collected.documents(klass or None)
    if notebook:
        catalogue = questions.catalogue()

        def in_notebook(qid: str) -> bool:
            q = catalogue.get(split_keyed(qid)[0])
            return q is not None and str(q.notebook) == notebook

        documents = [(login, dict(doc, answers={q: r for q, r in doc["answers"].items() if in_notebook(q)}))
                     for login, doc in documents]
    cls = cr.load_documents([(f"live:{login}", doc) for login, doc in documents], names=True)
    notebooks = sorted({str(q.notebook) for q in questions.catalogue().values()})
    live = {"version": version, "xsrf": xsrf, "script": script, "classes": collected.classes(), "chosen": chosen,
            "notebooks": [(n, f"Notebook {n}") for n in notebooks], "count": collected.count()}
    return report.build(cls, live=live)


def cookie_secret(folder: Path) -> bytes:
    """The secret that signs the teachers' login cookies, kept in the service's folder (0600), so a
    restarted service still knows the teachers who were logged in."""
    path = folder / "cookie_secret"
    try:
        secret = path.read_bytes()
        if len(secret) >= 32:
            return secret
    except FileNotFoundError:
        pass
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    atomicio.write_atomically(path, os.urandom(32).hex())
    return path.read_bytes()


def make_app(collected: Collected, hub_auth: HubOAuth, prefix: str, limiter: Limiter | None = None) -> web.Application:
    options = {"prefix": prefix, "limiter": limiter or Limiter(), "writer": ThreadPoolExecutor(1),
               "pages": Pages(collected, prefix + "live.js")}
    handler_args = {"collected": collected, "hub_auth": hub_auth, **options}
    return web.Application([
        (prefix + "api/saves", SavesHandler, handler_args),
        (prefix + "api/version", VersionHandler, handler_args),
        (prefix + "report", ClassPage, handler_args),
        (prefix + "live.js", ScriptHandler),
        (prefix + "oauth_callback", OAuthCallback, {"hub_auth": hub_auth}),
        (prefix, ClassPage, handler_args),
    ], cookie_secret=cookie_secret(collected.path.parent), hub_auth=hub_auth, xsrf_cookies=False)


def state_folder() -> Path:
    return Path(os.environ.get(ENV_STATE) or ".").resolve()


def serve() -> None:
    url = urlparse(os.environ["JUPYTERHUB_SERVICE_URL"])
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/newslit/")
    hub_auth = HubOAuth(api_token=os.environ["JUPYTERHUB_API_TOKEN"], cache_max_age=60)
    collected = Collected(state_folder() / DATABASE)
    app = make_app(collected, hub_auth, prefix)
    HTTPServer(app, max_body_size=saves.MAX_BODY_BYTES + 1024, xheaders=True).listen(url.port, url.hostname)
    print(f"newslit live class view on {url.hostname}:{url.port}{prefix}, storing in {collected.path}", flush=True)
    IOLoop.current().start()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newslit.live.service", description=__doc__.splitlines()[0])
    parser.add_argument("--forget", metavar="CLASS", help="delete what is stored for one class, then stop")
    parser.add_argument("--forget-all", action="store_true", help="delete everything stored, then stop")
    args = parser.parse_args(argv)
    if args.forget or args.forget_all:
        collected = Collected(state_folder() / DATABASE)
        removed = collected.forget(None if args.forget_all else args.forget)
        print(f"Deleted the stored answers of {removed} student(s) from {collected.path}.")
        return 0
    serve()
    return 0


if __name__ == "__main__":
    sys.exit(main())
