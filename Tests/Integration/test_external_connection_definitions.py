"""External connections an account defines (Granary's JSON API, /granary/v1/external-connections):
create, list, describe and delete, signed like the rest; validation; credentials never echoed
(only credentialsType); delete refused while a repository is associated. End to end: a local npm
registry that answers only with the right Authorization header, a defined connection with those
credentials associated to a repository, and the packument and tarball fetched through Granary.
The credentials go only to the connection's origin: a tarball on another origin is fetched
without them. With wrong credentials the registry's 401 is a failed registry for Granary: the
packument is a 502 (Bad Gateway) when the chain has nothing else, as for an unreachable one."""
import base64
import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cp_support import unique
from format_fixtures import FormatRepo, make_repos, npm_tarball

ALL_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["codeartifact:*", "granary:*"], "Resource": "*"}]})
USER, PASSWORD, TOKEN = "reader", "s3cret-pass", "tok-1234567890"


def api(cp, method: str, path: str, body=None, creds=None):
    data = json.dumps(body).encode() if body is not None else b""
    headers = {"Content-Type": "application/json"} if body is not None else {}
    return cp.signed(method, "/granary/v1" + path, body=data, headers=headers, creds=creds)


def error_code(r) -> str:
    return r.headers.get("x-amzn-ErrorType", "").split(":")[0]


@pytest.fixture
def owner(cp):
    """A fresh account allowed codeartifact:* and granary:*."""
    return cp.new_tenant(policy=ALL_POLICY)


def test_create_list_describe_delete(cp, owner):
    body = {"name": "corp-npm", "packageFormat": "npm", "url": "https://npm.corp.example/registry",
            "credentials": {"type": "basic", "username": USER, "password": PASSWORD}}
    r = api(cp, "POST", "/external-connections", body, owner)
    assert r.status_code == 201, r.text
    created = r.json()["externalConnection"]
    assert created["name"] == "corp-npm" and created["packageFormat"] == "npm"
    assert created["url"] == "https://npm.corp.example/registry/"
    assert created["credentialsType"] == "basic" and created["createdAt"]
    assert created["arn"].endswith(f":{owner.account}:external-connection/corp-npm") and ":granary:" in created["arn"]
    r = api(cp, "POST", "/external-connections", {"name": "corp-pypi", "packageFormat": "pypi",
                                                 "url": "http://pypi.corp.example:8080/simple/",
                                                 "credentials": {"type": "bearer", "token": TOKEN}}, owner)
    assert r.status_code == 201 and r.json()["externalConnection"]["credentialsType"] == "bearer", r.text
    r = api(cp, "POST", "/external-connections", {"name": "open-npm", "packageFormat": "npm",
                                                 "url": "https://registry.example/"}, owner)
    assert r.status_code == 201 and r.json()["externalConnection"]["credentialsType"] == "none", r.text

    listed = api(cp, "GET", "/external-connections", creds=owner)
    assert listed.status_code == 200, listed.text
    assert [c["name"] for c in listed.json()["externalConnections"]] == ["corp-npm", "corp-pypi", "open-npm"]
    described = api(cp, "GET", "/external-connections/corp-npm", creds=owner)
    assert described.status_code == 200 and described.json()["externalConnection"] == created
    # The secrets appear in no answer.
    for text in (r.text, listed.text, described.text):
        assert PASSWORD not in text and TOKEN not in text and USER not in text

    # Another account sees none of them.
    other = cp.new_tenant(policy=ALL_POLICY)
    assert api(cp, "GET", "/external-connections", creds=other).json()["externalConnections"] == []
    r = api(cp, "GET", "/external-connections/corp-npm", creds=other)
    assert r.status_code == 404 and error_code(r) == "ResourceNotFoundException", r.text

    r = api(cp, "POST", "/external-connections", {"name": "corp-npm", "packageFormat": "npm",
                                                 "url": "https://elsewhere.example/"}, owner)
    assert r.status_code == 409 and error_code(r) == "ConflictException", r.text

    r = api(cp, "DELETE", "/external-connections/open-npm", creds=owner)
    assert r.status_code == 200 and r.json()["externalConnection"]["name"] == "open-npm", r.text
    r = api(cp, "DELETE", "/external-connections/open-npm", creds=owner)
    assert r.status_code == 404 and error_code(r) == "ResourceNotFoundException", r.text
    r = api(cp, "GET", "/external-connections/open-npm", creds=owner)
    assert r.status_code == 404, r.text


