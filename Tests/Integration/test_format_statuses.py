"""Version statuses as the PyPI and npm clients see them, and what the control plane reads from
their distributions.

Statuses set with `aws codeartifact update-package-versions-status` (Unlisted, Archived, back to
Published) and `dispose-package-versions` (Disposed; UpdatePackageVersionsStatus refuses that
target): Published versions are listed; an Unlisted one is not offered (absent from the npm
packument and from Maven's maven-metadata.xml; in NuGet's registrations with `listed: false`
and absent from search; on the PyPI simple page listed as yanked, PEP 592,
so pip takes it only when pinned with ==) yet its exact file URL still downloads (mvn resolves it
when pinned); Archived and Disposed ones are neither listed nor
downloadable. list-package-versions, describe-package-version, list-package-version-dependencies
and get-package-version-readme show what the dists declare."""
import hashlib
import json
import xml.etree.ElementTree as ET

import pytest

# client_support's fixtures (repository, clients, dists, npm_package) as a plugin of this module.
pytest_plugins = ["client_support", "maven_support"]
pytest.register_assert_rewrite("client_support", "maven_support")
from client_support import NPM_NAMES, failed, ok, output, simple_files  # noqa: E402

LIB, APP = "granary-demo-lib", "granary-demo-app"
VERSIONS = ["1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0"]
#: What each version ends as (1.4.0 goes through Archived first).
FINAL = {"1.0.0": "Published", "1.1.0": "Unlisted", "1.2.0": "Archived", "1.3.0": "Disposed", "1.4.0": "Published"}
LISTED = ["1.0.0", "1.4.0"]


def apply_statuses(repository, fmt: str, package: str, namespace: str | None = None) -> None:
    repository.set_status(fmt, package, ["1.1.0"], "Unlisted", namespace=namespace)
    repository.set_status(fmt, package, ["1.2.0", "1.4.0"], "Archived", namespace=namespace)
    out = repository.aws("dispose-package-versions", fmt, package, "--versions", "1.3.0", namespace=namespace)
    assert out["successfulVersions"]["1.3.0"]["status"] == "Disposed", out
    repository.set_status(fmt, package, ["1.4.0"], "Published", namespace=namespace)
    assert repository.versions(fmt, package, namespace) == FINAL


def assert_unavailable(r, what: str) -> None:
    """Not downloadable: a 4xx that is not about the credentials (those are good)."""
    assert 400 <= r.status_code < 500 and r.status_code != 401, (what, r.status_code, r.text[:200])


# ------------------------------------------------------------------------------------ PyPI
def test_pypi_statuses(repository, clients, dists):
    built = {v: dists(LIB, v) for v in VERSIONS}
    publisher = clients("publisher")
    publisher.login("twine")
    ok(publisher.twine_upload(*[f for d in built.values() for f in d.files]))
    assert repository.versions("pypi", LIB) == {v: "Published" for v in VERSIONS}
    token = repository.token()
    urls = {f.filename: f.url for f in simple_files(repository, LIB, token)}
    assert set(urls) == {f.name for d in built.values() for f in d.files}

    apply_statuses(repository, "pypi", LIB)

    listed_files = {f.name for v in LISTED for f in built[v].files}
    unlisted_files = {f.name for f in built["1.1.0"].files}
    for as_json in (False, True):
        files = simple_files(repository, LIB, token, as_json=as_json)
        offered = {f.filename for f in files if not f.yanked}
        yanked = {f.filename for f in files if f.yanked}
        assert offered == listed_files, (as_json, offered)
        assert yanked == unlisted_files, (as_json, yanked)  # Unlisted: listed as yanked
        for f in files:
            if f.filename in listed_files:
                assert f.url == urls[f.filename]

    # pip: the newest listed version; never the Unlisted, Archived or Disposed ones.
    consumer = clients("consumer")
    consumer.login("pip")
    proc = ok(consumer.pip_install(LIB, target=consumer.home / "latest"))
    assert "Successfully installed granary-demo-lib-1.4.0" in proc.stdout, output(proc)
    for spec in ("granary-demo-lib>=1.1,<1.2", "granary-demo-lib==1.2.0", "granary-demo-lib==1.3.0"):
        failed(consumer.pip_install(spec, target=consumer.home / "none"), r"No matching distribution")

    # Exact file URLs: the Unlisted version's files still download; Archived and Disposed do not.
    for version, status in FINAL.items():
        for f in built[version].files:
            r = repository.http("GET", urls[f.name], token, basic=True)
            if status in ("Published", "Unlisted"):
                assert r.status_code == 200, (version, f.name, r.status_code, r.text[:200])
                assert r.content == f.read_bytes()
            else:
                assert_unavailable(r, f"{f.name} ({status})")
                if f.name.endswith(".whl"):
                    assert_unavailable(repository.http("GET", urls[f.name] + ".metadata", token, basic=True),
                                       f"{f.name}.metadata ({status})")


