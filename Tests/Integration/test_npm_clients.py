"""npm with the real client: `aws codeartifact login --tool npm` writes ~/.npmrc (registry = the
repository endpoint, a `_authToken` for its path) in a HOME of its own; `npm publish` of an
unscoped and a scoped (`@acme/…`) package, `npm install` of the scoped one with its dependency from
a clean cache, `npm view`, `dist-tag add/ls/rm`, `deprecate`, `unpublish name@ver`, `ping`,
`whoami`; wrong, revoked and expired tokens are E401s npm prints."""
import hashlib
import json
import re
import subprocess
from urllib.parse import urlsplit

import pytest

# client_support's fixtures (repository, clients, dists, npm_package) as a plugin of this module.
pytest_plugins = ["client_support"]
pytest.register_assert_rewrite("client_support")
from client_support import NODE, failed, ok, output  # noqa: E402

LIB, APP = "granary-demo-lib", "@acme/granary-demo-app"


def publish(client, package):
    proc = ok(client.npm("publish", cwd=package.dir))
    assert f"+ {package.name}@{package.version}" in output(proc), output(proc)
    return proc


def consumer_project(path, dependencies: dict):
    path.mkdir(parents=True)
    (path / "package.json").write_text(json.dumps({"name": "granary-consumer", "version": "1.0.0", "private": True,
                                                   "dependencies": dependencies}, indent=2))
    return path


def test_login_writes_the_npmrc(repository, clients):
    endpoint = repository.endpoint("npm")
    assert endpoint == f"{repository.stack.https}/d/{repository.domain}-{repository.owner}/npm/{repository.name}/"
    c = clients()
    c.login("npm")
    rc = c.npmrc.read_text()
    assert re.search(rf"^registry={re.escape(endpoint)}$", rc, re.M), rc
    prefix = "//" + endpoint.split("://", 1)[1]
    assert re.search(rf"^{re.escape(prefix)}:_authToken=\S+$", rc, re.M), rc
    token = c.npm_token()
    assert not re.search(r"[:@/%+=?# ]", token), token
    assert ok(c.npm("config", "get", "registry")).stdout.strip() == endpoint


def test_packages_pack(clients, npm_package):
    """The harness itself: both templates pack with npm (what `npm publish` attaches)."""
    c = clients()
    for project, name in (("granary-demo-lib", LIB), ("granary-demo-app", APP)):
        pkg = npm_package(project, "1.0.0")
        packed = c.npm_json("pack", "--dry-run", cwd=pkg.dir)[0]
        assert packed["name"] == name and packed["version"] == "1.0.0"
        assert {f["path"] for f in packed["files"]} == {"package.json", "index.js", "README.md"}
        assert packed["shasum"] and packed["integrity"].startswith("sha512-")


def test_publish_then_install_with_the_dependency_from_a_clean_cache(repository, clients, npm_package, tmp_path):
    lib, app = npm_package("granary-demo-lib", "1.0.0"), npm_package("granary-demo-app", "1.0.0")
    publisher = clients("publisher")
    publisher.login("npm")
    publish(publisher, lib)
    publish(publisher, app)
    assert repository.versions("npm", LIB) == {"1.0.0": "Published"}
    assert repository.versions("npm", "granary-demo-app", namespace="acme") == {"1.0.0": "Published"}

    consumer = clients("consumer")
    consumer.login("npm")
    project = consumer_project(tmp_path / "consumer", {APP: "^1.0.0"})
    cache = tmp_path / "npm-cache"
    ok(consumer.npm("install", "--cache", str(cache), "--no-audit", "--no-fund", cwd=project))
    run = subprocess.run([NODE, "-e", "console.log(require('@acme/granary-demo-app').main())"], cwd=project,
                         capture_output=True, text=True)
    assert run.stdout.strip() == "hello @acme/granary-demo-app 1.0.0 from granary-demo-lib 1.0.0", run

    # The lock file: both tarballs came from under the registry path, with the integrity npm checked.
    lock = json.loads((project / "package-lock.json").read_text())["packages"]
    endpoint = repository.endpoint("npm")
    for key, name in ((f"node_modules/{APP}", APP), (f"node_modules/{LIB}", LIB)):
        entry = lock[key]
        assert entry["version"] == "1.0.0"
        assert entry["resolved"].startswith(endpoint), (entry["resolved"], endpoint)
        assert entry["integrity"].startswith("sha512-")
    assert lock[f"node_modules/{APP}"]["dependencies"] == {LIB: "^1.0.0"}


