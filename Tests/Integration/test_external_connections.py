"""External connections with the real clients: a "public" PyPI (pypiserver) and a "public" npm
registry (a static directory) run on loopback, and the stack's public:pypi and public:npmjs point
at them (conftest). Through a repository whose upstream holds the connection, pip and npm
install; the version is then stored in both repositories (origin EXTERNAL); with the public
server stopped, the same install still succeeds from a clean client cache; a version published
upstream appears once the metadata TTL (2 s in tests) has passed; an internal package is never
shadowed by a higher public version (dependency confusion)."""
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
import requests

pytest_plugins = ["client_support"]
pytest.register_assert_rewrite("client_support")
from client_support import PackageRepo, ok, output  # noqa: E402
from format_fixtures import format_repo, npm_tarball, wheel  # noqa: E402


class PublicServer:
    """A subprocess serving DIRECTORY on PORT; stop() and start() again on the same port."""

    def __init__(self, command: list, port: int, directory: Path):
        self.command, self.port, self.directory, self.proc = command, port, directory, None

    def start(self):
        self.proc = subprocess.Popen(self.command, cwd=self.directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                requests.get(f"http://127.0.0.1:{self.port}/", timeout=1)
                return self
            except requests.RequestException:
                time.sleep(0.1)
        raise AssertionError(f"{self.command} did not start")

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None


@pytest.fixture(scope="module")
def public_pypi(stack, tmp_path_factory):
    directory = tmp_path_factory.mktemp("public-pypi")
    server = PublicServer([sys.executable, "-m", "pypiserver", "run", "-p", str(stack.public_pypi_port), "-i", "127.0.0.1",
                           "-a", ".", "-P", ".", "--backend", "simple-dir", str(directory)],
                          stack.public_pypi_port, directory).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def public_npm(stack, tmp_path_factory):
    directory = tmp_path_factory.mktemp("public-npm")
    server = PublicServer([sys.executable, "-m", "http.server", str(stack.public_npm_port), "--bind", "127.0.0.1"],
                          stack.public_npm_port, directory).start()
    yield server
    server.stop()


def offer_wheel(server: PublicServer, name: str, version: str, **kw) -> bytes:
    filename, data = wheel(name, version, **kw)
    (server.directory / filename).write_bytes(data)
    return data


def offer_npm(server: PublicServer, name: str, version: str, **kw) -> bytes:
    """Adds VERSION to the static registry: the packument at /NAME, the tarball under /tarballs/."""
    data = npm_tarball(name, version, **kw)
    (server.directory / "tarballs").mkdir(exist_ok=True)
    (server.directory / "tarballs" / f"{name}-{version}.tgz").write_bytes(data)
    packument_path = server.directory / name
    doc = json.loads(packument_path.read_text()) if packument_path.exists() else {"name": name, "versions": {}, "dist-tags": {}}
    doc["versions"][version] = {"name": name, "version": version, "description": kw.get("note") or name,
                                "dependencies": kw.get("dependencies") or {},
                                "dist": {"shasum": hashlib.sha1(data).hexdigest(),
                                         "tarball": f"http://127.0.0.1:{server.port}/tarballs/{name}-{version}.tgz"}}
    doc["dist-tags"]["latest"] = version
    packument_path.write_text(json.dumps(doc))
    return data


def connected_repos(cp, domain, fmt: str):
    """`app` whose upstream `store` holds the external connection."""
    c = cp.client()
    c.create_repository(domain=domain, repository="store")
    c.associate_external_connection(domain=domain, repository="store",
                                    externalConnection="public:pypi" if fmt == "pypi" else "public:npmjs")
    c.create_repository(domain=domain, repository="app", upstreams=[{"repositoryName": "store"}])
    return format_repo(cp, domain, "app"), format_repo(cp, domain, "store")


def origins(cp, domain, repository, fmt, package):
    out = cp.client().list_package_versions(domain=domain, repository=repository, format=fmt, package=package)
    return {v["version"]: (v["status"], v["origin"]["originType"]) for v in out["versions"]}


def test_pip_installs_through_the_connection_and_keeps_working_when_the_registry_is_down(cp, domain, clients, public_pypi):
    offer_wheel(public_pypi, "leftpad-py", "1.0.0")
    app, store = connected_repos(cp, domain, "pypi")
    client = clients()
    client.login("pip", repo=PackageRepo(cp, domain, cp.admin.account, "app"))
    proc = ok(client.pip_install("leftpad-py", target=client.home / "one"))
    assert "Successfully installed leftpad-py-1.0.0" in proc.stdout, output(proc)
    assert origins(cp, domain, "store", "pypi", "leftpad-py") == {"1.0.0": ("Published", "EXTERNAL")}
    assert origins(cp, domain, "app", "pypi", "leftpad-py") == {"1.0.0": ("Published", "EXTERNAL")}
    described = cp.client().describe_package_version(domain=domain, repository="app", format="pypi", package="leftpad-py",
                                                     packageVersion="1.0.0")["packageVersion"]
    assert described["origin"]["domainEntryPoint"] == {"externalConnectionName": "public:pypi"}, described

    public_pypi.stop()
    try:
        time.sleep(2.5)  # past the TTL: the page must be revalidated, and the registry is down
        proc = ok(client.pip_install("leftpad-py", target=client.home / "two"))
        assert "Successfully installed leftpad-py-1.0.0" in proc.stdout, output(proc)
    finally:
        public_pypi.start()

    offer_wheel(public_pypi, "leftpad-py", "1.1.0")
    time.sleep(2.5)
    assert "1.1.0" in app.pypi_versions("leftpad-py")
    proc = ok(client.pip_install("leftpad-py==1.1.0", target=client.home / "three"))
    assert "Successfully installed leftpad-py-1.1.0" in proc.stdout, output(proc)


def test_npm_installs_through_the_connection_and_keeps_working_when_the_registry_is_down(cp, domain, clients, public_npm, tmp_path):
    offer_npm(public_npm, "leftpad-js", "1.0.0")
    app, store = connected_repos(cp, domain, "npm")
    client = clients()
    client.login("npm", repo=PackageRepo(cp, domain, cp.admin.account, "app"))
    project = tmp_path / "consumer"
    project.mkdir()
    (project / "package.json").write_text(json.dumps({"name": "consumer", "version": "1.0.0", "private": True,
                                                      "dependencies": {"leftpad-js": "^1.0.0"}}))
    ok(client.npm("install", cwd=project))
    assert json.loads((project / "node_modules" / "leftpad-js" / "package.json").read_text())["version"] == "1.0.0"
    assert origins(cp, domain, "store", "npm", "leftpad-js") == {"1.0.0": ("Published", "EXTERNAL")}
    assert origins(cp, domain, "app", "npm", "leftpad-js") == {"1.0.0": ("Published", "EXTERNAL")}

    public_npm.stop()
    try:
        time.sleep(2.5)
        shutil.rmtree(project / "node_modules")
        (project / "package-lock.json").unlink()
        shutil.rmtree(client.cache, ignore_errors=True)
        ok(client.npm("install", cwd=project))
        assert (project / "node_modules" / "leftpad-js").exists()
    finally:
        public_npm.start()

    offer_npm(public_npm, "leftpad-js", "1.1.0")
    time.sleep(2.5)
    packument = app.packument("leftpad-js").json()
    assert set(packument["versions"]) == {"1.0.0", "1.1.0"}
    assert packument["dist-tags"]["latest"] == "1.1.0"


def test_an_internal_package_is_never_shadowed_by_a_higher_public_version(cp, domain, clients, public_pypi):
    app, store = connected_repos(cp, domain, "pypi")
    assert app.pypi_upload("acme-utils", "1.0.0").status_code == 200
    offer_wheel(public_pypi, "acme-utils", "99.0.0", note="impostor")
    assert app.pypi_versions("acme-utils") == ["1.0.0"]
    client = clients()
    client.login("pip", repo=PackageRepo(cp, domain, cp.admin.account, "app"))
    proc = ok(client.pip_install("acme-utils", target=client.home / "site"))
    assert "Successfully installed acme-utils-1.0.0" in proc.stdout, output(proc)
    assert app.pypi_download("acme-utils", "99.0.0").status_code == 404
    assert origins(cp, domain, "app", "pypi", "acme-utils") == {"1.0.0": ("Published", "INTERNAL")}


def test_a_missing_package_is_a_404_and_a_tampered_tarball_is_refused(cp, domain, public_npm):
    app, store = connected_repos(cp, domain, "npm")
    assert app.packument("no-such-package").status_code == 404
    # The registry's tarball no longer matches the dist.shasum of its own packument: refused, and
    # nothing is stored in either repository.
    offer_npm(public_npm, "tampered-js", "1.0.0")
    (public_npm.directory / "tarballs" / "tampered-js-1.0.0.tgz").write_bytes(npm_tarball("tampered-js", "1.0.0", note="swapped"))
    assert "1.0.0" in app.packument("tampered-js").json()["versions"]
    r = app.npm_tarball("tampered-js", "1.0.0")
    assert r.status_code == 400 and "dist.shasum" in r.json()["error"], r.text
    for repository in ("app", "store"):
        with pytest.raises(cp.client().exceptions.ResourceNotFoundException):
            cp.client().list_package_versions(domain=domain, repository=repository, format="npm", package="tampered-js")


def test_the_external_upstream_restriction_of_package_groups(cp, domain, public_npm):
    offer_npm(public_npm, "grouped-js", "1.0.0")
    app, store = connected_repos(cp, domain, "npm")
    c = cp.client()
    c.create_package_group(domain=domain, packageGroup="/npm//grouped-js$")
    c.update_package_group_origin_configuration(domain=domain, packageGroup="/npm//grouped-js$",
                                                restrictions={"EXTERNAL_UPSTREAM": "BLOCK"})
    assert app.packument("grouped-js").status_code == 404
    assert app.npm_tarball("grouped-js", "1.0.0").status_code == 404
    # Allowed for the repository holding the connection: the registry's versions come through.
    c.update_package_group_origin_configuration(
        domain=domain, packageGroup="/npm//grouped-js$", restrictions={"EXTERNAL_UPSTREAM": "ALLOW_SPECIFIC_REPOSITORIES"},
        addAllowedRepositories=[{"repositoryName": "store", "originRestrictionType": "EXTERNAL_UPSTREAM"}])
    assert set(app.packument("grouped-js").json()["versions"]) == {"1.0.0"}
    assert app.npm_tarball("grouped-js", "1.0.0").status_code == 200
    assert origins(cp, domain, "store", "npm", "grouped-js") == {"1.0.0": ("Published", "EXTERNAL")}
