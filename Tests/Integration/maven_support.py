"""Helpers for the Maven and Gradle client suites (test_maven_clients.py, test_gradle_clients.py): Debian's mvn 3.8.7 and
Gradle 4.4.1, each run with a home, settings and local repository of its own against a repository
of the private stack, over HTTPS with the stack's CA in a truststore of its own; everything but
Granary (plugins, Gradle's wagon) comes from Debian's /usr/share/maven-repo, never the network
(docs/clients/maven.md has the research behind it). Projects are rendered from
Tests/Fixtures/clients/maven."""
from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from client_support import FIXTURES, PackageRepo, render_template

DEBIAN_REPO = "file:///usr/share/maven-repo"
STOREPASS = "changeit"
GROUP = "com.acme.granary"


def settings_xml(endpoint: str, local_repository: Path) -> str:
    """What the README tells mvn users to write: server `codeartifact` with `aws` and the token from
    the environment; everything else mirrored to Debian's repository; the Granary repository
    checked strictly (a wrong checksum fails the build)."""
    # Central (mirrored to Debian's repository, which has no checksum files) is not checked.
    central = ("<id>central</id><url>https://repo.maven.apache.org/maven2</url>"
               "<releases><checksumPolicy>ignore</checksumPolicy></releases><snapshots><enabled>false</enabled></snapshots>")
    return f"""<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
  <localRepository>{local_repository}</localRepository>
  <servers>
    <server><id>codeartifact</id><username>aws</username><password>${{env.CODEARTIFACT_AUTH_TOKEN}}</password></server>
  </servers>
  <mirrors>
    <mirror><id>debian</id><mirrorOf>*,!codeartifact</mirrorOf><url>{DEBIAN_REPO}</url></mirror>
  </mirrors>
  <profiles>
    <profile>
      <id>codeartifact</id>
      <activation><activeByDefault>true</activeByDefault></activation>
      <repositories>
        <repository>
          <id>codeartifact</id><url>{endpoint}</url>
          <releases><checksumPolicy>fail</checksumPolicy></releases>
          <snapshots><enabled>true</enabled><checksumPolicy>fail</checksumPolicy></snapshots>
        </repository>
        <repository>{central}</repository>
      </repositories>
      <pluginRepositories><pluginRepository>{central}</pluginRepository></pluginRepositories>
    </profile>
  </profiles>
</settings>
"""


class MavenClient:
    """One home for mvn: settings.xml, the local repository (`m2`), the token in the environment."""

    def __init__(self, repo: PackageRepo, home: Path, truststore: Path):
        self.repo, self.home, self.truststore = repo, home, truststore
        home.mkdir(parents=True, exist_ok=True)
        self.local = home / "m2"
        self.settings = home / "settings.xml"
        self.settings.write_text(settings_xml(repo.endpoint("maven"), self.local))
        self.token = repo.token()

    @property
    def env(self) -> dict:
        keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "JAVA_HOME", "TMPDIR")}
        return keep | {
            "HOME": str(self.home), "CODEARTIFACT_AUTH_TOKEN": self.token,
            "MAVEN_OPTS": f"-Djavax.net.ssl.trustStore={self.truststore} -Djavax.net.ssl.trustStorePassword={STOREPASS}"
                          " -Djavax.net.ssl.trustStoreType=PKCS12",
        }

    def mvn(self, *args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
        return subprocess.run(["mvn", "-B", "-ntp", "-s", str(self.settings), *args], cwd=cwd or self.home, env=self.env,
                              capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)

    def local_file(self, artifact: str, version: str, name: str) -> Path:
        return self.local_file_of(GROUP, artifact, version, name)

    def local_file_of(self, group: str, artifact: str, version: str, name: str) -> Path:
        return self.local / group.replace(".", "/") / artifact / version / name


class GradleClient:
    """One home for Gradle (GRADLE_USER_HOME inside it), the token in the environment, no daemon."""

    def __init__(self, repo: PackageRepo, home: Path, truststore: Path):
        self.repo, self.home, self.truststore = repo, home, truststore
        home.mkdir(parents=True, exist_ok=True)
        self.token = repo.token()

    def gradle(self, *args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
        keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "JAVA_HOME", "TMPDIR")}
        trust = (f"-Djavax.net.ssl.trustStore={self.truststore} -Djavax.net.ssl.trustStorePassword={STOREPASS}"
                 " -Djavax.net.ssl.trustStoreType=PKCS12")
        env = keep | {"HOME": str(self.home), "GRADLE_USER_HOME": str(self.home / "gradle"),
                      "CODEARTIFACT_AUTH_TOKEN": self.token, "GRADLE_OPTS": trust}
        return subprocess.run(["gradle", "--no-daemon", "--console=plain", *args], cwd=cwd, env=env, capture_output=True,
                              text=True, timeout=timeout, stdin=subprocess.DEVNULL)


class MavenProjects:
    """Renders the fixture projects (Maven's, and Gradle's `granary-gradle-*`) for an endpoint: project(name, version, lib=…, note=…) → its directory."""

    def __init__(self, root: Path, endpoint: str):
        self.root, self.endpoint = root, endpoint
        self.plugins = (FIXTURES / "maven" / "plugins.xml").read_text()

    def __call__(self, project: str, version: str, lib: str = "", note: str = "") -> Path:
        dest = self.root / f"{project}-{version}-{hashlib.sha1(note.encode()).hexdigest()[:8]}"
        kind = "gradle" if project.startswith("granary-gradle-") else "maven"
        if not dest.exists():
            render_template(FIXTURES / kind / project, dest, version=version, lib=lib, note=note,
                            url=self.endpoint, plugins=self.plugins)
        return dest


@pytest.fixture(scope="session")
def truststore(stack, tmp_path_factory) -> Path:
    """The stack's CA as a PKCS12 truststore for the JVM (what keytool makes of GRANARY_CA_BUNDLE)."""
    path = tmp_path_factory.mktemp("jvm-trust") / "trust.p12"
    subprocess.run(["keytool", "-importcert", "-noprompt", "-alias", "granary-ca", "-file", stack.ca_bundle,
                    "-keystore", str(path), "-storetype", "PKCS12", "-storepass", STOREPASS],
                   check=True, capture_output=True, timeout=60)
    return path


@pytest.fixture
def mavens(repository, tmp_path, truststore):
    """new(name) → a MavenClient with a home (and an empty local repository) of its own."""
    def new(name: str) -> MavenClient:
        return MavenClient(repository, tmp_path / "mvn-homes" / name, truststore)
    return new


@pytest.fixture
def gradles(repository, tmp_path, truststore):
    """new(name) → a GradleClient with a home of its own."""
    def new(name: str) -> GradleClient:
        return GradleClient(repository, tmp_path / "gradle-homes" / name, truststore)
    return new


@pytest.fixture
def maven_project(repository, tmp_path):
    return MavenProjects(tmp_path / "mvn-src", repository.endpoint("maven"))


@pytest.fixture
def maven_project_for(tmp_path):
    """maven_project_for(repo) → the projects deploying to (and resolving from) REPO."""
    return lambda repo: MavenProjects(tmp_path / "mvn-src" / repo.name, repo.endpoint("maven"))
