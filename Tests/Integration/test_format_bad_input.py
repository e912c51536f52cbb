"""Bad input on the PyPI and npm routes: a broken wheel uploaded with twine, a truncated one and
malformed multipart bodies posted directly, an npm publish whose attachment does not match its
declared dist.shasum (through npm itself and by hand), and package names with `..` — each a 4xx
(400 where the body is malformed) the client prints, and nothing stored: no version, no new
file under the stack's blob directory."""
import base64
import hashlib
import json

import pytest

# client_support's fixtures (repository, clients, dists, npm_package) as a plugin of this module.
pytest_plugins = ["client_support"]
pytest.register_assert_rewrite("client_support")
from client_support import FIXTURES, failed, ok  # noqa: E402

LIB = "granary-demo-lib"


@pytest.fixture
def nothing_stored(repository):
    """Checks, after the test, that its repository holds no package and the blob directory no new file."""
    stack = repository.stack
    before = stack.blob_files()
    yield
    assert stack.blob_files() - before == set(), "bad input left blobs behind"
    listed = repository.cp.aws("list-packages", "--domain", repository.domain, "--domain-owner", repository.owner,
                               "--repository", repository.name, tls=True)
    assert listed["packages"] == [], listed


def twine_form(path_name: str, content: bytes, **overrides) -> list:
    """The multipart fields twine 7 sends for a wheel of granary-demo-lib 1.0.0 (CONTENT under PATH_NAME);
    OVERRIDES replace fields (None drops one)."""
    fields = {
        ":action": "file_upload", "protocol_version": "1", "metadata_version": "2.1", "name": LIB,
        "version": "1.0.0", "summary": "Granary demo library", "filetype": "bdist_wheel", "pyversion": "py3",
        "sha256_digest": hashlib.sha256(content).hexdigest(),
        "blake2_256_digest": hashlib.blake2b(content, digest_size=32).hexdigest(),
    }
    fields.update(overrides)
    return [(k, (None, v)) for k, v in fields.items() if v is not None] + [
        ("content", (path_name, content, "application/octet-stream"))]


def post_form(repository, token: str, files: list):
    return repository.http("POST", repository.endpoint("pypi"), token, basic=True, files=files)


def cut_wheel(data: bytes) -> bytes:
    """The wheel with 60 bytes cut from its first member's data: Python's zipfile (and so twine)
    still reads the METADATA through the shifted central directory, but the archive is broken."""
    return data[:90] + data[150:]


# ------------------------------------------------------------------------------------ PyPI
def test_twine_upload_of_a_broken_wheel_is_rejected(repository, clients, dists, tmp_path, nothing_stored):
    wheel = dists(LIB, "1.0.0").wheel
    broken = tmp_path / "broken" / wheel.name
    broken.parent.mkdir()
    broken.write_bytes(cut_wheel(wheel.read_bytes()))
    publisher = clients()
    publisher.login("twine")
    ok(publisher.twine("check", str(broken)))  # twine itself finds nothing wrong...
    # ...the server does: a client error, neither "not found" (the route exists) nor an auth failure.
    failed(publisher.twine_upload(broken), r"HTTPError: 4(?!01|04)\d\d ")
    assert repository.versions("pypi", LIB) == {}