@pytest.mark.parametrize("body,fragment", [
    ({"name": "public:mine", "packageFormat": "npm", "url": "https://r.example/"}, "External connection name"),
    ({"name": "x", "packageFormat": "npm", "url": "https://r.example/"}, "External connection name"),
    ({"name": "-dash", "packageFormat": "npm", "url": "https://r.example/"}, "External connection name"),
    ({"name": "a" * 101, "packageFormat": "npm", "url": "https://r.example/"}, "External connection name"),
    ({"name": "nuget-one", "packageFormat": "nuget", "url": "https://r.example/"}, "supported: maven, npm, pypi"),
    ({"name": "bogus-fmt", "packageFormat": "tarballs", "url": "https://r.example/"}, "supported: maven, npm, pypi"),
    ({"name": "ftp-one", "packageFormat": "npm", "url": "ftp://r.example/"}, "http:// or https://"),
    ({"name": "no-host", "packageFormat": "npm", "url": "https:///path"}, "http:// or https://"),
    ({"name": "userinfo", "packageFormat": "npm", "url": "https://u:p@r.example/"}, "http:// or https://"),
    ({"name": "relative", "packageFormat": "npm", "url": "/registry/"}, "http:// or https://"),
    ({"name": "badport", "packageFormat": "npm", "url": "https://r.example:x/"}, "http:// or https://"),
    ({"name": "cred-kind", "packageFormat": "npm", "url": "https://r.example/",
      "credentials": {"type": "digest", "username": "a", "password": "b"}}, "basic or bearer"),
    ({"name": "cred-basic", "packageFormat": "npm", "url": "https://r.example/",
      "credentials": {"type": "basic", "username": "a"}}, "username and password"),
    ({"name": "cred-colon", "packageFormat": "npm", "url": "https://r.example/",
      "credentials": {"type": "basic", "username": "a:b", "password": "c"}}, "without ':'"),
    ({"name": "cred-token", "packageFormat": "npm", "url": "https://r.example/",
      "credentials": {"type": "bearer", "token": ""}}, "bearer token"),
])
def test_validation(cp, owner, body, fragment):
    r = api(cp, "POST", "/external-connections", body, owner)
    assert r.status_code == 400 and error_code(r) == "ValidationException", r.text
    assert fragment in r.json()["message"], r.text
    assert api(cp, "GET", "/external-connections", creds=owner).json()["externalConnections"] == []


def test_actions_are_granary_actions(cp):
    """codeartifact:* alone does not reach them."""
    tenant = cp.new_tenant()
    for method, path, body in (("GET", "/external-connections", None),
                               ("POST", "/external-connections", {"name": "n1", "packageFormat": "npm",
                                                                  "url": "https://r.example/"}),
                               ("GET", "/external-connections/n1", None), ("DELETE", "/external-connections/n1", None)):
        r = api(cp, method, path, body, tenant)
        assert r.status_code == 403 and error_code(r) == "AccessDeniedException", (method, path, r.text)


def test_association_and_delete_refused_while_associated(cp, owner):
    c = cp.client(owner)
    domain = unique("d")
    c.create_domain(domain=domain)
    c.create_repository(domain=domain, repository="store")
    c.create_repository(domain=domain, repository="other")
    assert api(cp, "POST", "/external-connections", {"name": "corp-npm", "packageFormat": "npm",
                                                     "url": "https://npm.corp.example/"}, owner).status_code == 201
    repo = c.associate_external_connection(domain=domain, repository="store", externalConnection="corp-npm")["repository"]
    assert repo["externalConnections"] == [
        {"externalConnectionName": "corp-npm", "packageFormat": "npm", "status": "Available"}]
    # At most one per repository.
    err = pytest.raises(Exception, c.associate_external_connection, domain=domain, repository="store",
                        externalConnection="public:npmjs").value
    assert err.response["Error"]["Code"] == "ServiceQuotaExceededException", err
    # An unknown name, of this account or not, is refused.
    err = pytest.raises(Exception, c.associate_external_connection, domain=domain, repository="other",
                        externalConnection="not-defined").value
    assert err.response["Error"]["Code"] == "ValidationException", err

    r = api(cp, "DELETE", "/external-connections/corp-npm", creds=owner)
    assert r.status_code == 409 and error_code(r) == "ConflictException", r.text
    assert f"{domain}/store" in r.json()["message"], r.text
    c.disassociate_external_connection(domain=domain, repository="store", externalConnection="corp-npm")
    r = api(cp, "DELETE", "/external-connections/corp-npm", creds=owner)
    assert r.status_code == 200, r.text
    err = pytest.raises(Exception, c.associate_external_connection, domain=domain, repository="store",
                        externalConnection="corp-npm").value
    assert err.response["Error"]["Code"] == "ValidationException", err
    c.delete_repository(domain=domain, repository="store")
    c.delete_repository(domain=domain, repository="other")
    c.delete_domain(domain=domain)


