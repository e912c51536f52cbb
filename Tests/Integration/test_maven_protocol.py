"""The Maven repository layout over HTTPS, request by request, as mvn, Gradle and curl send them
(CodeArtifact's `curl --user aws:$TOKEN --upload-file` included): files and their checksums,
the maven-metadata.xml documents Granary keeps, Unfinished until the metadata lists a version,
SNAPSHOT builds, a release's bytes never replaced, hostile POMs refused with nothing stored, and
the errors in the shape mvn prints (the status line's reason phrase; a Basic challenge on 401)."""
import hashlib
import xml.etree.ElementTree as ET

import pytest

pytest_plugins = ["client_support"]
pytest.register_assert_rewrite("client_support")

GROUP, ARTIFACT = "com.acme.proto", "widget"
GROUP_PATH = GROUP.replace(".", "/")


def pom(version: str, *, group: str = GROUP, artifact: str = ARTIFACT, extra: str = "") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>{group}</groupId><artifactId>{artifact}</artifactId><version>{version}</version>
  <name>Widget &amp; co</name><description>A widget for tests</description>
  <licenses><license><name>Apache-2.0</name><url>https://www.apache.org/licenses/LICENSE-2.0</url></license></licenses>
  <scm><url>https://example.com/widget.git</url></scm>
  <dependencies>
    <dependency><groupId>com.acme.proto</groupId><artifactId>gear</artifactId><version>2.0</version></dependency>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13.2</version><scope>test</scope></dependency>
    <dependency><groupId>com.acme.proto</groupId><artifactId>extra</artifactId><version>1.0</version><optional>true</optional></dependency>
  </dependencies>{extra}
</project>
""".encode()


def artifact_metadata(*versions: str, artifact: str = ARTIFACT) -> bytes:
    listed = "".join(f"<version>{v}</version>" for v in versions)
    return (f"<metadata><groupId>{GROUP}</groupId><artifactId>{artifact}</artifactId><versioning>"
            f"<versions>{listed}</versions><lastUpdated>20261204120000</lastUpdated></versioning></metadata>").encode()


class Maven:
    """Raw requests at the repository's Maven endpoint, with Basic `aws:TOKEN` as settings.xml sends it."""

    def __init__(self, repository):
        self.repository = repository
        self.base = repository.endpoint("maven")
        self.token = repository.token()

    def url(self, path: str) -> str:
        return self.base + path

    def get(self, path: str, token: str | None = "", method: str = "GET"):
        return self.repository.http(method, self.url(path), self.token if token == "" else token, basic=True)

    def put(self, path: str, body: bytes, token: str | None = ""):
        return self.repository.http("PUT", self.url(path), self.token if token == "" else token, basic=True, data=body)

    def deploy(self, version: str, files: dict[str, bytes], folder: str | None = None, checksums: bool = True):
        """PUTs each file (and its .sha1 and .md5, as mvn does) under the version's folder."""
        for name, body in files.items():
            path = f"{GROUP_PATH}/{ARTIFACT}/{folder or version}/{name}"
            r = self.put(path, body)
            assert r.status_code == 201, (path, r.status_code, r.reason, r.text)
            if checksums:
                for algorithm in ("sha1", "md5"):
                    r = self.put(path + "." + algorithm, hashlib.new(algorithm, body).hexdigest().encode())
                    assert r.status_code == 201, (path, algorithm, r.status_code, r.reason)


@pytest.fixture
def maven(repository):
    return Maven(repository)


def metadata_versions(xml: bytes) -> list[str]:
    return [v.text for v in ET.fromstring(xml).iter("version") if v.text]


def test_endpoint_is_codeartifacts_shape(repository):
    assert repository.endpoint("maven") == (
        f"{repository.stack.https}/d/{repository.domain}-{repository.owner}/maven/{repository.name}/")