def test_pypi_version_details(repository, clients, dists):
    lib, app = dists(LIB, "1.0.0"), dists(APP, "1.0.0")
    publisher = clients()
    publisher.login("twine")
    ok(publisher.twine_upload(*lib.files, *app.files))

    listed = repository.aws("list-package-versions", "pypi", APP)
    assert listed["format"] == "pypi" and listed["package"] == APP
    assert [(v["version"], v["status"]) for v in listed["versions"]] == [("1.0.0", "Published")]
    assert listed["defaultDisplayVersion"] == "1.0.0"

    pv = repository.aws("describe-package-version", "pypi", APP, "--package-version", "1.0.0")["packageVersion"]
    assert (pv["format"], pv["packageName"], pv["version"], pv["status"]) == ("pypi", APP, "1.0.0", "Published")
    assert pv["summary"] == "Granary demo application"
    assert "MIT" in [lic["name"] for lic in pv.get("licenses", [])], pv

    deps = repository.aws("list-package-version-dependencies", "pypi", APP, "--package-version", "1.0.0")
    assert [(d["package"], d["versionRequirement"]) for d in deps["dependencies"]] == [(LIB, ">=1.0")], deps
    lib_deps = repository.aws("list-package-version-dependencies", "pypi", LIB, "--package-version", "1.0.0")
    assert lib_deps["dependencies"] == []

    readme = repository.aws("get-package-version-readme", "pypi", APP, "--package-version", "1.0.0")
    assert readme["readme"].strip() == app.readme.strip()

    assets = repository.aws("list-package-version-assets", "pypi", APP, "--package-version", "1.0.0")["assets"]
    assert {a["name"]: a["hashes"]["SHA-256"] for a in assets} == {
        f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in app.files}


# ------------------------------------------------------------------------------------ npm
def packument(repository, name: str, token: str) -> dict:
    url = repository.endpoint("npm") + name.replace("/", "%2f")
    r = repository.http("GET", url, token, headers={"Accept": "application/json"})
    assert r.status_code == 200, (url, r.status_code, r.text[:200])
    return r.json()


def test_npm_statuses(repository, clients, npm_package, tmp_path):
    name = NPM_NAMES[LIB]
    publisher = clients("publisher")
    publisher.login("npm")
    for v in VERSIONS:
        ok(publisher.npm("publish", cwd=npm_package(LIB, v).dir))
    assert repository.versions("npm", LIB) == {v: "Published" for v in VERSIONS}
    token = repository.token()
    tarballs = {v: meta["dist"]["tarball"] for v, meta in packument(repository, name, token)["versions"].items()}
    assert set(tarballs) == set(VERSIONS)
    before = {v: repository.http("GET", url, token) for v, url in tarballs.items()}
    assert {v: r.status_code for v, r in before.items()} == {v: 200 for v in VERSIONS}
    bytes_before = {v: r.content for v, r in before.items()}

    apply_statuses(repository, "npm", LIB)

    doc = packument(repository, name, token)
    assert sorted(doc["versions"]) == LISTED
    assert doc["dist-tags"]["latest"] == "1.4.0"

    consumer = clients("consumer")
    consumer.login("npm")
    assert consumer.npm_json("view", name, "versions") == LISTED
    project = tmp_path / "consumer"
    project.mkdir()
    (project / "package.json").write_text(json.dumps({"name": "c", "version": "1.0.0", "private": True}))
    cache = tmp_path / "npm-cache"
    ok(consumer.npm("install", "--cache", str(cache), "--no-audit", f"{name}@^1.0.0", cwd=project))
    assert json.loads((project / "node_modules" / name / "package.json").read_text())["version"] == "1.4.0"
    for v in ("1.1.0", "1.2.0", "1.3.0"):
        failed(consumer.npm("install", "--cache", str(cache), "--no-audit", f"{name}@{v}", cwd=project),
               r"ETARGET|No matching version")

    for v, status in FINAL.items():
        r = repository.http("GET", tarballs[v], token)
        if status in ("Published", "Unlisted"):
            assert r.status_code == 200, (v, r.status_code, r.text[:200])
            assert r.content == bytes_before[v]
        else:
            assert_unavailable(r, f"{tarballs[v]} ({status})")


