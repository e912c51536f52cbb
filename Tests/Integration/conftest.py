"""Integration harness: one private Granary stack (MariaDB, `granary serve` workers, nginx) for
the whole test session, started by scripts/stack.sh in a short temporary state directory on free
ports, and torn down (`down`, then the directory removed) however the session ends.

Environment: GRANARY_BIN (default .build/release/granary), GRANARY_TEST_KEEP_STATE=1 keeps the
state directory for inspection.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
STACK_SCRIPT = REPO / "scripts" / "stack.sh"
LOGS_TO_SHOW = ("worker-0.log", "worker-1.log", "nginx-error.log", "nginx.out", "mariadb.log",
                "migrate.log", "bootstrap.log")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Stack:
    state: Path
    env: dict
    http_port: int
    https_port: int
    bin: Path
    config: dict = field(default_factory=dict)
    public_pypi_port: int = 0
    public_npm_port: int = 0

    # ---------------------------------------------------------------- endpoints
    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def https(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    @property
    def ca_bundle(self) -> str:
        return str(self.state / "certs" / "ca.crt")

    @property
    def config_path(self) -> Path:
        return self.state / "granary.json"

    def url(self, path: str, tls: bool = False) -> str:
        return (self.https if tls else self.http) + path

    def session(self) -> requests.Session:
        s = requests.Session()
        s.verify = self.ca_bundle
        return s

    def get(self, path: str, tls: bool = False, **kw) -> requests.Response:
        kw.setdefault("timeout", 10)
        return requests.get(self.url(path, tls), verify=self.ca_bundle, **kw)

    def put(self, path: str, data, tls: bool = False, **kw) -> requests.Response:
        kw.setdefault("timeout", 30)
        return requests.put(self.url(path, tls), data=data, verify=self.ca_bundle, **kw)

    # ---------------------------------------------------------------- files
    @property
    def blob_dir(self) -> Path:
        return Path(self.config["blobDir"])

    def blob_path(self, sha256: str) -> Path:
        return self.blob_dir / "sha256" / sha256[:2] / sha256[2:4] / sha256

    def blob_files(self) -> set:
        return {p for p in (self.blob_dir / "sha256").rglob("*") if p.is_file()}

    def tmp_files(self) -> set:
        tmp = self.blob_dir / "tmp"
        return {p for p in tmp.rglob("*") if p.is_file()} if tmp.exists() else set()

    def worker_socket(self, kind: str, instance: int) -> str:
        return str(Path(self.config["socketDir"]) / f"{kind}-{instance}.sock")

    def log_tail(self, name: str, lines: int = 40) -> str:
        path = self.state / "log" / name
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    # ---------------------------------------------------------------- commands
    def stack(self, *args: str, timeout: float = 180, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run([str(STACK_SCRIPT), *args], env=self.env, capture_output=True,
                              text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        if check and proc.returncode != 0:
            raise AssertionError(f"stack.sh {' '.join(args)} exited {proc.returncode}\n"
                                 f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
        return proc

    def cli_run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        """Runs `granary ARGS --config CONFIG` (the admin CLI) and returns the process."""
        env = dict(self.env, GRANARY_CONFIG=str(self.config_path))
        return subprocess.run([str(self.bin), *args, "--config", str(self.config_path)], env=env,
                              capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)

    def cli(self, *args: str) -> dict:
        """Runs the admin CLI, requires exit 0, returns its stdout parsed as JSON."""
        proc = self.cli_run(*args)
        assert proc.returncode == 0, (f"granary {' '.join(args)} exited {proc.returncode}\n"
                                      f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
        try:
            return json.loads(proc.stdout)
        except ValueError as e:
            raise AssertionError(f"granary {' '.join(args)} printed no JSON: {proc.stdout!r}") from e

    def env_file(self) -> dict:
        """The exports in $STATE/env, as a dict (evaluated by bash)."""
        out = subprocess.run(["bash", "-c", f"set -a; source {self.state}/env; env -0"],
                             capture_output=True, check=True, env={"PATH": os.environ["PATH"]})
        pairs = (item.split(b"=", 1) for item in out.stdout.split(b"\0") if b"=" in item)
        return {k.decode(): v.decode() for k, v in pairs}

    def upload(self, data: bytes, tls: bool = False) -> dict:
        r = self.put("/_diag/blobs", data, tls=tls)
        assert r.status_code == 201, f"upload answered {r.status_code}: {r.text[:300]}"
        body = r.json()
        assert body["sha256"] == hashlib.sha256(data).hexdigest()
        return body


def _report_logs(stack: Stack) -> None:
    out = sys.__stderr__
    out.write(f"\n==== Granary stack logs ({stack.state}) ====\n")
    for name in LOGS_TO_SHOW:
        tail = stack.log_tail(name)
        if tail:
            out.write(f"---- {name}\n{tail}\n")
    out.flush()


@pytest.fixture(scope="session")
def stack(request):
    binary = Path(os.environ.get("GRANARY_BIN", REPO / ".build" / "release" / "granary")).resolve()
    if not binary.exists():
        pytest.fail(f"granary binary not found at {binary}: run `make build` (or set GRANARY_BIN)")
    state = Path(tempfile.mkdtemp(prefix="gr-", dir="/tmp"))
    http_port, https_port = free_port(), free_port()
    while https_port == http_port:
        https_port = free_port()
    # The "public" registries of the external-connection tests: local servers those tests start
    # on these ports (pypiserver for public:pypi, static directories for public:npmjs and
    # public:maven-central), with short
    # cache lifetimes so a test sees a new upstream version after seconds. The upstream guard lets
    # fetches reach 127.0.0.1 only (where every test registry listens), so test_upstream_guard.py
    # can show refusals of other loopback, link-local and private addresses; its size caps are
    # small enough for that file to exceed them cheaply.
    public_pypi_port, public_npm_port, public_maven_port = free_port(), free_port(), free_port()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GRANARY_CONNECTION_", "GRANARY_UPSTREAM_", "GRANARY_EVENTS_", "GRANARY_DISPATCHERS"))}
    env.update(GRANARY_STATE=str(state), GRANARY_BIN=str(binary),
               GRANARY_HTTP_PORT=str(http_port), GRANARY_HTTPS_PORT=str(https_port),
               GRANARY_LISTEN="127.0.0.1", GRANARY_DIAGNOSTICS="1", GRANARY_WORKERS="2",
               GRANARY_CONNECTION_PYPI=f"http://127.0.0.1:{public_pypi_port}/simple/",
               GRANARY_CONNECTION_NPMJS=f"http://127.0.0.1:{public_npm_port}/",
               GRANARY_CONNECTION_MAVEN_CENTRAL=f"http://127.0.0.1:{public_maven_port}/maven2/",
               GRANARY_UPSTREAM_TTL="2", GRANARY_UPSTREAM_NEGATIVE_TTL="1", GRANARY_UPSTREAM_TIMEOUT="5",
               GRANARY_UPSTREAM_ALLOW_NETWORKS="127.0.0.1/32", GRANARY_UPSTREAM_MAX_BYTES="16m",
               GRANARY_UPSTREAM_MAX_INDEX_BYTES="4m",
               # Maven SNAPSHOTs keep their 3 newest builds (test_maven_protocol deploys a fourth).
               GRANARY_MAVEN_SNAPSHOT_BUILDS="3",
               # Webhook receivers of the delivery tests listen on loopback; retries are quick.
               GRANARY_EVENTS_ALLOW_NETWORKS="127.0.0.1/32", GRANARY_EVENTS_RETRY_INITIAL="0.5",
               GRANARY_EVENTS_RETRY_MAX="2")
    for knob in ("GRANARY_TLS_CERT", "GRANARY_TLS_KEY", "GRANARY_TLS_CA", "GRANARY_PUBLIC_ENDPOINT",
                 "GRANARY_CONFIG"):
        env.pop(knob, None)
    st = Stack(state=state, env=env, http_port=http_port, https_port=https_port, bin=binary)
    st.public_pypi_port, st.public_npm_port, st.public_maven_port = public_pypi_port, public_npm_port, public_maven_port
    try:
        try:
            st.stack("up")
        except BaseException:
            _report_logs(st)
            raise
        st.config = json.loads(st.config_path.read_text())
        yield st
        if request.session.testsfailed:
            _report_logs(st)
    finally:
        try:
            st.stack("down", timeout=120, check=False)
        finally:
            if os.environ.get("GRANARY_TEST_KEEP_STATE") == "1":
                sys.__stderr__.write(f"\nkept Granary test state in {state}\n")
            else:
                short = state / "socket-root"
                if short.exists():
                    shutil.rmtree(short.read_text().strip(), ignore_errors=True)
                shutil.rmtree(state, ignore_errors=True)
                shutil.rmtree(state.parent / (state.name + "-aws-home"), ignore_errors=True)  # authz_support's CLI HOME


@pytest.fixture(scope="session")
def blob(stack):
    """A 1 MiB random blob uploaded once: (bytes, upload response JSON)."""
    data = os.urandom(1 << 20)
    return data, stack.upload(data)


# The control-plane and EventBridge suites' fixtures live in cp_support.py and events_support.py.
pytest_plugins = ["cp_support", "events_support"]