class Registry:
    """An npm registry on loopback: /NAME (packument) and /tarballs/FILE, answered only when the
    Authorization header is `required` (401 otherwise, or everything when required is None).
    Records the Authorization header of every request."""

    def __init__(self, required: str | None):
        self.required, self.files, self.seen = required, {}, []
        registry = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                auth = self.headers.get("Authorization")
                registry.seen.append((self.path, auth))
                if registry.required is not None and auth != registry.required:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="npm"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = registry.files.get(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def offer(self, name: str, version: str, tarballs: "Registry | None" = None) -> bytes:
        """The packument here; the tarball on TARBALLS (another origin) or here."""
        data = npm_tarball(name, version)
        home = tarballs or self
        home.files[f"/tarballs/{name}-{version}.tgz"] = data
        self.files[f"/{name}"] = json.dumps({"name": name, "dist-tags": {"latest": version}, "versions": {version: {
            "name": name, "version": version, "dist": {"shasum": hashlib.sha1(data).hexdigest(),
                                                       "tarball": f"{home.url}tarballs/{name}-{version}.tgz"}}}}).encode()
        return data

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def registries():
    made = []

    def make(required):
        made.append(Registry(required))
        return made[-1]
    yield make
    for registry in made:
        registry.close()


def connect(cp, domain: str, repository: str, name: str, url: str, credentials: dict | None) -> FormatRepo:
    body = {"name": name, "packageFormat": "npm", "url": url} | ({"credentials": credentials} if credentials else {})
    r = api(cp, "POST", "/external-connections", body)
    assert r.status_code == 201, r.text
    repo = make_repos(cp, domain, repository)[repository]
    cp.client().associate_external_connection(domain=domain, repository=repository, externalConnection=name)
    return repo


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_fetches_through_a_defined_connection_with_credentials(cp, domain, registries):
    private = registries(basic(USER, PASSWORD))
    open_files = registries(None)
    data = private.offer("secret-pkg", "1.2.3")
    elsewhere = private.offer("split-pkg", "2.0.0", tarballs=open_files)
    name = unique("corp")
    repo = connect(cp, domain, "store", name, private.url, {"type": "basic", "username": USER, "password": PASSWORD})
    try:
        r = repo.packument("secret-pkg")
        assert r.status_code == 200, r.text
        doc = r.json()
        assert list(doc["versions"]) == ["1.2.3"] and doc["dist-tags"]["latest"] == "1.2.3"
        r = repo.npm_tarball("secret-pkg", "1.2.3")
        assert r.status_code == 200 and r.content == data, r.text
        assert ("/secret-pkg", basic(USER, PASSWORD)) in private.seen
        assert ("/tarballs/secret-pkg-1.2.3.tgz", basic(USER, PASSWORD)) in private.seen
        versions = cp.client().list_package_versions(domain=domain, repository="store", format="npm", package="secret-pkg")
        assert [(v["version"], v["origin"]["originType"]) for v in versions["versions"]] == [("1.2.3", "EXTERNAL")]
        described = cp.client().describe_package_version(domain=domain, repository="store", format="npm",
                                                         package="secret-pkg", packageVersion="1.2.3")["packageVersion"]
        assert described["origin"]["domainEntryPoint"] == {"externalConnectionName": name}, described

        # A file on another origin is fetched without the connection's credentials.
        r = repo.npm_tarball("split-pkg", "2.0.0")
        assert r.status_code == 200 and r.content == elsewhere, r.text
        assert open_files.seen == [("/tarballs/split-pkg-2.0.0.tgz", None)], open_files.seen
    finally:
        cp.client().disassociate_external_connection(domain=domain, repository="store", externalConnection=name)
        assert api(cp, "DELETE", f"/external-connections/{name}").status_code == 200


def test_bearer_token_and_wrong_credentials(cp, domain, registries):
    private = registries("Bearer " + TOKEN)
    data = private.offer("token-pkg", "0.1.0")
    good, bad = unique("tok"), unique("bad")
    repo = connect(cp, domain, "good", good, private.url, {"type": "bearer", "token": TOKEN})
    wrong = connect(cp, domain, "wrong", bad, private.url, {"type": "bearer", "token": "not-the-token"})
    try:
        assert repo.packument("token-pkg").status_code == 200
        r = repo.npm_tarball("token-pkg", "0.1.0")
        assert r.status_code == 200 and r.content == data
        # The registry answers 401: a failed registry, and the chain has nothing else.
        r = wrong.packument("token-pkg")
        assert r.status_code == 502, (r.status_code, r.text)
        assert ("/token-pkg", "Bearer not-the-token") in private.seen
        assert "not-the-token" not in r.text
    finally:
        for repository, name in (("good", good), ("wrong", bad)):
            cp.client().disassociate_external_connection(domain=domain, repository=repository, externalConnection=name)
            assert api(cp, "DELETE", f"/external-connections/{name}").status_code == 200
