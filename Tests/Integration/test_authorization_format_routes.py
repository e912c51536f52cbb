"""Every PyPI, npm, Maven and NuGet route asks the one Authorizer, like the generic routes do
(test_authorization_routes.py walks those): the walk below is built from the server's own route
table, and every request of REQUESTS for a route class must be answered

- 401 with a challenge when it carries no token (before any body is read or any lookup made);
- 403 when the token's user has no policies left (a read-only user's token before that gets past
  the door for reads, and is refused 403 for every write);

so a new route of a package format cannot ship without an entry here.
"""
from __future__ import annotations

import io
import json
import uuid

import pytest
import requests

pytest.register_assert_rewrite("authz_support")
from authz_support import allow, document, make_site  # noqa: E402
from authz_support import authz  # noqa: F401,E402

from test_authorization_routes import FORMAT_CLASSES, route_key, routes  # noqa: F401,E402


def twine_body(name: str, version: str) -> tuple[bytes, str]:
    """A twine-shaped upload whose file is never reached: authorization refuses first."""
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for field, value in ((":action", "file_upload"), ("protocol_version", "1"), ("name", name), ("version", version)):
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"\r\n\r\n{value}\r\n'.encode())
    out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="content"; '
              f'filename="{name}-{version}-py3-none-any.whl"\r\n\r\nPK\x03\x04 not read\r\n--{boundary}--\r\n'.encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def nuget_push_body() -> tuple[bytes, str]:
    """`dotnet nuget push`'s multipart body, whose package is never reached: authorization refuses first."""
    boundary = uuid.uuid4().hex
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="package"; filename="package.nupkg"\r\n'
            f'Content-Type: application/octet-stream\r\n\r\nPK\x03\x04 not read\r\n--{boundary}--\r\n').encode()
    return body, f"multipart/form-data; boundary={boundary}"


def npm_publish_body(name: str) -> bytes:
    return json.dumps({"name": name, "versions": {"1.0.0": {"name": name, "version": "1.0.0"}},
                       "dist-tags": {"latest": "1.0.0"},
                       "_attachments": {f"{name}-1.0.0.tgz": {"data": "AAAA", "length": 3}}}).encode()