def test_release_deploy_is_unfinished_until_the_metadata_lists_it(repository, maven):
    jar, sources = b"PK\x03\x04 widget jar bytes", b"PK\x03\x04 widget sources"
    maven.deploy("1.0.0", {f"{ARTIFACT}-1.0.0.pom": pom("1.0.0"), f"{ARTIFACT}-1.0.0.jar": jar,
                           f"{ARTIFACT}-1.0.0-sources.jar": sources})
    assert repository.versions("maven", ARTIFACT, namespace=GROUP) == {"1.0.0": "Unfinished"}
    # Unfinished: neither listed nor downloadable.
    assert maven.get(f"{GROUP_PATH}/{ARTIFACT}/maven-metadata.xml").status_code == 404
    assert maven.get(f"{GROUP_PATH}/{ARTIFACT}/1.0.0/{ARTIFACT}-1.0.0.jar").status_code == 404

    r = maven.put(f"{GROUP_PATH}/{ARTIFACT}/maven-metadata.xml", artifact_metadata("1.0.0", "0.9.0"))
    assert r.status_code == 201, (r.status_code, r.reason)
    assert repository.versions("maven", ARTIFACT, namespace=GROUP) == {"1.0.0": "Published"}

    r = maven.get(f"{GROUP_PATH}/{ARTIFACT}/maven-metadata.xml")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/xml"), (r.status_code, r.headers)
    doc = ET.fromstring(r.content)
    assert doc.findtext("groupId") == GROUP and doc.findtext("artifactId") == ARTIFACT
    # What Granary holds, not what the client PUT (0.9.0 is not here).
    assert metadata_versions(r.content) == ["1.0.0"]
    assert doc.findtext("versioning/latest") == "1.0.0" and doc.findtext("versioning/release") == "1.0.0"
    assert len(doc.findtext("versioning/lastUpdated")) == 14

    # Every file and document answers every checksum, from the stored bytes.
    for path, body in ((f"1.0.0/{ARTIFACT}-1.0.0.jar", jar), (f"1.0.0/{ARTIFACT}-1.0.0-sources.jar", sources),
                       ("maven-metadata.xml", r.content)):
        full = f"{GROUP_PATH}/{ARTIFACT}/{path}"
        got = maven.get(full)
        assert got.status_code == 200 and got.content == body, (full, got.status_code)
        for algorithm in ("md5", "sha1", "sha256", "sha512"):
            c = maven.get(full + "." + algorithm)
            assert c.status_code == 200 and c.text.strip() == hashlib.new(algorithm, body).hexdigest(), (full, algorithm, c.text)
    head = maven.get(f"{GROUP_PATH}/{ARTIFACT}/1.0.0/{ARTIFACT}-1.0.0.jar", method="HEAD")
    assert head.status_code == 200 and int(head.headers["Content-Length"]) == len(jar) and not head.content


def test_pom_describes_the_version(repository, maven):
    maven.deploy("2.0.0", {f"{ARTIFACT}-2.0.0.jar": b"jar first", f"{ARTIFACT}-2.0.0.pom": pom("2.0.0")})
    maven.put(f"{GROUP_PATH}/{ARTIFACT}/maven-metadata.xml", artifact_metadata("2.0.0"))
    described = repository.aws("describe-package-version", "maven", ARTIFACT, "--package-version", "2.0.0",
                               namespace=GROUP)["packageVersion"]
    assert described["displayName"] == "Widget & co" and described["summary"] == "A widget for tests"
    assert described["licenses"] == [{"name": "Apache-2.0", "url": "https://www.apache.org/licenses/LICENSE-2.0"}]
    assert described["sourceCodeRepository"] == "https://example.com/widget.git"
    deps = repository.aws("list-package-version-dependencies", "maven", ARTIFACT, "--package-version", "2.0.0",
                          namespace=GROUP)["dependencies"]
    assert [(d["namespace"], d["package"], d["dependencyType"], d["versionRequirement"]) for d in deps] == [
        (GROUP, "gear", "compile", "2.0"), ("junit", "junit", "test", "4.13.2"), (GROUP, "extra", "optional", "1.0")]
    assets = repository.aws("list-package-version-assets", "maven", ARTIFACT, "--package-version", "2.0.0",
                            namespace=GROUP)["assets"]
    assert sorted(a["name"] for a in assets) == [f"{ARTIFACT}-2.0.0.jar", f"{ARTIFACT}-2.0.0.pom"]


