"""Authorize before reading a body, and bound what is read into memory (issue 11, item 4).

- twine's upload names the repository in its path and the package only in its body: a token that
  may publish nothing in the repository is refused before a byte of the body is read, and one
  that may publish other packages as soon as the `name` field is read;
- the form's fields other than the file are capped (1 MiB in all): 413 past it;
- an npm publish body (held in memory whole) is capped at 256 MiB: a larger declared body gets
  413 before it is read, a chunked one as soon as it passes the cap.

"Before the body is read" is measured on the wire: the request is sent over a raw socket by a
thread while the test waits for the answer, and the answer must come while most of the body is
still unsent (requests would send all of it before it reads anything); the workers' resident
memory (VmRSS) must stay flat meanwhile."""
from __future__ import annotations

import base64
import hashlib
import re
import socket
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests

pytest.register_assert_rewrite("authz_support")
from authz_support import allow, document, make_site, unique  # noqa: E402
from authz_support import authz  # noqa: F401,E402
from format_fixtures import wheel  # noqa: E402

MiB = 1024 * 1024
HUGE = 1024 * MiB          # what the refused uploads announce
UNSENT_BY_ANSWER = 64 * MiB  # at most this much of it may be sent when the answer arrives
RSS_GROWTH = 64 * MiB
NPM_BODY_LIMIT = 256 * MiB


# ------------------------------------------------------------------------------ the wire

class Exchange:
    """One request over a raw socket: headers at once, the body from an iterator in a thread
    (stopped at `cap` bytes or when the answer arrives); the status and how much of the body
    was sent when the answer's first byte came."""

    def __init__(self, port: int, head: bytes, body, cap: int, timeout: float = 60):
        self.sent = 0
        self.sent_at_answer: int | None = None
        self.status: int | None = None
        self.reason = ""
        self.answer = b""
        self._stop = threading.Event()
        sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 256 * 1024)
        sock.sendall(head)
        sender = threading.Thread(target=self._send, args=(sock, body, cap), daemon=True)
        sender.start()
        try:
            self._receive(sock, timeout)
        finally:
            self._stop.set()
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sender.join(30)
            sock.close()

    def _send(self, sock, body, cap):
        try:
            for chunk in body:
                if self._stop.is_set() or self.sent >= cap:
                    return
                sock.sendall(chunk)
                self.sent += len(chunk)
        except OSError:
            pass

    def _receive(self, sock, timeout):
        deadline = time.monotonic() + timeout
        data = b""
        sock.settimeout(0.5)
        while b"\r\n\r\n" not in data and time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                break
            if not chunk:
                break
            if not data:
                self.sent_at_answer = self.sent
            data += chunk
        if b"\r\n\r\n" not in data:
            return
        head, _, rest = data.partition(b"\r\n\r\n")
        status_line = head.split(b"\r\n")[0].decode("latin-1")
        match = re.match(r"HTTP/1\.[01] (\d{3}) ?(.*)", status_line)
        if match:
            self.status, self.reason = int(match.group(1)), match.group(2)
        length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
        want = int(length.group(1)) if length else 0
        while len(rest) < want and time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except (socket.timeout, OSError):
                break
            if not chunk:
                break
            rest += chunk
        self.answer = rest


def request_head(method: str, path: str, headers: dict) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def basic(token: str) -> str:
    return "Basic " + base64.b64encode(f"aws:{token}".encode()).decode()


def field(boundary: str, name: str, value: bytes) -> bytes:
    return f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + value + b"\r\n"


def form_fields(boundary: str, first=(), size: int = MiB, total: int = HUGE):
    """FIRST (name, value) fields, then fields of SIZE bytes each until TOTAL bytes were yielded."""
    yielded = 0
    for name, value in first:
        part = field(boundary, name, value.encode())
        yielded += len(part)
        yield part
    filler = b"x" * size
    index = 0
    while yielded < total:
        part = field(boundary, f"comment_{index}", filler)
        index += 1
        yielded += len(part)
        yield part