#: route key -> [(method, path after the repository endpoint, body, content type, is_write)]
def requests_for(key: str) -> list[tuple[str, str, bytes | None, str | None, bool]]:
    upload, form = twine_body("azpkg", "1.0.0")
    push, push_form = nuget_push_body()
    return {
        "GET /d/:domain/pypi/:repository/simple": [("GET", "simple/", None, None, False)],
        "GET /d/:domain/pypi/:repository/simple/:project": [("GET", "simple/azpkg/", None, None, False)],
        "GET /d/:domain/pypi/:repository/files/:project/:version/:file": [
            ("GET", "files/azpkg/1.0.0/azpkg-1.0.0-py3-none-any.whl", None, None, False),
            ("GET", "files/azpkg/1.0.0/azpkg-1.0.0-py3-none-any.whl.metadata", None, None, False)],
        "POST /d/:domain/pypi/:repository": [("POST", "", upload, form, True)],
        "POST /d/:domain/pypi/:repository/legacy": [("POST", "legacy/", upload, form, True)],
        "GET /d/:domain/npm/:repository/*path": [
            ("GET", "-/ping", None, None, False), ("GET", "-/whoami", None, None, False),
            ("GET", "azpkg", None, None, False), ("GET", "@acme%2fazpkg", None, None, False),
            ("GET", "@acme/azpkg?write=true", None, None, False),
            ("GET", "azpkg/-/azpkg-1.0.0.tgz", None, None, False),
            ("GET", "-/package/azpkg/dist-tags", None, None, False)],
        "PUT /d/:domain/npm/:repository/*path": [
            ("PUT", "azpkg", npm_publish_body("azpkg"), "application/json", True),
            ("PUT", "azpkg/-rev/1-1", npm_publish_body("azpkg"), "application/json", True),
            ("PUT", "-/package/azpkg/dist-tags/beta", b'"1.0.0"', "application/json", True)],
        "DELETE /d/:domain/npm/:repository/*path": [
            ("DELETE", "azpkg/-rev/1-1", None, None, True),
            ("DELETE", "azpkg/-/azpkg-1.0.0.tgz/-rev/1-1", None, None, True),
            ("DELETE", "-/package/azpkg/dist-tags/beta", None, None, True)],
        "GET /d/:domain/maven/:repository/*path": [
            ("GET", "com/acme/azpkg/maven-metadata.xml", None, None, False),
            ("GET", "com/acme/azpkg/maven-metadata.xml.sha1", None, None, False),
            ("GET", "com/acme/azpkg/1.0-SNAPSHOT/maven-metadata.xml", None, None, False),
            ("GET", "com/acme/azpkg/1.0/azpkg-1.0.jar", None, None, False),
            ("GET", "com/acme/azpkg/1.0/azpkg-1.0.jar.sha256", None, None, False),
            ("GET", "com/acme/azpkg/1.0-SNAPSHOT/azpkg-1.0-SNAPSHOT.jar", None, None, False),
            ("GET", "not-a-maven-path", None, None, False)],
        "PUT /d/:domain/maven/:repository/*path": [
            ("PUT", "com/acme/azpkg/1.0/azpkg-1.0.jar", b"PK not read", None, True),
            ("PUT", "com/acme/azpkg/1.0/azpkg-1.0.pom", b"<project/>", None, True),
            ("PUT", "com/acme/azpkg/1.0/azpkg-1.0.jar.sha1", b"0" * 40, None, True),
            ("PUT", "com/acme/azpkg/maven-metadata.xml", b"<metadata/>", None, True),
            ("PUT", "com/acme/azpkg/maven-metadata.xml.md5", b"0" * 32, None, True),
            ("PUT", "com/acme/azpkg/1.0-SNAPSHOT/maven-metadata.xml", b"<metadata/>", None, True),
            ("PUT", "not-a-maven-path", b"x", None, True)],
        "GET /d/:domain/nuget/:repository/*path": [
            ("GET", "v3/index.json", None, None, False),
            ("GET", "v3/flatcontainer/azpkg/index.json", None, None, False),
            ("GET", "v3/flatcontainer/azpkg/1.0.0/azpkg.1.0.0.nupkg", None, None, False),
            ("GET", "v3/flatcontainer/azpkg/1.0.0/azpkg.nuspec", None, None, False),
            ("GET", "v3/registration/azpkg/index.json", None, None, False),
            ("GET", "v3/registration-semver2/azpkg/1.0.0.json", None, None, False),
            ("GET", "v3/registration-semver2/azpkg/page/1.0.0/2.0.0.json", None, None, False),
            ("GET", "v3/query?q=az", None, None, False),
            ("GET", "v3/autocomplete?q=az", None, None, False),
            ("GET", "v3/autocomplete?id=azpkg", None, None, False),
            ("GET", "v3/package", None, None, False),
            ("GET", "not-a-nuget-path", None, None, False),
            ("GET", "v2/", None, None, False), ("GET", "v2/$metadata", None, None, False),
            ("GET", "v2/Packages()?$filter=IsLatestVersion", None, None, False),
            ("GET", "v2/Packages(Id='azpkg',Version='1.0.0')", None, None, False),
            ("GET", "v2/Search()?searchTerm='az'&includePrerelease=false", None, None, False),
            ("GET", "v2/Search()/$count?searchTerm='az'", None, None, False),
            ("GET", "v2/FindPackagesById()?id='azpkg'", None, None, False),
            ("GET", "v2/GetUpdates()?packageIds='azpkg'&versions='1.0.0'", None, None, False),
            ("GET", "v2/package/azpkg/1.0.0", None, None, False)],
        "PUT /d/:domain/nuget/:repository/*path": [
            ("PUT", "v3/package", push, push_form, True),
            ("PUT", "v3/symbolpackage", push, push_form, True),
            ("PUT", "v3/flatcontainer/azpkg/index.json", b"x", None, True),
            ("PUT", "v2/", push, push_form, True), ("PUT", "v2/package", push, push_form, True)],
        "DELETE /d/:domain/nuget/:repository/*path": [
            ("DELETE", "v3/package/azpkg/1.0.0", None, None, True),
            ("DELETE", "v3/flatcontainer/azpkg/index.json", None, None, True),
            ("DELETE", "v2/package/azpkg/1.0.0", None, None, True)],
        "POST /d/:domain/nuget/:repository/*path": [
            ("POST", "v3/package/azpkg/1.0.0", None, None, True),
            ("POST", "v3/query", None, None, True)],
    }[key]


def send(authz, site, route: dict, request, token: str | None) -> requests.Response:
    method, tail, body, content_type, _ = request
    fmt = route["routeClass"]
    headers = {"Content-Type": content_type} if content_type else {}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    url = f"{authz.endpoint()}/d/{site.domain}-{site.owner}/{fmt}/{site.repository}/{tail}"
    return requests.request(method, url, data=body, headers=headers, verify=authz.stack.ca_bundle, timeout=30)


def test_every_format_route_has_requests(routes):
    keys = {route_key(r) for r in routes if r["routeClass"] in FORMAT_CLASSES}
    assert {"pypi", "npm", "maven", "nuget"} <= {r["routeClass"] for r in routes}
    for key in keys:
        assert requests_for(key), key


def test_every_format_route_requires_a_token_and_authorizes_each_request(authz, routes):
    site = make_site(authz)
    reader = authz.new_user(site.owner, policy=document(allow(
        ["codeartifact:GetAuthorizationToken", "codeartifact:ReadFromRepository"], "*")))
    token = site.token(reader)
    walk = [(r, q) for r in routes if r["routeClass"] in FORMAT_CLASSES for q in requests_for(route_key(r))]
    failures = []
    for route, request in walk:
        label = f"{request[0]} {request[1]} ({route_key(route)})"
        r = send(authz, site, route, request, None)
        if r.status_code != 401 or not r.headers.get("WWW-Authenticate"):
            failures.append(f"{label} without a token: {r.status_code} {r.text[:200]}")
        r = send(authz, site, route, request, token)
        is_write = request[4]
        if is_write and r.status_code != 403:
            failures.append(f"{label} by a read-only user: {r.status_code} {r.text[:200]}")
        if not is_write and r.status_code in (401, 403):
            failures.append(f"{label} by a reader: {r.status_code} {r.text[:200]}")
    authz.delete_identity_policy(reader, "main")
    for route, request in walk:
        r = send(authz, site, route, request, token)
        if r.status_code != 403:
            failures.append(f"{request[0]} {request[1]} with a token whose user lost its policies: {r.status_code} {r.text[:200]}")
    assert not failures, "\n".join(failures)
