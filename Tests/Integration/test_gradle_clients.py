"""Gradle with the real client (Debian's Gradle 4.4.1) over HTTPS: a build resolving the library
mvn deployed from Granary with `credentials { username 'aws'; password … }` and running it, and
the legacy `maven` plugin's `uploadArchives` (through wagon-http from Debian's repository: Debian's
Gradle has no other transport) publishing a library that mvn then resolves; a wrong token fails."""
import pytest

pytest_plugins = ["client_support", "maven_support"]
pytest.register_assert_rewrite("client_support", "maven_support")
from client_support import failed, ok, output  # noqa: E402

GROUP = "com.acme.granary"
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.5.0"


def test_gradle_resolves_and_runs_the_library(repository, mavens, gradles, maven_project):
    ok(mavens("publisher").mvn("deploy", cwd=maven_project("granary-demo-lib", "1.0.0")))
    app = maven_project("granary-gradle-app", "1.0.0", lib="1.0.0")
    proc = ok(gradles("builder").gradle("run", cwd=app))
    assert "hello granary-gradle-app from granary-demo-lib 1.0.0" in proc.stdout, output(proc)

    # The same build with a token Granary refuses cannot resolve the library.
    refused = gradles("refused")
    refused.token = "not-a-token"
    failed(refused.gradle("run", cwd=maven_project("granary-gradle-app", "1.0.0", lib="1.0.0", note="again")),
           "Could not resolve com.acme.granary:granary-demo-lib:1.0.0")


def test_gradle_upload_archives_publishes_a_library_mvn_resolves(repository, mavens, gradles, maven_project):
    lib = maven_project("granary-gradle-lib", "2.1.0")
    proc = ok(gradles("publisher").gradle("uploadArchives", cwd=lib))
    assert "BUILD SUCCESSFUL" in proc.stdout, output(proc)
    assert repository.versions("maven", "granary-gradle-lib", namespace=GROUP) == {"2.1.0": "Published"}
    assets = repository.aws("list-package-version-assets", "maven", "granary-gradle-lib", "--package-version", "2.1.0",
                            namespace=GROUP)["assets"]
    assert sorted(a["name"] for a in assets) == ["granary-gradle-lib-2.1.0.jar", "granary-gradle-lib-2.1.0.pom"]

    consumer = mavens("consumer")
    ok(consumer.mvn(f"{DEPENDENCY_PLUGIN}:get", f"-Dartifact={GROUP}:granary-gradle-lib:2.1.0", "-Dtransitive=false"))
    assert consumer.local_file("granary-gradle-lib", "2.1.0", "granary-gradle-lib-2.1.0.jar").exists()

    refused = gradles("refused")
    refused.token = "not-a-token"
    failed(refused.gradle("uploadArchives", cwd=maven_project("granary-gradle-lib", "2.2.0")), "401")
    assert repository.versions("maven", "granary-gradle-lib", namespace=GROUP) == {"2.1.0": "Published"}
