"""PyPI with the real clients: `aws codeartifact login --tool twine|pip` configures each in its own
HOME; twine uploads wheels and sdists built offline (multipart POST at the repository endpoint);
pip resolves granary-demo-app and its dependency granary-demo-lib from `simple/` (PEP 503 HTML or
PEP 691 JSON, relative links with #sha256=, PEP 658 `.metadata`); re-uploads are idempotent,
changed bytes under a published file name are a 409; wrong, revoked and expired tokens are 401s
the clients print."""
import hashlib
import re
import subprocess
import sys

import pytest

# client_support's fixtures (repository, clients, dists, npm_package) as a plugin of this module.
pytest_plugins = ["client_support"]
pytest.register_assert_rewrite("client_support")
from client_support import (PIP_ACCEPT, SIMPLE_JSON, anchors, failed, ok, output,  # noqa: E402
                            simple_files, simple_url)

LIB, APP = "granary-demo-lib", "granary-demo-app"


def upload(client, *dist_list):
    """twine upload of every file of DIST_LIST (exit 0 required); returns the output."""
    files = [f for d in dist_list for f in d.files]
    proc = ok(client.twine_upload(*files))
    for f in files:
        assert f.name in output(proc), output(proc)
    return output(proc)


def test_login_writes_pip_and_twine_configurations(repository, clients):
    endpoint = repository.endpoint("pypi")
    assert endpoint == (f"{repository.stack.https}/d/{repository.domain}-{repository.owner}/pypi/"
                        f"{repository.name}/")
    pip, twine = clients("pip"), clients("twine")

    pip.login("pip")
    url = pip.pip_index_url()
    m = re.fullmatch(r"https://aws:([^@]+)@127\.0\.0\.1:(\d+)(/.*)", url)
    assert m, url
    token = m.group(1)
    assert int(m.group(2)) == repository.stack.https_port
    assert m.group(3) == endpoint.split(f":{repository.stack.https_port}", 1)[1] + "simple/"
    assert not re.search(r"[:@/%+=?# ]", token), f"token not safe in a URL: {token!r}"

    twine.login("twine")
    text = twine.pypirc.read_text()
    assert "index-servers" in text and "codeartifact" in text, text
    import configparser
    conf = configparser.ConfigParser()
    conf.read(twine.pypirc)
    section = conf["codeartifact"]
    assert section["repository"] == endpoint
    assert section["username"] == "aws"
    assert section["password"] and not re.search(r"[:@/%+=?# ]", section["password"])


def test_distributions_build_offline(dists):
    """The harness itself: wheel + sdist of both projects, with what the server will read."""
    lib, app = dists(LIB, "1.0.0"), dists(APP, "1.0.0")
    assert lib.wheel.name == "granary_demo_lib-1.0.0-py3-none-any.whl"
    assert app.sdist.name.endswith("-1.0.0.tar.gz")
    meta = app.wheel_metadata().decode()
    assert "Name: granary-demo-app" in meta and "Version: 1.0.0" in meta
    # Older setuptools (Debian's 66) write the specifier in parentheses: "granary-demo-lib (>=1.0)".
    assert re.search(r"^Requires-Dist: granary-demo-lib ?\(?>=1\.0\)?$", meta, re.M), meta
    assert "Summary: Granary demo application" in meta and "License: MIT" in meta
    assert "Description-Content-Type: text/markdown" in meta and app.readme.strip() in meta
    assert b"Name: granary-demo-lib" in lib.sdist_pkg_info()
    # A note makes other bytes under the same file names (the conflict test needs them).
    other = dists(LIB, "1.0.0", note="rebuilt")
    assert other.wheel.name == lib.wheel.name and other.wheel.read_bytes() != lib.wheel.read_bytes()


def test_twine_upload_then_pip_install_with_the_dependency(repository, clients, dists):
    lib, app = dists(LIB, "1.0.0"), dists(APP, "1.0.0")
    publisher = clients("publisher")
    publisher.login("twine")
    upload(publisher, lib, app)

    assert repository.versions("pypi", LIB) == {"1.0.0": "Published"}
    assert repository.versions("pypi", APP) == {"1.0.0": "Published"}
    assets = repository.aws("list-package-version-assets", "pypi", LIB, "--package-version", "1.0.0")["assets"]
    assert {a["name"]: a["hashes"]["SHA-256"] for a in assets} == {
        f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in lib.files}

    consumer = clients("consumer")
    consumer.login("pip")
    target = consumer.home / "site"
    proc = ok(consumer.pip_install(APP, target=target))
    assert re.search(r"Successfully installed granary-demo-app-1\.0\.0 granary-demo-lib-1\.0\.0", proc.stdout), \
        output(proc)
    run = subprocess.run([sys.executable, "-c", "import granary_demo_app; print(granary_demo_app.main())"],
                         env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True)
    assert run.stdout.strip() == "hello granary-demo-app 1.0.0 from granary-demo-lib 1.0.0", run
    # pip took the dependency from the app's PEP 658 metadata, then the wheels themselves.
    prefix = f"GET /d/{repository.domain}-{repository.owner}/pypi/{repository.name}/"
    assert repository.cp.access_log_lines(prefix, f"/{app.wheel.name}.metadata ", '" 200 ', wait=3)
    assert repository.cp.access_log_lines(prefix, f"/{lib.wheel.name} ", '" 200 ', wait=3)

    # The sdist too, through pip (its file name carries the project name with hyphens).
    downloads = consumer.home / "downloads"
    ok(consumer.pip("download", "--no-input", "--no-deps", "--no-binary", ":all:", "--no-build-isolation",
                    "-d", str(downloads), f"{LIB}==1.0.0"))
    assert [p.name for p in downloads.iterdir()] == [lib.sdist.name]
    assert (downloads / lib.sdist.name).read_bytes() == lib.sdist.read_bytes()