def worker_rss(stack) -> dict:
    """VmRSS in bytes of every `granary serve` process of the stack, by pid."""
    out = {}
    for pid_file in Path(stack.state).glob("pid/worker-*.pid"):
        pid = pid_file.read_text().strip()
        status = Path(f"/proc/{pid}/status")
        if status.exists():
            match = re.search(r"^VmRSS:\s+(\d+) kB", status.read_text(), re.M)
            out[pid] = int(match.group(1)) * 1024
    return out


def forget_peak_rss(stack) -> None:
    """Resets the workers' VmHWM (test_npm_large_publish.py reads the peak of a whole session):
    a test that made a worker hold up to a limit on purpose leaves no trace there."""
    for pid_file in Path(stack.state).glob("pid/worker-*.pid"):
        try:
            Path(f"/proc/{pid_file.read_text().strip()}/clear_refs").write_text("5")
        except OSError:
            pass


def rss_growth(before: dict, after: dict) -> int:
    return max((after[pid] - before[pid] for pid in before if pid in after), default=0)


# ------------------------------------------------------------------------------ principals

@pytest.fixture(scope="module")
def place(authz):
    """A domain and repository of account A, its PyPI and npm endpoint paths, and tokens of a
    reader, of a publisher of one PyPI project only, and of the admin."""
    site = make_site(authz)
    owner, domain, repo = site.owner, site.domain, site.repository
    only = unique("only")
    reader = authz.new_user(owner, policy=document(allow(
        ["codeartifact:GetAuthorizationToken", "codeartifact:ReadFromRepository"], "*")))
    narrow = authz.new_user(owner, policy=document(
        allow(["codeartifact:GetAuthorizationToken", "codeartifact:ReadFromRepository"], "*"),
        allow("codeartifact:PublishPackageVersion", authz.package_arn(owner, domain, repo, only, "", "pypi"))))
    return {
        "pypi": f"/d/{domain}-{owner}/pypi/{repo}/",
        "npm": f"/d/{domain}-{owner}/npm/{repo}/",
        "only": only,
        "reader": site.token(reader),
        "narrow": site.token(narrow),
        "admin": site.token(authz.admin),
    }


def twine_post(stack, place, token: str, body, length: int, boundary: str, cap: int = 4 * UNSENT_BY_ANSWER) -> Exchange:
    head = request_head("POST", place["pypi"], {
        "Authorization": basic(token), "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Content-Length": str(length)})
    return Exchange(stack.http_port, head, body, cap)


def assert_refused_early(exchange: Exchange, status: int, before: dict, stack) -> None:
    assert exchange.status == status, (exchange.status, exchange.reason, exchange.sent, exchange.answer[:300])
    assert exchange.sent_at_answer is not None and exchange.sent_at_answer < UNSENT_BY_ANSWER, exchange.sent_at_answer
    assert rss_growth(before, worker_rss(stack)) < RSS_GROWTH


# ------------------------------------------------------------------------------ twine

def test_a_read_only_token_is_refused_before_the_body_is_read(stack, place):
    boundary = uuid.uuid4().hex
    before = worker_rss(stack)
    exchange = twine_post(stack, place, place["reader"], form_fields(boundary), HUGE, boundary)
    assert_refused_early(exchange, 403, before, stack)
    assert "PublishPackageVersion" in exchange.reason or b"PublishPackageVersion" in exchange.answer


def test_a_publisher_of_another_package_is_refused_once_the_name_is_read(stack, place):
    boundary = uuid.uuid4().hex
    first = ((":action", "file_upload"), ("protocol_version", "1"), ("name", unique("other")), ("version", "1.0"))
    before = worker_rss(stack)
    exchange = twine_post(stack, place, place["narrow"], form_fields(boundary, first), HUGE, boundary)
    assert_refused_early(exchange, 403, before, stack)


def test_the_publisher_of_a_package_may_still_upload_it(stack, place):
    """The check from the path refuses nobody whom the package's own check allows."""
    filename, data = wheel(place["only"], "1.0")
    fields = {":action": "file_upload", "protocol_version": "1", "name": place["only"], "version": "1.0",
              "sha256_digest": hashlib.sha256(data).hexdigest(), "description": "d" * (256 * 1024)}
    r = requests.post(stack.url(place["pypi"]), data=fields, files={"content": (filename, data)},
                      headers={"Authorization": basic(place["narrow"])}, timeout=60)
    assert r.status_code == 200, (r.status_code, r.reason, r.text)


