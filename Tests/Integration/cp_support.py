"""Helpers for the CodeArtifact control-plane suite (test_control_plane_*.py): the real aws CLI
and boto3 pointed at the stack, fresh accounts with their own keys, hand-signed requests and the
outbox. Its fixtures (cp, tenant, domain) are registered through conftest's pytest_plugins."""
from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from unittest import mock

import pytest
import requests

if TYPE_CHECKING:
    from conftest import Stack
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
        """The package events of DOMAIN (optionally one package), oldest first, parsed: those the
        dispatcher put on the domain owner's bus, then those still in the outbox (one statement, so
        an event moving between the two is seen once). One package's are in sequenceNumber order."""
        needle = json.dumps({"domainName": domain})[1:-1].replace(" ", "")
        rows = self.sql(
            "SELECT body FROM (SELECT 0 AS place, event_id, body FROM bus_events WHERE body LIKE "
            f"'%{needle}%' AND account_id = JSON_VALUE(body, '$.detail.domainOwner') UNION ALL "
            f"SELECT 1, event_id, body FROM outbox_events WHERE body LIKE '%{needle}%') AS e ORDER BY place, event_id")
        events = [json.loads(r[0]) for r in rows]
        events = [e for e in events if e["detail"]["domainName"] == domain]
        if package is not None:
            events = [e for e in events if e["detail"]["packageName"] == package]
            events.sort(key=lambda e: e["detail"]["sequenceNumber"])
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
