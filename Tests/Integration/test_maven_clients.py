"""Maven with the real client (Debian's mvn 3.8.7) over HTTPS, configured as the README shows
(settings.xml: server `codeartifact`, `aws` / `${env.CODEARTIFACT_AUTH_TOKEN}`): `mvn deploy` of
a library and of an app depending on it, a clean local repository building the app against the
library from Granary, a SNAPSHOT deployed twice (buildNumber 2) resolving to the newest build,
`deploy:deploy-file` with sources, `dependency:get` with strict checksums, a release re-deployed
(identical: accepted; other bytes: 409 as mvn prints it), statuses hiding a version from mvn, and
wrong or expired tokens failing."""
import hashlib
import subprocess
import xml.etree.ElementTree as ET
import zipfile

import pytest

pytest_plugins = ["client_support", "maven_support"]
pytest.register_assert_rewrite("client_support", "maven_support")
from client_support import failed, ok, output  # noqa: E402
from maven_support import GROUP  # noqa: E402

LIB, APP = "granary-demo-lib", "granary-demo-app"
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.5.0"


def deploy(client, project):
    proc = ok(client.mvn("deploy", cwd=project))
    assert "BUILD SUCCESS" in proc.stdout, output(proc)
    return proc


def dependency_get(client, coordinates: str):
    return client.mvn(f"{DEPENDENCY_PLUGIN}:get", f"-Dartifact={coordinates}", "-Dtransitive=false")