def test_npm_version_details(repository, clients, npm_package):
    c = clients()
    c.login("npm")
    lib, app = npm_package(LIB, "1.0.0"), npm_package(APP, "1.0.0")
    ok(c.npm("publish", cwd=lib.dir))
    ok(c.npm("publish", cwd=app.dir))

    listed = repository.aws("list-package-versions", "npm", APP, namespace="acme")
    assert (listed["format"], listed["namespace"], listed["package"]) == ("npm", "acme", APP)
    assert [(v["version"], v["status"]) for v in listed["versions"]] == [("1.0.0", "Published")]

    pv = repository.aws("describe-package-version", "npm", APP, "--package-version", "1.0.0",
                        namespace="acme")["packageVersion"]
    assert (pv["format"], pv["namespace"], pv["packageName"], pv["version"]) == ("npm", "acme", APP, "1.0.0")
    assert pv["summary"] == "Granary demo application"
    assert pv["homePage"] == "https://example.invalid/granary-demo-app"
    assert [lic["name"] for lic in pv["licenses"]] == ["MIT"]

    deps = repository.aws("list-package-version-dependencies", "npm", APP, "--package-version", "1.0.0",
                          namespace="acme")["dependencies"]
    assert [(d.get("namespace"), d["package"], d["dependencyType"], d["versionRequirement"]) for d in deps] == [
        (None, LIB, "regular", "^1.0.0")], deps

    readme = repository.aws("get-package-version-readme", "npm", APP, "--package-version", "1.0.0", namespace="acme")
    assert readme["readme"].strip() == app.readme.strip()
    readme = repository.aws("get-package-version-readme", "npm", LIB, "--package-version", "1.0.0")
    assert readme["readme"].strip() == lib.readme.strip()


# ------------------------------------------------------------------------------------ Maven
MAVEN_GROUP = "com.acme.statuses"
DEPENDENCY_GET = "org.apache.maven.plugins:maven-dependency-plugin:3.5.0:get"


def maven_pom(version: str) -> bytes:
    return (f'<?xml version="1.0"?><project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
            f"<groupId>{MAVEN_GROUP}</groupId><artifactId>{LIB}</artifactId><version>{version}</version></project>").encode()


