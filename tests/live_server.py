"""The live class view's service running in this process, with a stand-in for the hub's API.

The service's own code runs unchanged: JupyterHub's ``HubOAuth`` asks the stand-in hub
``GET /hub/api/user`` for each token, exactly as it asks a real hub (tests/hub runs a real one). The
stand-in answers for the tokens in ``TOKENS``: two students, a teacher (who has the teachers' scope),
and a service; any other token gets the 403 a real hub gives.
"""
from __future__ import annotations

import asyncio
import json
import socket
import threading
from contextlib import contextmanager
from pathlib import Path

from jupyterhub.services.auth import HubOAuth
from tornado import web
from tornado.httpserver import HTTPServer

from newslit.live.collected import Collected
from newslit.live.service import TEACHER_SCOPE, Limiter, make_app

PREFIX = "/services/newslit/"
ACCESS = "access:services!service=newslit"
TOKENS = {
    "ana-token": {"kind": "user", "name": "ana", "scopes": [ACCESS], "groups": []},
    "ben-token": {"kind": "user", "name": "ben", "scopes": [ACCESS], "groups": []},
    "teacher-token": {"kind": "user", "name": "ms-diaz", "scopes": [ACCESS, TEACHER_SCOPE], "groups": ["teachers"]},
    "other-service-token": {"kind": "service", "name": "cull", "scopes": [ACCESS]},
    "no-access-token": {"kind": "user", "name": "cy", "scopes": [], "groups": []},
}


class _HubUser(web.RequestHandler):
    def get(self):
        token = self.request.headers.get("Authorization", "").partition(" ")[2]
        model = TOKENS.get(token)
        if model is None:
            raise web.HTTPError(403)
        self.finish(json.dumps(model))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Running:
    """The service and the stand-in hub on a loop of their own; ``stop`` and ``start`` the service
    (the stand-in hub stays up)."""

    def __init__(self, state: Path, limiter: Limiter | None = None):
        self.state, self.limiter = state, limiter
        self.port, self.hub_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}{PREFIX}"
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self._call(self._start_hub)
        self.start()

    def _call(self, make):
        async def run():
            return make()
        return asyncio.run_coroutine_threadsafe(run(), self.loop).result(10)

    def _start_hub(self):
        self.hub = HTTPServer(web.Application([("/hub/api/user", _HubUser)]))
        self.hub.listen(self.hub_port, "127.0.0.1")

    def start(self) -> None:
        def make():
            self.collected = Collected(self.state / "live.sqlite")
            auth = HubOAuth(api_token="service-token", api_url=f"http://127.0.0.1:{self.hub_port}/hub/api",
                            oauth_client_id="service-newslit", base_url=PREFIX, hub_prefix="/hub/",
                            access_scopes={ACCESS}, cache_max_age=0)
            self.server = HTTPServer(make_app(self.collected, auth, PREFIX, self.limiter), max_body_size=2_000_000)
            self.server.listen(self.port, "127.0.0.1")
        self._call(make)

    def stop(self) -> None:
        def end():
            self.server.stop()
            self.collected.close()
        self._call(end)

    def close(self) -> None:
        self.stop()
        self._call(self.hub.stop)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@contextmanager
def running(state: Path, limiter: Limiter | None = None):
    service = Running(state, limiter)
    try:
        yield service
    finally:
        service.close()
