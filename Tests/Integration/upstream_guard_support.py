"""Servers and helpers for test_upstream_guard.py: a scripted HTTP registry (any host, IPv4 or
IPv6, answers by path, records every request), a canary (a bare TCP listener that counts every
connection and answers whatever arrives with an HTTP 200, so a fetch that reaches it would
succeed), connections defined through Granary's API, and the words of curl's error texts that no
client answer may carry."""
from __future__ import annotations

import hashlib
import io
import json
import os
import socket
import socketserver
import tarfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cp_support import unique
from format_fixtures import FormatRepo, make_repos

# What curl's error texts (curl_easy_strerror, and the messages Granary built from them) contain.
CURL_WORDS = ("curl", "Couldn't", "Could not", "Failed to connect", "Unsupported protocol", "Protocol",
              "Maximum file size", "Timeout", "timed out", "refused", "127.0.0.", "::1", "169.254", "10.255",
              "gopher", "ftp", "file:", "larger than", "bytes")


def assert_plain_502(r, fmt: str) -> None:
    """A 502 in the client's own error shape, without a word of the transport's error."""
    assert r.status_code == 502, (r.status_code, r.text[:500])
    if fmt == "npm":
        assert r.headers["Content-Type"].startswith("application/json"), r.headers
        assert "error" in r.json(), r.text
    else:
        assert r.headers["Content-Type"].startswith("text/plain"), r.headers
    for word in CURL_WORDS:
        assert word.lower() not in r.text.lower(), (word, r.text)
        assert word.lower() not in r.reason.lower(), (word, r.reason)


class _V6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


class Registry:
    """HTTP on HOST (`127.0.0.1`, `127.0.0.2`, `::1`): `routes[path] = (status, headers, body)`;
    a body may be a callable writing to the socket itself (for a body without Content-Length).
    `seen` lists the paths asked for."""

    def __init__(self, host: str = "127.0.0.1"):
        self.routes, self.seen = {}, []
        registry = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                registry.seen.append(self.path)
                status, headers, body = registry.routes.get(self.path, (404, {}, b""))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if callable(body):
                    self.send_header("Connection", "close")
                    self.end_headers()
                    body(self.wfile)
                    self.close_connection = True
                    return
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        server_class = _V6Server if ":" in host else ThreadingHTTPServer
        self.server = server_class((host, 0), Handler)
        self.port = self.server.server_address[1]
        self.origin = f"http://{'[' + host + ']' if ':' in host else host}:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def serve(self, path: str, body: bytes, status: int = 200, headers: dict | None = None):
        self.routes[path] = (status, headers or {}, body)

    def redirect(self, path: str, location: str):
        self.routes[path] = (302, {"Location": location}, b"")

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Canary:
    """A TCP listener on HOST that counts connections; whatever a connection sends, it answers
    `HTTP/1.1 200` with `bodies[path]` (or an empty body) and closes."""

    def __init__(self, host: str, port: int = 0):
        self.hits, self.bodies = 0, {}
        canary = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                canary.hits += 1
                self.request.settimeout(2)
                head = b""
                try:
                    while b"\r\n\r\n" not in head and len(head) < 65536:
                        chunk = self.request.recv(4096)
                        if not chunk:
                            break
                        head += chunk
                except OSError:
                    pass
                parts = head.split(b" ", 2)
                body = canary.bodies.get(parts[1].decode(errors="replace") if len(parts) > 1 else "", b"")
                self.request.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True
            address_family = socket.AF_INET6 if ":" in host else socket.AF_INET

        self.server = Server((host, port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def npm_tarball_with(name: str, version: str, padding: int = 0) -> bytes:
    """A valid npm tarball; PADDING random (incompressible) bytes make it that much larger."""
    manifest = json.dumps({"name": name, "version": version, "description": name, "license": "MIT"}).encode()
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for path, data in (("package/package.json", manifest), ("package/blob.bin", os.urandom(padding))):
            member = tarfile.TarInfo(path)
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
    return out.getvalue()


def packument(name: str, tarballs: dict, extra: dict | None = None) -> bytes:
    """{version: (tarball bytes, tarball URL)} as a registry's packument."""
    versions = {v: {"name": name, "version": v, "dist": {"shasum": hashlib.sha1(data).hexdigest(), "tarball": url}}
                for v, (data, url) in tarballs.items()}
    latest = sorted(tarballs)[-1] if tarballs else None
    return json.dumps({"name": name, "dist-tags": {"latest": latest} if latest else {}, "versions": versions} | (extra or {})).encode()


def simple_page(files: dict) -> bytes:
    """{file name: (bytes, URL)} as a PEP 503 project page with sha256 fragments."""
    links = "".join(f'<a href="{url}#sha256={hashlib.sha256(data).hexdigest()}">{name}</a>\n'
                    for name, (data, url) in files.items())
    return f"<!DOCTYPE html><html><body>\n{links}</body></html>\n".encode()


def api(cp, method: str, path: str, body=None):
    data = json.dumps(body).encode() if body is not None else b""
    headers = {"Content-Type": "application/json"} if body is not None else {}
    return cp.signed(method, "/granary/v1" + path, body=data, headers=headers)


class Connections:
    """Connections defined through Granary's API and associated to a fresh repository each;
    `close` disassociates and deletes them."""

    def __init__(self, cp, domain: str):
        self.cp, self.domain, self.made = cp, domain, []

    def repo(self, fmt: str, url: str) -> FormatRepo:
        name, repository = unique("guard"), unique("g")
        r = api(self.cp, "POST", "/external-connections", {"name": name, "packageFormat": fmt, "url": url})
        assert r.status_code == 201, r.text
        repo = make_repos(self.cp, self.domain, repository)[repository]
        self.cp.client().associate_external_connection(domain=self.domain, repository=repository, externalConnection=name)
        self.made.append((repository, name))
        return repo

    def versions(self, repo: FormatRepo, fmt: str, package: str) -> list:
        client = self.cp.client()
        try:
            out = client.list_package_versions(domain=self.domain, repository=repo.name, format=fmt, package=package)
        except client.exceptions.ResourceNotFoundException:
            return []
        return [v["version"] for v in out["versions"]]

    def close(self):
        for repository, name in self.made:
            self.cp.client().disassociate_external_connection(domain=self.domain, repository=repository, externalConnection=name)
            api(self.cp, "DELETE", f"/external-connections/{name}")


def worker_logs(stack) -> str:
    return "\n".join(p.read_text(errors="replace") for p in sorted((stack.state / "log").glob("worker-*.log")))