def test_fields_beyond_a_mebibyte_in_all_are_refused(stack, place):
    boundary = uuid.uuid4().hex
    first = ((":action", "file_upload"), ("name", unique("big")), ("version", "1.0"))
    before = worker_rss(stack)
    # Many fields of 64 KiB, 1 GiB in all: refused once the fields pass 1 MiB.
    exchange = twine_post(stack, place, place["admin"], form_fields(boundary, first, size=64 * 1024), HUGE, boundary)
    assert_refused_early(exchange, 413, before, stack)
    assert "fields" in exchange.reason


def test_one_field_over_a_mebibyte_is_refused(stack, place):
    """A README of 1.5 MiB as the description: refused, though well under the old 4 MiB per field."""
    name = unique("readme")
    filename, data = wheel(name, "1.0")
    fields = {":action": "file_upload", "protocol_version": "1", "name": name, "version": "1.0",
              "description": "r" * (3 * MiB // 2)}
    r = requests.post(stack.url(place["pypi"]), data=fields, files={"content": (filename, data)},
                      headers={"Authorization": basic(place["admin"])}, timeout=60)
    assert r.status_code == 413, (r.status_code, r.reason, r.text[:300])
    assert "fields" in r.reason


def test_a_flood_of_empty_fields_is_refused(stack, place):
    boundary = uuid.uuid4().hex
    empty = field(boundary, "", b"")

    def flood():
        while True:
            yield empty * 1000

    before = worker_rss(stack)
    exchange = twine_post(stack, place, place["admin"], flood(), HUGE, boundary)
    assert_refused_early(exchange, 413, before, stack)


# ------------------------------------------------------------------------------ npm

def npm_put(stack, place, token: str, name: str, headers: dict, body, cap: int) -> Exchange:
    head = request_head("PUT", place["npm"] + name, {
        "Authorization": f"Bearer {token}", "Content-Type": "application/json", **headers})
    return Exchange(stack.http_port, head, body, cap)


def npm_body(name: str, total: int):
    """A publish body of about TOTAL bytes: the attachment's base64 is the bulk of it."""
    start = (f'{{"name":"{name}","versions":{{"1.0.0":{{"name":"{name}","version":"1.0.0"}}}},'
             f'"_attachments":{{"{name}-1.0.0.tgz":{{"data":"').encode()
    yield start
    chunk = b"A" * MiB
    sent = len(start)
    while sent < total:
        yield chunk
        sent += len(chunk)
    yield b'"}}}'


def test_an_npm_publish_body_over_the_limit_is_refused_before_it_is_read(stack, place):
    name = unique("huge")
    length = NPM_BODY_LIMIT + 64 * MiB
    before = worker_rss(stack)
    exchange = npm_put(stack, place, place["admin"], name, {"Content-Length": str(length)}, npm_body(name, length),
                       cap=4 * UNSENT_BY_ANSWER)
    assert_refused_early(exchange, 413, before, stack)
    assert b'"error"' in exchange.answer and str(NPM_BODY_LIMIT).encode() in exchange.answer


def test_a_chunked_npm_publish_body_stops_at_the_limit(stack, place):
    name = unique("chunked")

    def chunked():
        for piece in npm_body(name, HUGE):
            yield b"%x\r\n" % len(piece) + piece + b"\r\n"
        yield b"0\r\n\r\n"

    try:
        exchange = npm_put(stack, place, place["admin"], name, {"Transfer-Encoding": "chunked"}, chunked(),
                           cap=NPM_BODY_LIMIT + 4 * UNSENT_BY_ANSWER)
    finally:
        forget_peak_rss(stack)
    assert exchange.status == 413, (exchange.status, exchange.sent, exchange.answer[:300])
    assert exchange.sent_at_answer is not None and exchange.sent_at_answer < NPM_BODY_LIMIT + UNSENT_BY_ANSWER
    assert b'"error"' in exchange.answer
