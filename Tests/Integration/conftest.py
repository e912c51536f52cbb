"""Integration harness: one private Granary stack (MariaDB, `granary serve` workers, nginx) for
the whole test session, started by scripts/stack.sh in a short temporary state directory on free
ports, and torn down (`down`, then the directory removed) however the session ends.

Environment: GRANARY_BIN (default .build/release/granary), GRANARY_TEST_KEEP_STATE=1 keeps the
state directory for inspection.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

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
    env = dict(os.environ,
               GRANARY_STATE=str(state), GRANARY_BIN=str(binary),
               GRANARY_HTTP_PORT=str(http_port), GRANARY_HTTPS_PORT=str(https_port),
               GRANARY_LISTEN="127.0.0.1", GRANARY_DIAGNOSTICS="1", GRANARY_WORKERS="2")
    for knob in ("GRANARY_TLS_CERT", "GRANARY_TLS_KEY", "GRANARY_TLS_CA", "GRANARY_PUBLIC_ENDPOINT",
                 "GRANARY_CONFIG"):
        env.pop(knob, None)
    st = Stack(state=state, env=env, http_port=http_port, https_port=https_port, bin=binary)
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


@pytest.fixture(scope="session")
def blob(stack):
    """A 1 MiB random blob uploaded once: (bytes, upload response JSON)."""
    data = os.urandom(1 << 20)
    return data, stack.upload(data)


# ============================================================================== control plane
# Helpers for the CodeArtifact control-plane suite (test_control_plane_*.py): the real aws CLI
# and boto3 pointed at the stack, fresh accounts with their own keys, hand-signed requests and
# the outbox. Everything below is additive: the fixtures above are unchanged.



def _find_aws_cli() -> str:
    """The aws CLI next to this interpreter (same botocore as boto3 here), else the one on PATH."""
    beside = Path(sys.executable).parent / "aws"
    return str(beside) if beside.exists() else (shutil.which("aws") or "aws")


AWS_CLI = _find_aws_cli()


def unique(prefix: str = "t") -> str:
    """A name no other test uses: valid as a domain name (lower case, digits, hyphens)."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


@dataclass(frozen=True)
class Credentials:
    account: str
    access_key: str
    secret_key: str