def test_maven_statuses(repository, mavens):
    """Deployed request by request as mvn deploys (each file, its .sha1, then the metadata), read
    back by the real mvn: the artifact's maven-metadata.xml lists Published versions only, a pinned
    Unlisted version still resolves (its files and, for a SNAPSHOT, its version-level metadata),
    Archived and Disposed ones are gone."""
    token = repository.token()
    base = repository.endpoint("maven") + f"{MAVEN_GROUP.replace('.', '/')}/{LIB}/"
    snapshot, build = "2.0.0-SNAPSHOT", "2.0.0-20261204.120000-1"
    jars = {v: f"PK jar of {v}".encode() for v in VERSIONS + [snapshot]}

    def put(url: str, body: bytes):
        for target, data in ((url, body), (url + ".sha1", hashlib.sha1(body).hexdigest().encode())):
            r = repository.http("PUT", target, token, basic=True, data=data)
            assert r.status_code == 201, (target, r.status_code, r.reason)

    def deploy(*versions: str):
        for v in versions:
            stem = f"{base}{v}/{LIB}-{build if v == snapshot else v}"
            put(stem + ".pom", maven_pom(v))
            put(stem + ".jar", jars[v])
        listed = "".join(f"<version>{v}</version>" for v in versions)
        put(base + "maven-metadata.xml", f"<metadata><groupId>{MAVEN_GROUP}</groupId><artifactId>{LIB}</artifactId>"
                                         f"<versioning><versions>{listed}</versions></versioning></metadata>".encode())

    deploy(*VERSIONS)
    assert repository.versions("maven", LIB, namespace=MAVEN_GROUP) == {v: "Published" for v in VERSIONS}
    apply_statuses(repository, "maven", LIB, namespace=MAVEN_GROUP)
    deploy(snapshot)
    repository.set_status("maven", LIB, [snapshot], "Unlisted", namespace=MAVEN_GROUP)
    assert repository.versions("maven", LIB, namespace=MAVEN_GROUP) == FINAL | {snapshot: "Unlisted"}

    r = repository.http("GET", base + "maven-metadata.xml", token, basic=True)
    assert r.status_code == 200, (r.status_code, r.text[:200])
    doc = ET.fromstring(r.content)
    assert [v.text for v in doc.iter("version")] == LISTED
    assert doc.findtext("versioning/latest") == doc.findtext("versioning/release") == "1.4.0"
    # The Unlisted SNAPSHOT's own document still answers: a pinned -SNAPSHOT dependency resolves.
    r = repository.http("GET", f"{base}{snapshot}/maven-metadata.xml", token, basic=True)
    assert r.status_code == 200 and ET.fromstring(r.content).findtext("versioning/snapshot/buildNumber") == "1", r.text

    for v, status in FINAL.items():
        url = f"{base}{v}/{LIB}-{v}.jar"
        r = repository.http("GET", url, token, basic=True)
        if status in ("Published", "Unlisted"):
            assert r.status_code == 200 and r.content == jars[v], (v, r.status_code)
        else:
            assert r.status_code == 404, (url, status, r.status_code)

    consumer = mavens("consumer")
    for v in ("1.0.0", "1.1.0", snapshot):  # Published, Unlisted, Unlisted SNAPSHOT: pinned, they resolve
        ok(consumer.mvn(DEPENDENCY_GET, f"-Dartifact={MAVEN_GROUP}:{LIB}:{v}", "-Dtransitive=false"))
    assert consumer.local_file_of(MAVEN_GROUP, LIB, snapshot, f"{LIB}-{snapshot}.jar").read_bytes() == jars[snapshot]
    for v in ("1.2.0", "1.3.0"):  # Archived, Disposed
        failed(consumer.mvn(DEPENDENCY_GET, f"-Dartifact={MAVEN_GROUP}:{LIB}:{v}", "-Dtransitive=false"),
               "Could not find artifact")
    # A range is resolved from the artifact's metadata: the newest listed version in it is 1.0.0
    # (1.1.0 is Unlisted, 1.2.0 Archived, 1.3.0 Disposed).
    project = consumer.home / "ranged"
    project.mkdir()
    (project / "pom.xml").write_text(f"""<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion><groupId>com.acme.consumer</groupId><artifactId>ranged</artifactId>
  <version>1.0.0</version><packaging>pom</packaging>
  <dependencies><dependency><groupId>{MAVEN_GROUP}</groupId><artifactId>{LIB}</artifactId>
    <version>[1.0.0,1.4.0)</version></dependency></dependencies>
</project>
""")
    proc = ok(consumer.mvn("org.apache.maven.plugins:maven-dependency-plugin:3.5.0:list", cwd=project))
    assert f"{MAVEN_GROUP}:{LIB}:jar:1.0.0:compile" in proc.stdout, output(proc)


# ------------------------------------------------------------------------------------ NuGet
def test_nuget_statuses(repository):
    """Pushed over the v3 API (no v3 client runs here): Unlisted versions stay in the flat
    container and the registration (`listed: false`, so an exact restore finds them) and leave
    search; Archived and Disposed ones are in neither and do not download."""
    from nupkg_builder import build_nupkg
    token = repository.token()
    base = repository.endpoint("nuget") + "v3/"
    packages = {v: build_nupkg("Granary.Demo.Lib", v) for v in VERSIONS}
    for data in packages.values():
        r = repository.http("PUT", base + "package", token, basic=True, files={"package": ("p.nupkg", data)})
        assert r.status_code == 201, (r.status_code, r.reason)
    apply_statuses(repository, "nuget", "Granary.Demo.Lib")

    def get(path: str, **kw):
        r = repository.http("GET", base + path, token, basic=True, **kw)
        assert r.status_code == 200, (path, r.status_code, r.reason)
        return r.json()

    assert get("flatcontainer/granary.demo.lib/index.json")["versions"] == ["1.0.0", "1.1.0", "1.4.0"]
    entries = {item["catalogEntry"]["version"]: item["catalogEntry"]["listed"]
               for page in get("registration-semver2/granary.demo.lib/index.json")["items"] for item in page["items"]}
    assert entries == {"1.0.0": True, "1.1.0": False, "1.4.0": True}
    found = get("query", params={"q": "granary.demo"})["data"]
    assert [v["version"] for v in found[0]["versions"]] == LISTED and found[0]["version"] == "1.4.0"
    for version, status in FINAL.items():
        r = repository.http("GET", f"{base}flatcontainer/granary.demo.lib/{version}/granary.demo.lib.{version}.nupkg", token, basic=True)
        if status in ("Published", "Unlisted"):
            assert r.status_code == 200 and r.content == packages[version], (version, r.status_code)
        else:
            assert r.status_code == 404, (version, status, r.status_code)
