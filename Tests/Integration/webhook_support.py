"""A webhook receiver on loopback for the event delivery suites (test_events_delivery_*.py): it
records every request the dispatcher makes and answers as the test scripts it (a status per
path, delays, a queue of statuses), and can go down and come back on the same port. Plus the
tenant set-up those suites share: an account whose user may use CodeArtifact and EventBridge, a
domain and repository, a Basic connection and an API destination pointing at the receiver."""
from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import socket
import threading
import time
from dataclasses import dataclass, field

import pytest

from cp_support import Credentials, unique

ALL_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["codeartifact:*", "events:*"], "Resource": "*"},
    {"Effect": "Allow", "Action": "sts:GetServiceBearerToken", "Resource": "*"}]})


@dataclass
class Received:
    method: str
    path: str
    headers: dict
    body: bytes
    at: float

    @property
    def json(self):
        return json.loads(self.body)

    def header(self, name: str) -> str | None:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None


@dataclass
class Script:
    """How the receiver answers a path: queued statuses first, then `status`; `delay` seconds
    before answering."""
    status: int = 200
    queue: list = field(default_factory=list)
    delay: float = 0.0


class Receiver:
    def __init__(self):
        self.port = _free_port()
        self.requests: list[Received] = []
        self.started: list[str] = []  # paths whose request arrived (before any delay)
        self.scripts: dict[str, Script] = {}
        self.lock = threading.Condition()
        self.server = None
        self.start()

    # ---------------------------------------------------------------- lifecycle
    def start(self):
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path = self.path.split("?", 1)[0]
                with receiver.lock:
                    receiver.started.append(path)
                    receiver.lock.notify_all()
                    script = receiver.scripts.get(path, Script())
                    status = script.queue.pop(0) if script.queue else script.status
                    delay = script.delay
                if delay:
                    time.sleep(delay)
                with receiver.lock:
                    receiver.requests.append(Received(self.command, self.path, dict(self.headers.items()), body, time.time()))
                    receiver.lock.notify_all()
                payload = b'{"ok": true}'
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_POST = do_PUT = do_PATCH = do_DELETE = do_GET = _handle

        class Server(http.server.ThreadingHTTPServer):
            allow_reuse_address = True
            daemon_threads = True

        self.server = Server(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        """Down: the port refuses connections until `start`."""
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    # ---------------------------------------------------------------- what arrived
    def at(self, path: str) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if r.path.split("?", 1)[0] == path]

    def wait(self, path: str, count: int = 1, timeout: float = 30, where=None) -> list[Received]:
        """Waits until COUNT requests (matching WHERE) were answered on PATH; returns them."""
        deadline = time.time() + timeout
        with self.lock:
            while True:
                got = [r for r in self.requests if r.path.split("?", 1)[0] == path and (where is None or where(r))]
                if len(got) >= count:
                    return got
                left = deadline - time.time()
                if left <= 0:
                    raise AssertionError(f"{len(got)} of {count} deliveries reached {path} within {timeout}s")
                self.lock.wait(left)

    def wait_started(self, path: str, timeout: float = 30):
        deadline = time.time() + timeout
        with self.lock:
            while path not in self.started:
                left = deadline - time.time()
                if left <= 0:
                    raise AssertionError(f"no request reached {path} within {timeout}s")
                self.lock.wait(left)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def verify_signature(secret: str, received: Received) -> bool:
    """X-Granary-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret bytes, "<t>." + body)>."""
    header = received.header("X-Granary-Signature") or ""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    key = bytes.fromhex(secret.removeprefix("whsec_"))
    expected = hmac.new(key, parts.get("t", "").encode() + b"." + received.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts.get("v1", ""))


class Delivery:
    """One tenant wired to the receiver: CodeArtifact domain + repository, a Basic connection
    and an API destination at the receiver's PATH (created with the aws CLI)."""

    def __init__(self, cp, ev, receiver: Receiver):
        self.cp, self.ev, self.receiver = cp, ev, receiver
        self.creds: Credentials = cp.new_tenant(name=unique("dl"), policy=ALL_POLICY)
        self.account = self.creds.account
        self.ca = cp.client(self.creds)
        self.events = ev.client(self.creds)
        self.domain = unique("d")
        self.repo = "repo"
        self.ca.create_domain(domain=self.domain)
        self.ca.create_repository(domain=self.domain, repository=self.repo)
        self.password = "pw-" + unique()
        connection = ev.aws("create-connection", "--name", unique("conn"), "--authorization-type", "BASIC",
                            "--auth-parameters", json.dumps({"BasicAuthParameters": {"Username": "hook", "Password": self.password}}),
                            creds=self.creds)
        self.connection_arn = connection["ConnectionArn"]

    def destination(self, path: str, rate: int | None = None) -> dict:
        args = ["create-api-destination", "--name", unique("dest"), "--connection-arn", self.connection_arn,
                "--invocation-endpoint", self.receiver.url(path), "--http-method", "POST"]
        if rate:
            args += ["--invocation-rate-limit-per-second", str(rate)]
        created = self.ev.aws(*args, creds=self.creds)
        return {"arn": created["ApiDestinationArn"], "name": args[2]}

    def rule(self, path: str, pattern: dict, target: dict | None = None, state: str = "ENABLED") -> dict:
        """A rule with PATTERN whose one target is a new destination at PATH; returns names."""
        name = unique("rule")
        self.ev.aws("put-rule", "--name", name, "--event-pattern", json.dumps(pattern), "--state", state, creds=self.creds)
        destination = self.destination(path)
        spec = {"Id": "t1", "Arn": destination["arn"]} | (target or {})
        self.ev.aws("put-targets", "--rule", name, "--targets", json.dumps([spec]), creds=self.creds)
        return {"rule": name, "destination": destination["name"], "destinationArn": destination["arn"]}

    def package_pattern(self, package: str) -> dict:
        return {"source": ["aws.codeartifact"], "detail-type": ["CodeArtifact Package Version State Change"],
                "detail": {"domainName": [self.domain], "packageName": [package]}}

    def publish(self, package: str, version: str, data: bytes = b"x", namespace: str | None = None) -> dict:
        return self.cp.publish(self.domain, self.repo, package, version, "a.bin", data, namespace=namespace, creds=self.creds)

    def granary(self, op: str, body: dict) -> dict:
        resp = self.ev.raw(f"GranaryEvents.{op}", body, creds=self.creds)
        assert resp.status_code == 200, resp.text
        return resp.json()


@pytest.fixture(scope="module")
def receiver():
    r = Receiver()
    yield r
    r.stop()


@pytest.fixture(scope="module")
def wired(cp, ev, receiver) -> Delivery:
    return Delivery(cp, ev, receiver)