def test_release_bytes_are_never_replaced(repository, maven):
    jar = b"the one true jar"
    maven.deploy("3.0.0", {f"{ARTIFACT}-3.0.0.pom": pom("3.0.0"), f"{ARTIFACT}-3.0.0.jar": jar})
    path = f"{GROUP_PATH}/{ARTIFACT}/3.0.0/{ARTIFACT}-3.0.0.jar"
    assert maven.put(path, jar).status_code == 201  # the same bytes again: a re-deploy
    r = maven.put(path, b"other bytes")
    assert r.status_code == 409 and "different content" in r.reason, (r.status_code, r.reason)
    maven.put(f"{GROUP_PATH}/{ARTIFACT}/maven-metadata.xml", artifact_metadata("3.0.0"))
    assert maven.put(path, jar).status_code == 201
    r = maven.put(path, b"other bytes")
    assert r.status_code == 409, (r.status_code, r.reason)
    # A Published release takes no new files.
    r = maven.put(f"{GROUP_PATH}/{ARTIFACT}/3.0.0/{ARTIFACT}-3.0.0-javadoc.jar", b"late javadoc")
    assert r.status_code == 409 and "takes no new files" in r.reason, (r.status_code, r.reason)
    assert maven.get(path).content == jar


def test_checksums_are_verified_not_stored(repository, maven):
    path = f"{GROUP_PATH}/{ARTIFACT}/4.0.0/{ARTIFACT}-4.0.0.jar"
    assert maven.put(path, b"checked bytes").status_code == 201
    good = hashlib.sha1(b"checked bytes").hexdigest()
    assert maven.put(path + ".sha1", f"{good}  {ARTIFACT}-4.0.0.jar\n".encode()).status_code == 201
    r = maven.put(path + ".sha1", b"0" * 40)
    assert r.status_code == 400 and good in r.reason, (r.status_code, r.reason)
    r = maven.put(path + ".md5", b"not hex")
    assert r.status_code == 400, (r.status_code, r.reason)
    assets = repository.aws("list-package-version-assets", "maven", ARTIFACT, "--package-version", "4.0.0",
                            namespace=GROUP)["assets"]
    assert [a["name"] for a in assets] == [f"{ARTIFACT}-4.0.0.jar"]