def test_truncated_wheels_and_bad_multipart_bodies_are_400(repository, dists, nothing_stored):
    token = repository.token()
    wheel = dists(LIB, "1.0.0").wheel
    data = wheel.read_bytes()
    cases = {
        "truncated wheel": twine_form(wheel.name, data[: len(data) // 2]),
        "wheel cut in the middle": twine_form(wheel.name, cut_wheel(data)),
        "digest mismatch": twine_form(wheel.name, data, sha256_digest="0" * 64),
        "no content": [f for f in twine_form(wheel.name, data) if f[0] != "content"],
        "not a wheel": twine_form(wheel.name, b"PK\x03\x04 not really a zip archive" * 10),
    }
    for name, files in cases.items():
        r = post_form(repository, token, files)
        assert r.status_code == 400, (name, r.status_code, r.text[:300])

    endpoint = repository.endpoint("pypi")
    good = "--xyzzy\r\nContent-Disposition: form-data; name=\":action\"\r\n\r\nfile_upload\r\n"
    raw = {
        "no closing delimiter": ("multipart/form-data; boundary=xyzzy", good.encode()),
        "no boundary parameter": ("multipart/form-data", (good + "--xyzzy--\r\n").encode()),
        "boundary never appears": ("multipart/form-data; boundary=xyzzy", b"garbage" * 100),
        "part without headers' end": ("multipart/form-data; boundary=xyzzy",
                                      b"--xyzzy\r\nContent-Disposition: form-data; name=\"content\"" + b"x" * 500),
        "not multipart": ("application/json", b'{":action": "file_upload"}'),
    }
    for name, (content_type, body) in raw.items():
        r = repository.http("POST", endpoint, token, basic=True, data=body, headers={"Content-Type": content_type})
        assert r.status_code in (400, 415), (name, r.status_code, r.text[:300])
        if name != "not multipart":
            assert r.status_code == 400, (name, r.status_code)
    assert repository.versions("pypi", LIB) == {}


def test_pypi_names_with_dot_dot_are_rejected(repository, dists, nothing_stored):
    token = repository.token()
    wheel = dists(LIB, "1.0.0").wheel
    data = wheel.read_bytes()
    uploads = {
        "name ..": twine_form(wheel.name, data, name=".."),
        "name ../granary-demo-lib": twine_form(wheel.name, data, name="../granary-demo-lib"),
        "file name ../…": twine_form("../" + wheel.name, data),
        "file name ..%2f…": twine_form("..%2f" + wheel.name, data),
        "file name ..": twine_form("..", data),
    }
    for name, files in uploads.items():
        r = post_form(repository, token, files)
        assert 400 <= r.status_code < 500, (name, r.status_code, r.text[:300])
    endpoint = repository.endpoint("pypi")
    for path in ("simple/..%2f..%2fgranary-demo-lib/", "simple/%2e%2e/", "simple/granary-demo-lib/..%2f..%2fx.whl"):
        r = repository.http("GET", endpoint + path, token, basic=True)
        assert 400 <= r.status_code < 500, (path, r.status_code, r.text[:300])


# ------------------------------------------------------------------------------------ npm
def npm_publish_body(name: str, version: str, tarball: bytes, shasum: str | None = None) -> dict:
    """What `npm publish` PUTs: the packument with one version and its base64 attachment."""
    filename = f"{name.split('/')[-1]}-{version}.tgz"
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    return {
        "_id": name, "name": name, "description": "Granary demo library",
        "dist-tags": {"latest": version},
        "versions": {version: {
            "name": name, "version": version, "description": "Granary demo library", "main": "index.js",
            "license": "MIT", "_id": f"{name}@{version}",
            "dist": {"integrity": integrity, "shasum": shasum or hashlib.sha1(tarball).hexdigest(),
                     "tarball": f"http://registry.invalid/{name}/-/{filename}"}}},
        "access": None,
        "_attachments": {filename: {"content_type": "application/octet-stream",
                                    "data": base64.b64encode(tarball).decode(), "length": len(tarball)}},
    }


def npm_put(repository, token: str, name: str, body):
    url = repository.endpoint("npm") + name.replace("/", "%2f")
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return repository.http("PUT", url, token, data=data,
                           headers={"Content-Type": "application/json", "npm-command": "publish"})


@pytest.fixture
def lib_tarball(clients, npm_package):
    """granary-demo-lib 1.0.0 as `npm pack` makes it."""
    c = clients("packer")
    pkg = npm_package(LIB, "1.0.0")
    packed = c.npm_json("pack", "--pack-destination", str(c.home), cwd=pkg.dir)[0]
    return (c.home / packed["filename"]).read_bytes()


def test_npm_publish_with_a_wrong_shasum_is_400(repository, clients, npm_package, lib_tarball, nothing_stored):
    c = clients()
    c.login("npm")
    pkg = npm_package(LIB, "1.0.0")
    # npm itself, its body altered on the way out (JSON.stringify patched by a --require preload).
    env = c.env | {"NODE_OPTIONS": f"--require {FIXTURES / 'npm' / 'tamper-shasum.js'}"}
    text = failed(c.npm("publish", cwd=pkg.dir, env=env), r"E400", r"400")
    assert "PUT" in text
    assert repository.versions("npm", LIB) == {}

    # By hand: the shasum, the integrity, the attachment's length, and an attachment that is no tarball.
    token = repository.token()
    good = npm_publish_body(LIB, "1.0.0", lib_tarball)
    cases = {"shasum": npm_publish_body(LIB, "1.0.0", lib_tarball, shasum="0" * 40)}
    bad_integrity = json.loads(json.dumps(good))
    bad_integrity["versions"]["1.0.0"]["dist"]["integrity"] = "sha512-" + base64.b64encode(b"\0" * 64).decode()
    cases["integrity"] = bad_integrity
    other_bytes = npm_publish_body(LIB, "1.0.0", lib_tarball)
    other_bytes["_attachments"]["granary-demo-lib-1.0.0.tgz"]["data"] = base64.b64encode(lib_tarball[:-10]).decode()
    cases["attachment cut short"] = other_bytes
    cases["not a tarball"] = npm_publish_body(LIB, "1.0.0", b"not a gzip stream at all")
    for name, body in cases.items():
        r = npm_put(repository, token, LIB, body)
        assert r.status_code == 400, (name, r.status_code, r.text[:300])
        # npm prints the body's "error" member after the status line.
        assert r.headers.get("Content-Type", "").startswith("application/json"), (name, r.headers)
        assert isinstance(r.json().get("error"), str), (name, r.text[:300])
    for name, body in {"invalid JSON": b'{"name": "granary-demo-lib", ', "no attachments": {
            **{k: v for k, v in good.items() if k != "_attachments"}}}.items():
        r = npm_put(repository, token, LIB, body)
        assert r.status_code == 400, (name, r.status_code, r.text[:300])
    assert repository.versions("npm", LIB) == {}


def test_npm_names_with_dot_dot_are_rejected(repository, lib_tarball, nothing_stored):
    token = repository.token()
    for name in ("..", "../granary-demo-lib", "@acme/..", "@../granary-demo-lib", "granary..lib/.."):
        r = npm_put(repository, token, name, npm_publish_body(name, "1.0.0", lib_tarball))
        assert 400 <= r.status_code < 500, (name, r.status_code, r.text[:300])
    endpoint = repository.endpoint("npm")
    for path in ("..%2f..%2fgranary-demo-lib", "%2e%2e", "@acme%2f%2e%2e", "granary-demo-lib/-/..%2f..%2fx.tgz"):
        r = repository.http("GET", endpoint + path, token)
        assert 400 <= r.status_code < 500, (path, r.status_code, r.text[:300])
