"""A real JupyterHub for the hub test, set up the way a school would set one up.

* The proxy is npm's ``configurable-http-proxy``, installed once into ``build/hub-node/`` (git-ignored).
* The students' environment is a separate virtual environment made from the system Python, with the
  module's ``requirements.txt`` + ``requirements-hub.txt`` and the module itself (an editable install of
  a read-only, shared copy: ``newslit`` finds its ``seeds/`` beside it). Cached in ``build/hub-env/`` when
  every user can reach that folder, else built in the run's own folder.
* The module is handed out as a git repository (``file://``) that nbgitpuller clones into each home.
* The hub: 127.0.0.1 and free ports, LocalProcessSpawner, a tiny password authenticator, its files in
  a folder only root can read.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from browser.lab import free_port, wait_until_up

from .machine import BASE_PYTHON

ROOT = Path(__file__).resolve().parents[2]
PROXY_VERSION = "5.3.0"
NODE_DIR = ROOT / "build" / "hub-node"
ENV_CACHE = ROOT / "build" / "hub-env"
PROXY = NODE_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
MODULE_NAME = "newslit"  # the folder nbgitpuller creates in each home
BRANCH = "main"


def proxy_ready() -> bool:
    try:
        meta = json.loads((NODE_DIR / "node_modules" / "configurable-http-proxy" / "package.json").read_text())
    except (OSError, ValueError):
        return False
    return meta.get("version") == PROXY_VERSION and PROXY.exists()


def install_proxy() -> Path:
    """configurable-http-proxy from npm into build/hub-node/ (once; later runs reuse it)."""
    if not proxy_ready():
        NODE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund", "--loglevel=error",
                        f"configurable-http-proxy@{PROXY_VERSION}"], check=True, capture_output=True, text=True,
                       timeout=300)
    return PROXY


def _reachable_by_everyone(path: Path) -> bool:
    """True when every folder from / down to ``path`` lets other users pass (o+x)."""
    return all(p.stat().st_mode & stat.S_IXOTH for p in [path, *path.parents] if p.exists())


def _env_key() -> str:
    digest = hashlib.sha256(subprocess.run([BASE_PYTHON, "-V"], capture_output=True, text=True).stdout.encode())
    for name in ("requirements.txt", "requirements-hub.txt"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()[:16]


def _build_base(env: Path, source: Path) -> None:
    """The students' environment without the module: a venv of the system Python with ``source``'s
    requirements.txt and requirements-hub.txt (once: a stamp says so)."""
    stamp = env / "newslit-hub-stamp"
    if stamp.exists():
        return
    shutil.rmtree(env, ignore_errors=True)
    subprocess.run([BASE_PYTHON, "-m", "venv", str(env)], check=True, capture_output=True, text=True)
    _pip(env, "-r", str(source / "requirements.txt"), "-r", str(source / "requirements-hub.txt"))
    stamp.write_text("ok\n")


@contextmanager
def _cache_lock():
    """One hub test (or preparation) at a time uses the cached environment."""
    ENV_CACHE.mkdir(parents=True, exist_ok=True)
    lock = open(ENV_CACHE / ".lock", "w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()


def prepare() -> str:
    """The hub test's installs, before the test (``python3 run.py hub`` runs this first, so the test's
    own time is the test's): the proxy from npm, and the students' environment when it can be cached."""
    install_proxy()
    ENV_CACHE.mkdir(parents=True, exist_ok=True)
    if not _reachable_by_everyone(ENV_CACHE):
        return f"{ENV_CACHE} is not reachable by every user: the test builds the students' environment itself"
    with _cache_lock():
        env = ENV_CACHE / _env_key()
        _build_base(env, ROOT)
    return f"the students' environment is ready in {env}"


@contextmanager
def students_env(run_dir: Path, module: Path):
    """The students' Python environment (what a school installs on its hub), with ``module`` installed."""
    ENV_CACHE.mkdir(parents=True, exist_ok=True)
    cached = _reachable_by_everyone(ENV_CACHE)
    env = ENV_CACHE / _env_key() if cached else run_dir / "students-env"
    with _cache_lock():
        _build_base(env, module)
        _pip(env, "--no-deps", "-e", str(module))
        _quiet_lab(env)
        subprocess.run(["chmod", "-R", "a+rX", str(env)], check=True)
        yield env


def _quiet_lab(env: Path) -> None:
    """JupyterLab's news prompt off, with the module's own command (an editable install copies no data
    files; a wheel install would place the same file itself)."""
    subprocess.run([str(env / "bin" / "python"), "-m", "newslit", "quiet-jupyterlab"], check=True,
                   capture_output=True, text=True, cwd="/")