def test_snapshot_builds_and_version_metadata(repository, maven):
    version = "5.0-SNAPSHOT"
    folder = f"{GROUP_PATH}/{ARTIFACT}/{version}"
    builds = [("20261204.101500", 1, b"jar of build 1"), ("20261204.111500", 2, b"jar of build 2")]
    for stamp, number, jar in builds:
        value = f"5.0-{stamp}-{number}"
        maven.deploy(version, {f"{ARTIFACT}-{value}.pom": pom(version), f"{ARTIFACT}-{value}.jar": jar})
        assert maven.put(f"{folder}/maven-metadata.xml", f"""<metadata modelVersion="1.1.0"><groupId>{GROUP}</groupId>
            <artifactId>{ARTIFACT}</artifactId><version>{version}</version></metadata>""".encode()).status_code == 201
        assert maven.put(f"{GROUP_PATH}/{ARTIFACT}/maven-metadata.xml", artifact_metadata(version)).status_code == 201
    assert repository.versions("maven", ARTIFACT, namespace=GROUP) == {version: "Published"}

    # The artifact's document and the version's are two pages of one package.
    assert metadata_versions(maven.get(f"{GROUP_PATH}/{ARTIFACT}/maven-metadata.xml").content) == [version]
    r = maven.get(f"{folder}/maven-metadata.xml")
    assert r.status_code == 200, (r.status_code, r.text)
    doc = ET.fromstring(r.content)
    assert doc.findtext("version") == version, r.text
    assert doc.findtext("versioning/snapshot/timestamp") == "20261204.111500"
    assert doc.findtext("versioning/snapshot/buildNumber") == "2"
    values = {(s.findtext("classifier"), s.findtext("extension")): s.findtext("value")
              for s in doc.iter("snapshotVersion")}
    assert values == {(None, "jar"): "5.0-20261204.111500-2", (None, "pom"): "5.0-20261204.111500-2"}
    sha1 = maven.get(f"{folder}/maven-metadata.xml.sha1")
    assert sha1.text == hashlib.sha1(r.content).hexdigest()

    # Both builds stay; the plain -SNAPSHOT name is the newest.
    for stamp, number, jar in builds:
        assert maven.get(f"{folder}/{ARTIFACT}-5.0-{stamp}-{number}.jar").content == jar
    newest = maven.get(f"{folder}/{ARTIFACT}-{version}.jar")
    assert newest.status_code == 200 and newest.content == builds[-1][2]
    assert maven.get(f"{folder}/{ARTIFACT}-{version}.jar.sha1").text == hashlib.sha1(builds[-1][2]).hexdigest()
    # A build's file is never replaced either.
    r = maven.put(f"{folder}/{ARTIFACT}-5.0-20261204.101500-1.jar", b"changed")
    assert r.status_code == 409, (r.status_code, r.reason)


def test_statuses_show_in_the_metadata(repository, maven):
    for version in ("6.0.0", "6.1.0", "7.0.0-SNAPSHOT"):
        maven.deploy(version, {f"{ARTIFACT}-{version}.pom": pom(version)})
    maven.put(f"{GROUP_PATH}/{ARTIFACT}/maven-metadata.xml", artifact_metadata("6.0.0", "6.1.0", "7.0.0-SNAPSHOT"))
    doc = ET.fromstring(maven.get(f"{GROUP_PATH}/{ARTIFACT}/maven-metadata.xml").content)
    assert metadata_versions(ET.tostring(doc)) == ["6.0.0", "6.1.0", "7.0.0-SNAPSHOT"]
    assert doc.findtext("versioning/latest") == "7.0.0-SNAPSHOT" and doc.findtext("versioning/release") == "6.1.0"

    repository.set_status("maven", ARTIFACT, ["6.1.0"], "Archived", namespace=GROUP)
    doc = ET.fromstring(maven.get(f"{GROUP_PATH}/{ARTIFACT}/maven-metadata.xml").content)
    assert metadata_versions(ET.tostring(doc)) == ["6.0.0", "7.0.0-SNAPSHOT"]
    assert doc.findtext("versioning/release") == "6.0.0"
    assert maven.get(f"{GROUP_PATH}/{ARTIFACT}/6.1.0/{ARTIFACT}-6.1.0.pom").status_code == 404
    repository.set_status("maven", ARTIFACT, ["6.1.0"], "Published", namespace=GROUP)
    assert maven.get(f"{GROUP_PATH}/{ARTIFACT}/6.1.0/{ARTIFACT}-6.1.0.pom").status_code == 200


@pytest.mark.parametrize("body, needle", [
    (b'<?xml version="1.0"?><!DOCTYPE project [<!ENTITY x SYSTEM "file:///etc/passwd">]><project>&x;</project>', "not XML"),
    (b"<project>" + b"<a>" * 100 + b"</a>" * 100 + b"</project>", "not XML"),
    (b"<project><groupId>", "not XML"),
    (pom("8.0.0", group="com.other"), "describes com.other:widget:8.0.0"),
    (pom("8.0.1"), "describes com.acme.proto:widget:8.0.1"),
])
def test_hostile_or_wrong_poms_are_refused_and_nothing_is_stored(repository, maven, body, needle):
    r = maven.put(f"{GROUP_PATH}/{ARTIFACT}/8.0.0/{ARTIFACT}-8.0.0.pom", body)
    assert r.status_code == 400 and needle in r.reason, (r.status_code, r.reason)
    assert repository.versions("maven", ARTIFACT, namespace=GROUP) == {}