def test_view_dist_tags_deprecate_and_unpublish(repository, clients, npm_package):
    c = clients()
    c.login("npm")
    for version in ("1.0.0", "1.1.0"):
        publish(c, npm_package("granary-demo-lib", version))
    publish(c, npm_package("granary-demo-app", "1.0.0"))

    view = c.npm_json("view", LIB)
    assert view["name"] == LIB and view["version"] == "1.1.0"
    assert view["versions"] == ["1.0.0", "1.1.0"]
    assert view["dist-tags"] == {"latest": "1.1.0"}
    assert view["description"] == "Granary demo library" and view["license"] == "MIT"
    tarball = view["dist"]["tarball"]
    assert tarball.startswith(repository.endpoint("npm")), tarball
    assert re.fullmatch(r"[0-9a-f]{40}", view["dist"]["shasum"]) and view["dist"]["integrity"].startswith("sha512-")
    r = repository.http("GET", tarball, repository.token())
    assert r.status_code == 200 and hashlib.sha1(r.content).hexdigest() == view["dist"]["shasum"]
    scoped = c.npm_json("view", APP)
    assert scoped["name"] == APP and scoped["dependencies"] == {LIB: "^1.0.0"}

    # dist-tags
    ok(c.npm("dist-tag", "add", f"{LIB}@1.0.0", "beta"))
    tags = ok(c.npm("dist-tag", "ls", LIB)).stdout
    assert "beta: 1.0.0" in tags and "latest: 1.1.0" in tags, tags
    assert c.npm_json("view", LIB, "dist-tags") == {"latest": "1.1.0", "beta": "1.0.0"}
    ok(c.npm("dist-tag", "rm", LIB, "beta"))
    tags = ok(c.npm("dist-tag", "ls", LIB)).stdout
    assert "beta" not in tags and "latest: 1.1.0" in tags, tags

    # deprecate
    ok(c.npm("deprecate", f"{LIB}@1.0.0", "use 1.1.0"))
    assert c.npm_json("view", f"{LIB}@1.0.0", "deprecated") == "use 1.1.0"
    assert c.npm_json("view", f"{LIB}@1.1.0", "deprecated") is None
    assert c.npm_json("view", LIB)["versions"] == ["1.0.0", "1.1.0"]

    # unpublish one version: gone from the packument and from the repository's published versions.
    ok(c.npm("unpublish", f"{LIB}@1.0.0"))
    view = c.npm_json("view", LIB)
    assert view["versions"] == ["1.1.0"] and view["dist-tags"]["latest"] == "1.1.0"
    assert repository.versions("npm", LIB).get("1.0.0") != "Published"
    assert repository.versions("npm", LIB)["1.1.0"] == "Published"
    failed(c.npm("view", f"{LIB}@1.0.0", "version", "--json"), r"E404|ETARGET|No match")


def test_ping_and_whoami(repository, clients):
    c = clients()
    c.login("npm")
    ping = ok(c.npm("ping"))
    assert "PONG" in output(ping), output(ping)
    assert urlsplit(repository.endpoint("npm")).path in output(ping)
    who = ok(c.npm("whoami"))
    assert who.stdout.strip(), output(who)


def test_wrong_revoked_and_expired_tokens_are_e401(repository, clients, npm_package, tmp_path):
    lib = npm_package("granary-demo-lib", "1.0.0")
    publisher = clients("publisher")
    publisher.login("npm")
    publish(publisher, lib)  # control

    cases = {"wrong": lambda c: c.set_npm_token("not-a-granary-token"),
             "expired": lambda c: c.set_npm_token(repository.expired_token()),
             "revoked": lambda c: repository.revoke(c.npm_token())}
    for name, spoil in cases.items():
        c = clients(name)
        c.login("npm")
        ok(c.npm("view", LIB, "version"))  # control: the login's token works
        spoil(c)
        failed(c.npm("view", LIB, "version"), r"E401")
        failed(c.npm("publish", cwd=npm_package("granary-demo-lib", "1.1.0", note=name).dir), r"E401")
        project = tmp_path / f"consumer-{name}"
        project.mkdir()
        (project / "package.json").write_text(json.dumps({"name": "c", "version": "1.0.0",
                                                          "dependencies": {LIB: "^1.0.0"}}))
        failed(c.npm("install", "--cache", str(tmp_path / f"cache-{name}"), "--no-audit", cwd=project), r"E401")
        failed(c.npm("whoami"), r"E401")
    assert repository.versions("npm", LIB) == {"1.0.0": "Published"}