def _pip(env: Path, *args: str) -> None:
    result = subprocess.run([str(env / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                             *args], capture_output=True, text=True, timeout=900)
    if result.returncode:
        raise RuntimeError(f"pip install {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


def module_repo(run_dir: Path) -> Path:
    """The module as the hub guide hands it out: the student copy (``python3 run.py student-copy``: no
    lesson plans, teacher notebook or teacher notes), readable by everyone, committed as a git repository
    on ``BRANCH``. The students pull it and the students' environment installs its package."""
    from newslit.teacher import studentcopy

    repo = run_dir / MODULE_NAME
    studentcopy.build(repo, ROOT)
    git = ["git", "-C", str(repo), "-c", "user.name=newslit hub test", "-c", "user.email=hub-test@invalid"]
    subprocess.run([*git, "init", "-q", "-b", BRANCH], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "the module as handed out"], check=True)
    subprocess.run(["chmod", "-R", "a+rX,go-w", str(repo)], check=True)
    return repo


def pull_link(base: str, repo: Path, notebook: str = "notebooks/00-start-here.ipynb") -> str:
    """The nbgitpuller link a teacher hands out (the same shape as for a GitHub repository)."""
    query = urllib.parse.urlencode({"repo": f"file://{repo}", "branch": BRANCH,
                                    "urlpath": f"lab/tree/{MODULE_NAME}/{notebook}"})
    return f"{base}/hub/user-redirect/git-pull?{query}"


CONFIG = '''\
import hmac
from jupyterhub.auth import Authenticator

PASSWORDS = {passwords!r}


class TestPasswords(Authenticator):
    """One password per test student (a stand-in for the school's real login)."""

    async def authenticate(self, handler, data):
        wanted = PASSWORDS.get(data.get("username", ""))
        if wanted and hmac.compare_digest(wanted.encode(), data.get("password", "").encode()):
            return data["username"]
        return None


c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.pid_file = {proxy_pid!r}
c.JupyterHub.db_url = "sqlite:///{hub_dir}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = {cookie!r}
c.JupyterHub.pid_file = {hub_pid!r}
c.JupyterHub.authenticator_class = TestPasswords
c.Authenticator.allowed_users = set(PASSWORDS)
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.default_url = "/lab"
# For the test only: the browser waits for Run All by reading the notebook's model through window.jupyterapp
# (the student notebooks' code cells are collapsed, so there are no prompts to read).
c.Spawner.args = ["--LabApp.expose_app_in_browser=True"]
c.Spawner.env_keep = ["LANG", "LC_ALL"]
c.Spawner.environment = {{
    "PATH": {path!r},
    # Only because the test hands the module out from a local folder owned by root: git refuses to
    # clone another user's repository unless a global config names it safe (a GIT_CONFIG_COUNT entry
    # does not reach git-upload-pack). A school's link points at a web address instead.
    "GIT_CONFIG_GLOBAL": {gitconfig!r},
}}
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180

# The live class view (newslit.live.service; lessons/jupyterhub.md, section "The class, live").
c.JupyterHub.custom_scopes = {{
    "custom:newslit:class-view": {{"description": "See the class's answers in the live class view."}},
}}
c.JupyterHub.services = [{{
    "name": "newslit",
    "url": "http://127.0.0.1:{live_port}",
    "command": [{service_python!r}, "-m", "newslit.live.service"],
    "cwd": {live_state!r},
    "environment": {{"NEWSLIT_LIVE_STATE": {live_state!r}}},
    "oauth_no_confirm": True,
    "oauth_client_allowed_scopes": ["custom:newslit:class-view"],
}}]
c.JupyterHub.load_groups = {{"teachers": {{"users": {teachers!r}}}}}
c.JupyterHub.load_roles = [
    # every user may send their own answers to the service ...
    {{"name": "user", "scopes": ["self", "access:services!service=newslit"]}},
    # ... and only the teachers' group may see the class
    {{"name": "newslit-teacher", "groups": ["teachers"],
      "scopes": ["access:services!service=newslit", "custom:newslit:class-view"]}},
]
# The token in each student's server (and kernel) may reach the service, as well as what it needs anyway.
c.Spawner.server_token_scopes = ["users:activity!user", "access:servers!server", "access:services!service=newslit"]
c.Spawner.environment["NEWSLIT_LIVE_URL"] = "http://127.0.0.1:{live_port}/services/newslit/"
'''


@contextmanager
def running_hub(run_dir: Path, env: Path, repo: Path, passwords: dict[str, str], teachers: list[str]):
    """Start JupyterHub (its proxy and the live class view's service); yield its base URL, its log path and
    the service's state folder; stop them after."""
    hub_dir = run_dir / "hub"
    hub_dir.mkdir(mode=0o700)
    live_state = hub_dir / "live"
    live_state.mkdir(mode=0o700)
    port = free_port()
    config = hub_dir / "jupyterhub_config.py"
    gitconfig = run_dir / "gitconfig"
    gitconfig.write_text(f"[safe]\n\tdirectory = {repo}/.git\n")
    gitconfig.chmod(0o644)
    config.write_text(CONFIG.format(
        passwords=passwords, port=port, hub_port=free_port(), api_port=free_port(), proxy=str(install_proxy()),
        proxy_pid=str(hub_dir / "proxy.pid"), hub_dir=hub_dir, cookie=str(hub_dir / "cookie_secret"),
        hub_pid=str(hub_dir / "hub.pid"), singleuser=str(env / "bin" / "jupyterhub-singleuser"),
        path=f"{env / 'bin'}:/usr/local/bin:/usr/bin:/bin", gitconfig=str(gitconfig), live_port=free_port(),
        service_python=str(env / "bin" / "python"), live_state=str(live_state), teachers=teachers))
    config.chmod(0o600)
    log_path = hub_dir / "hub.log"
    hub_env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSLIT_", "JUPYTER", "PYTHON"))}
    hub_env["PATH"] = f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin"
    log = open(log_path, "w")
    hub = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=hub_dir, env=hub_env,
                           stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/hub/health", hub, 120,
                      lambda: f"JupyterHub did not start:\n{log_path.read_text()[-4000:]}")
        yield base, log_path, live_state
    finally:
        hub.terminate()  # the hub stops the users' servers and its proxy on the way out
        try:
            hub.wait(timeout=60)
        except subprocess.TimeoutExpired:
            hub.kill()
            hub.wait()
        log.close()
        _stop_proxy(hub_dir / "proxy.pid")


def _stop_proxy(pid_file: Path) -> None:
    """The proxy outlives a killed hub: end it by its recorded process id."""
    try:
        pid = int(pid_file.read_text().strip())
        if b"configurable-http-proxy" in Path(f"/proc/{pid}/cmdline").read_bytes():
            os.kill(pid, 15)
    except (OSError, ValueError):
        pass