def test_huge_pom_is_refused(repository, maven):
    r = maven.put(f"{GROUP_PATH}/{ARTIFACT}/8.0.0/{ARTIFACT}-8.0.0.pom", pom("8.0.0", extra="<!--" + "x" * (1 << 20) + "-->"))
    assert r.status_code == 400 and "larger than" in r.reason, (r.status_code, r.reason)
    assert repository.versions("maven", ARTIFACT, namespace=GROUP) == {}


def test_metadata_about_another_artifact_is_refused(repository, maven):
    maven.deploy("9.0.0", {f"{ARTIFACT}-9.0.0.pom": pom("9.0.0")})
    r = maven.put(f"{GROUP_PATH}/{ARTIFACT}/maven-metadata.xml", artifact_metadata("9.0.0", artifact="other"))
    assert r.status_code == 400 and "is about" in r.reason, (r.status_code, r.reason)
    assert repository.versions("maven", ARTIFACT, namespace=GROUP) == {"9.0.0": "Unfinished"}


def test_paths_outside_the_layout(repository, maven):
    assert maven.put("widget.jar", b"x").status_code == 400
    assert maven.put(f"{GROUP_PATH}/{ARTIFACT}/1.0/other-1.0.jar", b"x").status_code == 400
    assert maven.get("widget.jar").status_code == 404
    assert maven.get(f"{GROUP_PATH}/{ARTIFACT}/1.0/.hidden").status_code == 404


def test_credentials_as_maven_needs_them(repository, maven):
    path = f"{GROUP_PATH}/{ARTIFACT}/maven-metadata.xml"
    # mvn GETs without credentials first and sends them only after a Basic challenge.
    r = maven.get(path, token=None)
    assert r.status_code == 401 and r.headers.get("WWW-Authenticate", "").startswith("Basic"), (r.status_code, r.headers)
    r = maven.put(f"{GROUP_PATH}/{ARTIFACT}/1.0/{ARTIFACT}-1.0.jar", b"x", token="not-a-token")
    assert r.status_code == 401 and r.headers.get("WWW-Authenticate", "").startswith("Basic")
    r = maven.get(path, token=repository.expired_token())
    assert r.status_code == 401
    assert repository.versions("maven", ARTIFACT, namespace=GROUP) == {}


def test_snapshot_retention_keeps_the_newest_builds(repository, maven):
    """The stack keeps 3 builds of a SNAPSHOT (GRANARY_MAVEN_SNAPSHOT_BUILDS, conftest)."""
    version = "10.0-SNAPSHOT"
    folder = f"{GROUP_PATH}/{ARTIFACT}/{version}"
    for number in range(1, 5):
        value = f"10.0-20261204.10000{number}-{number}"
        maven.deploy(version, {f"{ARTIFACT}-{value}.pom": pom(version), f"{ARTIFACT}-{value}.jar": f"build {number}".encode()})
        maven.put(f"{GROUP_PATH}/{ARTIFACT}/maven-metadata.xml", artifact_metadata(version))
    assets = repository.aws("list-package-version-assets", "maven", ARTIFACT, "--package-version", version,
                            namespace=GROUP)["assets"]
    assert sorted(a["name"] for a in assets) == sorted(
        f"{ARTIFACT}-10.0-20261204.10000{n}-{n}.{ext}" for n in (2, 3, 4) for ext in ("jar", "pom"))
    assert maven.get(f"{folder}/{ARTIFACT}-10.0-20261204.100001-1.jar").status_code == 404
    assert maven.get(f"{folder}/{ARTIFACT}-10.0-20261204.100002-2.jar").content == b"build 2"
    doc = ET.fromstring(maven.get(f"{folder}/maven-metadata.xml").content)
    assert doc.findtext("versioning/snapshot/buildNumber") == "4"