class AwsCliError(AssertionError):
    """`aws` exited non-zero: .code is the exception name it printed (or None), .stderr all of it."""

    def __init__(self, args, proc):
        self.returncode = proc.returncode
        self.stderr = proc.stderr
        self.stdout = proc.stdout
        m = re.search(r"An error occurred \(([^)]+)\)", proc.stderr)
        self.code = m.group(1) if m else None
        super().__init__(f"aws {' '.join(args)} exited {proc.returncode} ({self.code})\n"
                         f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")


class ControlPlane:
    """The stack as an AWS CodeArtifact endpoint."""

    def __init__(self, stack: Stack, home: Path):
        self.stack = stack
        self.home = home
        self.region = stack.config.get("region", "us-east-1")
        boot = json.loads((stack.state / "bootstrap.json").read_text())
        self.admin = Credentials(boot["accountId"], boot["accessKeyId"], boot["secretAccessKey"])
        self._clients: dict = {}
        import boto3
        # One session for every client: the model loads once and every client raises the same
        # modeled exception classes (`client.exceptions.X` of any client matches any other's).
        self._session = boto3.session.Session()

    # ------------------------------------------------------------ endpoints and principals
    def endpoint(self, tls: bool = False) -> str:
        return self.stack.https if tls else self.stack.http

    #: The identity policy new tenants' users get: everything CodeArtifact, as the bootstrap admin.
    TENANT_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "codeartifact:*", "Resource": "*"}]})

    def new_tenant(self, name: str | None = None, policy: str | None = TENANT_POLICY) -> Credentials:
        """A fresh account with one user (holding POLICY, when given, as an inline identity
        policy) and one access key (admin CLI)."""
        account = self.stack.cli("admin", "accounts", "create", "--name", name or unique("acct"))["accountId"]
        self.stack.cli("admin", "users", "create", "--account", account, "--name", "dev")
        if policy is not None:
            self.stack.cli("admin", "policies", "put", "--account", account, "--user", "dev", "--name", "codeartifact-all",
                           "--document", policy)
        key = self.stack.cli("admin", "access-keys", "create", "--account", account, "--user", "dev")
        return Credentials(account, key["accessKeyId"], key["secretAccessKey"])

    # ------------------------------------------------------------ boto3
    def client(self, creds: Credentials | None = None, tls: bool = False, **config):
        """A boto3 CodeArtifact client (no retries, so an error surfaces at once)."""
        from botocore.config import Config
        creds = creds or self.admin
        key = (creds, tls, tuple(sorted(config.items())))
        if key not in self._clients:
            self._clients[key] = self._session.client(
                "codeartifact", endpoint_url=self.endpoint(tls), region_name=config.pop("region", self.region),
                aws_access_key_id=creds.access_key, aws_secret_access_key=creds.secret_key,
                verify=self.stack.ca_bundle,
                config=Config(retries={"total_max_attempts": 1}, connect_timeout=10, read_timeout=60, **config))
        return self._clients[key]

    def publish(self, domain: str, repository: str, package: str, version: str, asset: str, data: bytes,
                namespace: str | None = "ns", unfinished: bool = False, creds: Credentials | None = None,
                tls: bool = False) -> dict:
        """PublishPackageVersion (generic) through boto3; returns the parsed response."""
        kw = dict(domain=domain, repository=repository, format="generic", package=package,
                  packageVersion=version, assetName=asset, assetContent=data,
                  assetSHA256=hashlib.sha256(data).hexdigest(), unfinished=unfinished)
        if namespace is not None:
            kw["namespace"] = namespace
        return self.client(creds, tls).publish_package_version(**kw)

    # ------------------------------------------------------------ aws CLI
    def aws_env(self, creds: Credentials | None = None, region: str | None = None) -> dict:
        creds = creds or self.admin
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.setdefault("PYENV_ROOT", str(Path.home() / ".pyenv"))  # HOME changes below
        return env | {
            "HOME": str(self.home), "LANG": "C.UTF-8",
            "AWS_ACCESS_KEY_ID": creds.access_key, "AWS_SECRET_ACCESS_KEY": creds.secret_key,
            "AWS_DEFAULT_REGION": region or self.region,
            # The machine points AWS_CA_BUNDLE at the system bundle: the stack's CA replaces it.
            "AWS_CA_BUNDLE": self.stack.ca_bundle,
            "AWS_CONFIG_FILE": str(self.home / "no-config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(self.home / "no-credentials"),
            "AWS_RETRY_MODE": "standard", "AWS_MAX_ATTEMPTS": "1", "AWS_PAGER": "",
        }

    def aws_run(self, *args: str, creds: Credentials | None = None, tls: bool = False,
                region: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
        cmd = [AWS_CLI, "--endpoint-url", self.endpoint(tls), "--output", "json", "codeartifact", *args]
        return subprocess.run(cmd, env=self.aws_env(creds, region), capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)

    def aws(self, *args: str, **kw):
        """Runs `aws --endpoint-url … codeartifact ARGS`; exit 0 required; stdout parsed as JSON
        ({} when the command prints nothing)."""
        proc = self.aws_run(*args, **kw)
        if proc.returncode != 0:
            raise AwsCliError(args, proc)
        out = proc.stdout.strip()
        return json.loads(out) if out else {}

    @staticmethod
    def parallel(*calls):
        """Runs the zero-argument CALLS at once (each aws CLI run costs ~0.4 s of interpreter
        start-up); returns their results in order, re-raising the first failure."""
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(max_workers=max(1, min(len(calls), 8))) as pool:
            futures = [pool.submit(call) for call in calls]
            return [f.result() for f in futures]

    def aws_error(self, code: str, *args: str, **kw) -> AwsCliError:
        """Runs the CLI expecting it to fail with exception CODE (printed on stderr)."""
        proc = self.aws_run(*args, **kw)
        assert proc.returncode != 0, f"aws {' '.join(args)} succeeded; expected {code}:\n{proc.stdout}"
        err = AwsCliError(args, proc)
        assert err.code == code, str(err)
        return err

    # ------------------------------------------------------------ hand-signed requests
    def signed(self, method: str, path: str, params: dict | None = None, body: bytes = b"",
               headers: dict | None = None, creds: Credentials | None = None, tls: bool = False,
               when: datetime.datetime | None = None, region: str | None = None,
               service: str = "codeartifact", payload_hash: str | None = None,
               after_signing=None):
        """A SigV4-signed request built with botocore's signer and sent with requests. `when`
        signs with that time; `payload_hash` sets x-amz-content-sha256 (signed); `after_signing`
        may alter the prepared request (to tamper with it) before it is sent."""
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials as BotoCredentials
        creds = creds or self.admin
        hdrs = dict(headers or {})
        if payload_hash is not None:
            hdrs["X-Amz-Content-SHA256"] = payload_hash
        req = AWSRequest(method=method, url=self.endpoint(tls) + path, params=params or {}, data=body,
                         headers=hdrs)
        signer = SigV4Auth(BotoCredentials(creds.access_key, creds.secret_key), service,
                           region or self.region)
        if when is None:
            signer.add_auth(req)
        else:
            with mock.patch("botocore.auth.get_current_datetime", return_value=when):
                signer.add_auth(req)
        prepared = req.prepare()
        if after_signing:
            after_signing(prepared)
        with requests.Session() as s:
            return s.send(prepared_to_requests(prepared), verify=self.stack.ca_bundle, timeout=30)

    # ------------------------------------------------------------ nginx
    def access_log_lines(self, *needles: str, wait: float = 0.0) -> list[str]:
        """Lines of nginx's access log that contain every NEEDLE; waits up to WAIT seconds for
        one to appear (nginx writes the line as it finalizes the request)."""
        import time
        path = self.stack.state / "log" / "nginx-access.log"
        deadline = time.monotonic() + wait
        while True:
            text = path.read_text(errors="replace") if path.exists() else ""
            lines = [line for line in text.splitlines() if all(n in line for n in needles)]
            if lines or time.monotonic() >= deadline:
                return lines
            time.sleep(0.05)

    # ------------------------------------------------------------ database
    def sql(self, query: str) -> list[list[str]]:
        """Rows of QUERY run as root on the stack's private MariaDB (tab-separated, raw)."""
        sock = self.stack.config["database"]["socket"]
        name = self.stack.config["database"].get("name", "granary")
        proc = subprocess.run(["mariadb", "--no-defaults", f"--socket={sock}", "-uroot", name,
                               "--batch", "--raw", "--skip-column-names", "-e", query],
                              capture_output=True, text=True, timeout=30)
        assert proc.returncode == 0, f"mariadb: {proc.stderr}"
        return [line.split("\t") for line in proc.stdout.splitlines()]

    def events(self, domain: str, package: str | None = None) -> list[dict]:
        """The outbox events of DOMAIN (optionally one package), oldest first, parsed."""
        needle = json.dumps({"domainName": domain})[1:-1].replace(" ", "")
        rows = self.sql("SELECT body FROM outbox_events WHERE body LIKE "
                        f"'%{needle}%' ORDER BY event_id")
        events = [json.loads(r[0]) for r in rows]
        events = [e for e in events if e["detail"]["domainName"] == domain]
        if package is not None:
            events = [e for e in events if e["detail"]["packageName"] == package]
        return events


def prepared_to_requests(prepared) -> requests.PreparedRequest:
    """botocore's AWSPreparedRequest as a requests.PreparedRequest (URL and headers kept as signed)."""
    out = requests.PreparedRequest()
    out.method = prepared.method
    out.url = prepared.url
    out.headers = requests.structures.CaseInsensitiveDict(dict(prepared.headers.items()))
    out.body = prepared.body
    if out.body and "Content-Length" not in out.headers:
        out.headers["Content-Length"] = str(len(out.body))
    out.hooks = {"response": []}
    return out


@pytest.fixture(scope="session")
def cp(stack, tmp_path_factory):
    """The stack as a CodeArtifact endpoint (aws CLI, boto3, signed requests, outbox)."""
    return ControlPlane(stack, tmp_path_factory.mktemp("aws-home"))


@pytest.fixture
def tenant(cp):
    """A fresh account with its own access key: lists in it see only what the test made."""
    return cp.new_tenant()


@pytest.fixture
def domain(cp):
    """A new domain of the bootstrap account, removed (with its repositories) afterwards."""
    name = unique("d")
    cp.client().create_domain(domain=name)
    yield name
    cleanup_domain(cp, name)


def cleanup_domain(cp: ControlPlane, name: str, creds: Credentials | None = None) -> None:
    """Best effort: delete the domain's repositories (downstreams first) and the domain."""
    c = cp.client(creds)
    try:
        repos = [r["name"] for r in c.list_repositories_in_domain(domain=name)["repositories"]]
        for r in repos:
            try:
                c.update_repository(domain=name, repository=r, upstreams=[])
            except Exception:
                pass
        for r in repos:
            try:
                c.delete_repository(domain=name, repository=r)
            except Exception:
                pass
        c.delete_domain(domain=name)
    except Exception:
        pass