def test_simple_pages_html_and_json(repository, clients, dists):
    lib = dists(LIB, "1.0.0")
    publisher = clients()
    publisher.login("twine")
    upload(publisher, lib, dists(LIB, "1.1.0"))
    token = repository.token()
    expected = {f.name: hashlib.sha256(f.read_bytes()).hexdigest()
                for d in (lib, dists(LIB, "1.1.0")) for f in d.files}

    html = simple_files(repository, LIB, token)
    as_json = simple_files(repository, LIB, token, as_json=True)
    for files in (html, as_json):
        assert {f.filename: f.sha256 for f in files} == expected
        assert not any(f.yanked for f in files)
        assert len({f.url for f in files}) == len(files)
    assert {f.filename: f.url for f in html} == {f.filename: f.url for f in as_json}

    # HTML is the default; pip's own Accept header gets PEP 691 JSON.
    page = simple_url(repository, LIB)
    plain = repository.http("GET", page, token, basic=True)
    assert plain.status_code == 200 and plain.headers["Content-Type"].startswith("text/html"), plain.headers
    assert {a["text"].strip() for a in anchors(plain.text)} == set(expected)
    pipish = repository.http("GET", page, token, basic=True, headers={"Accept": PIP_ACCEPT})
    assert pipish.status_code == 200 and pipish.headers["Content-Type"].startswith(SIMPLE_JSON), pipish.headers
    assert {f["filename"] for f in pipish.json()["files"]} == set(expected)

    for f in html:
        # Every file downloads (Basic aws:TOKEN, as pip sends it) with the bytes uploaded.
        r = repository.http("GET", f.url, token, basic=True)
        assert r.status_code == 200, (f.url, r.status_code, r.text[:200])
        assert hashlib.sha256(r.content).hexdigest() == f.sha256
        if not f.filename.endswith(".whl"):
            continue
        # PEP 658: the wheel's METADATA next to it, announced with its hash.
        wheel = lib if f.filename == lib.wheel.name else dists(LIB, "1.1.0")
        assert f.metadata, f"no data-core-metadata on {f.filename}"
        meta = repository.http("GET", f.url + ".metadata", token, basic=True)
        assert meta.status_code == 200, (meta.status_code, meta.text[:200])
        assert meta.content == wheel.wheel_metadata()
        assert f.metadata == "sha256=" + hashlib.sha256(meta.content).hexdigest()
    json_meta = {f.filename: f.metadata for f in as_json if f.filename.endswith(".whl")}
    assert json_meta == {f.filename: f.metadata for f in html if f.filename.endswith(".whl")}

    # A project that does not exist: 404, for both representations.
    for accept in ("text/html", SIMPLE_JSON):
        r = repository.http("GET", simple_url(repository, "no-such-project"), token, basic=True,
                            headers={"Accept": accept})
        assert r.status_code == 404, (accept, r.status_code, r.text[:200])


def test_reuploads_are_idempotent_and_changed_bytes_are_409(repository, clients, dists):
    lib = dists(LIB, "1.0.0")
    publisher = clients()
    publisher.login("twine")
    upload(publisher, lib)
    # The same files again: success, so a re-run of a release job passes. (twine 7 refuses
    # --skip-existing for every repository but PyPI's own, before sending anything; an
    # idempotent upload is what makes it unnecessary here.)
    upload(publisher, lib)

    # Another wheel under the same file name: 409, printed by twine; the first bytes stay.
    changed = dists(LIB, "1.0.0", note="These bytes differ from the first upload's.")
    assert changed.wheel.name == lib.wheel.name
    failed(publisher.twine_upload(changed.wheel), r"409")
    token = repository.token()
    stored = {f.filename: f for f in simple_files(repository, LIB, token)}
    assert stored[lib.wheel.name].sha256 == hashlib.sha256(lib.wheel.read_bytes()).hexdigest()
    r = repository.http("GET", stored[lib.wheel.name].url, token, basic=True)
    assert r.content == lib.wheel.read_bytes()
    assert repository.versions("pypi", LIB) == {"1.0.0": "Published"}


def test_wrong_revoked_and_expired_tokens_are_401s_the_clients_print(repository, clients, dists):
    lib = dists(LIB, "1.0.0")
    publisher = clients("publisher")
    publisher.login("twine")
    upload(publisher, lib)  # control: the token login wrote works

    consumer = clients("consumer")
    consumer.login("pip")
    ok(consumer.pip_install(LIB, target=consumer.home / "ok"))  # control

    bad_tokens = {"wrong": "not-a-granary-token", "expired": repository.expired_token()}
    for name, bad in bad_tokens.items():
        twine = clients(f"twine-{name}")
        twine.login("twine")
        twine.set_twine_token(bad)
        failed(twine.twine_upload(*dists(LIB, "1.1.0").files), r"40[13]")

        pip = clients(f"pip-{name}")
        pip.login("pip")
        pip.set_pip_token(bad)
        failed(pip.pip_install(LIB, target=pip.home / "site"), r"401")

    # Revoked: the very tokens login wrote stop working.
    twine = clients("twine-revoked")
    twine.login("twine")
    import configparser
    conf = configparser.ConfigParser()
    conf.read(twine.pypirc)
    repository.revoke(conf["codeartifact"]["password"])
    failed(twine.twine_upload(*dists(LIB, "1.1.0").files), r"40[13]")

    pip = clients("pip-revoked")
    pip.login("pip")
    repository.revoke(re.search(r"//aws:([^@]+)@", pip.pip_index_url()).group(1))
    failed(pip.pip_install(LIB, target=pip.home / "site"), r"401")

    # Nothing got in.
    assert repository.versions("pypi", LIB) == {"1.0.0": "Published"}
