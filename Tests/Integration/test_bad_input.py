"""Bad input at the HTTP and FastCGI layers gets a 4xx and leaves no file behind."""
import http.client
import os
import shutil
import socket
import subprocess
import time

import pytest


def raw_status(stack, method: str, path: str, body: bytes = b"", headers=None) -> int:
    """Sends PATH exactly as written (no client-side normalisation) and returns the status."""
    conn = http.client.HTTPConnection("127.0.0.1", stack.http_port, timeout=10)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        if body or method in ("PUT", "POST"):
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body or None)
        resp = conn.getresponse()
        resp.read()
        return resp.status
    finally:
        conn.close()


def wait_until(predicate, timeout=5.0, interval=0.1):
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)


@pytest.mark.parametrize("path", [
    "/_diag/blobs/%2e%2e/%2e%2e/etc/passwd",
    "/_diag/blobs/%2E%2E/healthz",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/healthz/../healthz",
    "/_diag/blobs/..%2f..%2fetc",
])
def test_dot_dot_segments_are_400(stack, path):
    assert raw_status(stack, "GET", path) == 400


@pytest.mark.parametrize("path", ["/healthz%00", "/_diag/blobs/%00", "/_diag/blobs/ab%00cd"])
def test_nul_in_path_is_400(stack, path):
    assert raw_status(stack, "GET", path) == 400


def test_dot_dot_upload_is_400_and_stores_nothing(stack):
    before = stack.blob_files()
    assert raw_status(stack, "PUT", "/_diag/blobs/%2e%2e/x", body=b"hello") == 400
    assert stack.blob_files() == before
    assert stack.tmp_files() == set()


def test_oversized_body_to_metadata_pool_is_413(stack):
    body = b"x" * (11 << 20)  # the metadata pool takes at most 10m
    r = stack.session().post(stack.url("/healthz"), data=body, timeout=30)
    assert r.status_code == 413


def test_interrupted_upload_leaves_no_file(stack):
    before = stack.blob_files()
    s = socket.create_connection(("127.0.0.1", stack.http_port), timeout=10)
    try:
        s.sendall(b"PUT /_diag/blobs HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Content-Type: application/octet-stream\r\nContent-Length: 1048576\r\n\r\n")
        s.sendall(os.urandom(512 * 1024))
        time.sleep(0.5)  # let the worker start writing its temp file
    finally:
        s.close()
    assert wait_until(lambda: stack.tmp_files() == set(), timeout=10), \
        f"temp files left: {stack.tmp_files()}"
    assert stack.blob_files() == before
    assert stack.get("/healthz").status_code == 200


def test_upload_shorter_than_declared_via_fastcgi_leaves_no_file(stack):
    # The worker must notice a body that ends before CONTENT_LENGTH even when the connection
    # closes cleanly: send 100 bytes while declaring 1000 straight to an upload socket.
    before = stack.blob_files()
    out = cgi_fcgi(stack, "upload", {"REQUEST_METHOD": "PUT", "DOCUMENT_URI": "/_diag/blobs",
                                     "REQUEST_URI": "/_diag/blobs", "CONTENT_LENGTH": "1000"},
                   stdin=b"y" * 100)
    assert status_of(out) is None or 400 <= status_of(out) < 500, out[:300]
    assert wait_until(lambda: stack.tmp_files() == set(), timeout=10)
    assert stack.blob_files() == before


# ---------------------------------------------------------------------------- raw FastCGI
BASE_PARAMS = {
    "SERVER_PROTOCOL": "HTTP/1.1", "GATEWAY_INTERFACE": "CGI/1.1", "REMOTE_ADDR": "127.0.0.1",
    "SERVER_NAME": "localhost", "SERVER_PORT": "80", "QUERY_STRING": "",
}


def cgi_fcgi(stack, kind: str, params: dict, stdin: bytes = b"", instance: int = 0) -> bytes:
    exe = shutil.which("cgi-fcgi")
    assert exe, "cgi-fcgi not installed (libfcgi-bin)"
    env = dict(BASE_PARAMS, **params)
    proc = subprocess.run([exe, "-bind", "-connect", stack.worker_socket(kind, instance)],
                          env=env, input=stdin, capture_output=True, timeout=20)
    return proc.stdout


def status_of(output: bytes):
    """Status from a raw CGI response ('Status: 400 ...'); 200 if headers carry none."""
    head = output.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    if not head.strip():
        return None
    for line in head.splitlines():
        if line.lower().startswith(b"status:"):
            return int(line.split()[1])
    return 200


def test_fastcgi_sanity_healthz(stack):
    out = cgi_fcgi(stack, "meta", {"REQUEST_METHOD": "GET", "DOCUMENT_URI": "/healthz",
                                   "REQUEST_URI": "/healthz", "SCRIPT_NAME": "/healthz"})
    assert status_of(out) == 200, out[:300]


@pytest.mark.parametrize("params", [
    pytest.param({"DOCUMENT_URI": "/healthz", "REQUEST_URI": "/healthz"}, id="no-method"),
    pytest.param({"REQUEST_METHOD": "GET"}, id="no-uri"),
    pytest.param({"REQUEST_METHOD": "GET", "DOCUMENT_URI": "healthz", "REQUEST_URI": "healthz"},
                 id="relative-uri"),
    pytest.param({"REQUEST_METHOD": "POST", "DOCUMENT_URI": "/healthz", "REQUEST_URI": "/healthz",
                  "CONTENT_LENGTH": "abc"}, id="bogus-content-length"),
    pytest.param({"REQUEST_METHOD": "POST", "DOCUMENT_URI": "/healthz", "REQUEST_URI": "/healthz",
                  "CONTENT_LENGTH": "-5"}, id="negative-content-length"),
    pytest.param({"REQUEST_METHOD": "POST", "DOCUMENT_URI": "/healthz", "REQUEST_URI": "/healthz",
                  "CONTENT_LENGTH": "99999999999999999999999"}, id="huge-content-length"),
])
def test_malformed_fastcgi_params_are_400(stack, params):
    out = cgi_fcgi(stack, "meta", params)
    assert status_of(out) == 400, out[:300]


@pytest.mark.parametrize("params", [
    pytest.param({"REQUEST_METHOD": "PUT", "DOCUMENT_URI": "/_diag/blobs",
                  "REQUEST_URI": "/_diag/blobs", "CONTENT_LENGTH": "12x"}, id="bogus-content-length"),
    pytest.param({"REQUEST_METHOD": "PUT", "DOCUMENT_URI": "/_diag/blobs",
                  "REQUEST_URI": "/_diag/blobs", "CONTENT_LENGTH": "-1"}, id="negative-content-length"),
    pytest.param({"DOCUMENT_URI": "/_diag/blobs", "REQUEST_URI": "/_diag/blobs"}, id="no-method"),
])
def test_malformed_fastcgi_params_on_upload_socket_are_400(stack, params):
    before = stack.blob_files()
    out = cgi_fcgi(stack, "upload", params)
    assert status_of(out) == 400, out[:300]
    assert stack.tmp_files() == set()
    assert stack.blob_files() == before


@pytest.mark.parametrize("uri", ["/_diag/blobs/../../etc/passwd", "/_diag/blobs/\x01x"])
def test_fastcgi_path_tricks_are_4xx(stack, uri):
    out = cgi_fcgi(stack, "meta", {"REQUEST_METHOD": "GET", "DOCUMENT_URI": uri, "REQUEST_URI": uri})
    status = status_of(out)
    assert status is not None and 400 <= status < 500, out[:300]