def run_app(client, app_dir, lib_version: str) -> str:
    lib_jar = client.local_file(LIB, lib_version, f"{LIB}-{lib_version}.jar")
    proc = subprocess.run(["java", "-cp", f"{app_dir / 'target' / 'classes'}:{lib_jar}", "com.acme.granary.app.Main"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_deploy_library_and_app_then_a_clean_build_resolves_the_library(repository, mavens, maven_project):
    publisher = mavens("publisher")
    deploy(publisher, maven_project(LIB, "1.0.0"))
    deploy(publisher, maven_project(APP, "1.0.0", lib="1.0.0"))
    assert repository.versions("maven", LIB, namespace=GROUP) == {"1.0.0": "Published"}
    assert repository.versions("maven", APP, namespace=GROUP) == {"1.0.0": "Published"}

    described = repository.aws("describe-package-version", "maven", LIB, "--package-version", "1.0.0",
                               namespace=GROUP)["packageVersion"]
    assert described["displayName"] == "Granary demo library" and described["licenses"][0]["name"] == "MIT"
    assert described["origin"]["originType"] == "INTERNAL"
    assets = repository.aws("list-package-version-assets", "maven", LIB, "--package-version", "1.0.0",
                            namespace=GROUP)["assets"]
    assert sorted(a["name"] for a in assets) == [f"{LIB}-1.0.0.jar", f"{LIB}-1.0.0.pom"]
    deps = repository.aws("list-package-version-dependencies", "maven", APP, "--package-version", "1.0.0",
                          namespace=GROUP)["dependencies"]
    assert [(d["namespace"], d["package"], d["dependencyType"], d["versionRequirement"]) for d in deps] == [
        (GROUP, LIB, "compile", "1.0.0")]

    # A consumer with an empty local repository builds the app: the library comes from Granary,
    # checked against the checksums Granary serves (checksumPolicy=fail).
    consumer = mavens("consumer")
    app = maven_project(APP, "1.0.0", lib="1.0.0")
    ok(consumer.mvn("package", cwd=app))
    assert f"{LIB}-1.0.0.jar>codeartifact=" in consumer.local_file(LIB, "1.0.0", "_remote.repositories").read_text()
    assert run_app(consumer, app, "1.0.0") == "hello granary-demo-app 1.0.0 from granary-demo-lib 1.0.0"


def test_snapshot_deployed_twice_resolves_to_the_newest_build(repository, mavens, maven_project):
    publisher = mavens("publisher")
    version = "1.1.0-SNAPSHOT"
    deploy(publisher, maven_project(LIB, version, note=" (first build)"))
    deploy(publisher, maven_project(LIB, version, note=" (second build)"))
    assert repository.versions("maven", LIB, namespace=GROUP) == {version: "Published"}

    folder = f"{repository.endpoint('maven')}{GROUP.replace('.', '/')}/{LIB}/{version}/"
    token = repository.token()
    r = repository.http("GET", folder + "maven-metadata.xml", token, basic=True)
    assert r.status_code == 200, r.text
    doc = ET.fromstring(r.content)
    assert doc.findtext("versioning/snapshot/buildNumber") == "2", r.text
    newest = {s.findtext("extension"): s.findtext("value") for s in doc.iter("snapshotVersion")}
    assert set(newest) == {"jar", "pom"} and newest["jar"].endswith("-2"), newest
    assets = {a["name"] for a in repository.aws("list-package-version-assets", "maven", LIB, "--package-version", version,
                                                namespace=GROUP)["assets"]}
    assert len(assets) == 4 and {a for a in assets if a.endswith("-1.jar") or a.endswith("-2.jar")}, assets

    consumer = mavens("consumer")
    ok(dependency_get(consumer, f"{GROUP}:{LIB}:{version}"))
    fetched = consumer.local_file(LIB, version, f"{LIB}-{version}.jar").read_bytes()
    served = repository.http("GET", folder + f"{LIB}-{newest['jar']}.jar", token, basic=True)
    assert served.status_code == 200 and hashlib.sha1(fetched).hexdigest() == hashlib.sha1(served.content).hexdigest()
    with zipfile.ZipFile(consumer.local_file(LIB, version, f"{LIB}-{version}.jar")) as jar:
        names = jar.namelist()
    assert "com/acme/granary/lib/Greeting.class" in names


def test_deploy_file_with_sources_then_dependency_get(repository, mavens, tmp_path):
    jar, sources = tmp_path / "tool.jar", tmp_path / "tool-sources.jar"
    for path, entry in ((jar, "tool/Tool.class"), (sources, "tool/Tool.java")):
        with zipfile.ZipFile(path, "w") as z:
            z.writestr(entry, f"content of {entry}")
    publisher = mavens("publisher")
    args = ["deploy:deploy-file", f"-Dfile={jar}", f"-Dsources={sources}", f"-DgroupId={GROUP}", "-DartifactId=granary-tool",
            "-Dversion=2.0.0", "-Dpackaging=jar", "-DgeneratePom=true", "-DrepositoryId=codeartifact",
            f"-Durl={repository.endpoint('maven')}"]
    ok(publisher.mvn(*args))
    assert repository.versions("maven", "granary-tool", namespace=GROUP) == {"2.0.0": "Published"}
    assets = repository.aws("list-package-version-assets", "maven", "granary-tool", "--package-version", "2.0.0",
                            namespace=GROUP)["assets"]
    assert sorted(a["name"] for a in assets) == ["granary-tool-2.0.0-sources.jar", "granary-tool-2.0.0.jar",
                                                 "granary-tool-2.0.0.pom"]

    consumer = mavens("consumer")
    ok(dependency_get(consumer, f"{GROUP}:granary-tool:2.0.0"))
    assert consumer.local_file("granary-tool", "2.0.0", "granary-tool-2.0.0.jar").read_bytes() == jar.read_bytes()
    ok(dependency_get(consumer, f"{GROUP}:granary-tool:2.0.0:jar:sources"))
    assert consumer.local_file("granary-tool", "2.0.0", "granary-tool-2.0.0-sources.jar").read_bytes() == sources.read_bytes()

    # The same release again: accepted. Other bytes under the same version: 409, as mvn prints it.
    ok(publisher.mvn(*args))
    with zipfile.ZipFile(jar, "w") as z:
        z.writestr("tool/Tool.class", "other content")
    message = failed(publisher.mvn(*args), "409")
    assert "different content" in message, message


def test_archived_version_is_gone_for_mvn(repository, mavens, maven_project):
    publisher = mavens("publisher")
    deploy(publisher, maven_project(LIB, "3.0.0"))
    repository.set_status("maven", LIB, ["3.0.0"], "Archived", namespace=GROUP)
    consumer = mavens("consumer")
    message = failed(dependency_get(consumer, f"{GROUP}:{LIB}:3.0.0"), "Could not find artifact")
    assert f"{LIB}:jar:3.0.0" in message, message
    repository.set_status("maven", LIB, ["3.0.0"], "Published", namespace=GROUP)
    ok(dependency_get(mavens("consumer2"), f"{GROUP}:{LIB}:3.0.0"))


def test_wrong_and_expired_tokens_fail(repository, mavens, maven_project):
    publisher = mavens("publisher")
    publisher.token = "not-a-token"
    message = failed(publisher.mvn("deploy", cwd=maven_project(LIB, "4.0.0")), "401")
    assert "authentication failed" in message or "Unauthorized" in message, message
    assert repository.versions("maven", LIB, namespace=GROUP) == {}

    deploy(mavens("good"), maven_project(LIB, "4.0.0"))
    consumer = mavens("consumer")
    consumer.token = repository.expired_token()
    message = failed(dependency_get(consumer, f"{GROUP}:{LIB}:4.0.0"), "401")
    assert not consumer.local_file(LIB, "4.0.0", f"{LIB}-4.0.0.jar").exists()
