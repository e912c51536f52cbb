"""Maven through upstream chains and an external connection, with the real mvn: a "public" Maven
repository (a static directory in Maven's layout on loopback; the stack's public:maven-central
points at it) behind repository `store`, which is the upstream of `app`. mvn resolves through
`app`; the version is then kept in both repositories (origin EXTERNAL) and resolves while the public
side is down; a version published upstream appears in the merged maven-metadata.xml once the TTL
(2 s in tests) has passed; an internal artifact is never shadowed by a public one (dependency
confusion); a package group keeps a namespace internal; a registry file that does not match its
own .sha1 is refused; versions of an internal upstream are retained downstream."""
import hashlib
import sys
import time
import xml.etree.ElementTree as ET
import zipfile
from io import BytesIO

import pytest

pytest_plugins = ["client_support", "maven_support"]
pytest.register_assert_rewrite("client_support", "maven_support")
from client_support import PackageRepo, failed, ok  # noqa: E402
from maven_support import MavenClient  # noqa: E402
from test_external_connections import PublicServer  # noqa: E402

DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.5.0"


@pytest.fixture(scope="module")
def public_maven(stack, tmp_path_factory):
    directory = tmp_path_factory.mktemp("public-maven")
    (directory / "maven2").mkdir()
    server = PublicServer([sys.executable, "-m", "http.server", str(stack.public_maven_port), "--bind", "127.0.0.1"],
                          stack.public_maven_port, directory).start()
    yield server
    server.stop()


def jar_bytes(note: str) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("public/Thing.class", note)
    return out.getvalue()


def offer(server, group: str, artifact: str, version: str, note: str = "") -> dict[str, bytes]:
    """Adds VERSION (pom, jar, each with its .sha1) to the public repository and lists it in the
    artifact's maven-metadata.xml, as a Maven repository manager lays them out."""
    folder = server.directory / "maven2" / group.replace(".", "/") / artifact
    (folder / version).mkdir(parents=True, exist_ok=True)
    files = {
        f"{artifact}-{version}.pom": (f'<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
                                       f"<groupId>{group}</groupId><artifactId>{artifact}</artifactId><version>{version}</version>"
                                       f"<description>public {artifact} {note}</description></project>").encode(),
        f"{artifact}-{version}.jar": jar_bytes(f"{artifact} {version} {note}"),
    }
    for name, body in files.items():
        (folder / version / name).write_bytes(body)
        (folder / version / (name + ".sha1")).write_text(hashlib.sha1(body).hexdigest())
    metadata = folder / "maven-metadata.xml"
    versions = sorted({p.name for p in folder.iterdir() if p.is_dir()})
    metadata.write_text(f"<metadata><groupId>{group}</groupId><artifactId>{artifact}</artifactId><versioning>"
                        f"<latest>{versions[-1]}</latest><release>{versions[-1]}</release><versions>"
                        + "".join(f"<version>{v}</version>" for v in versions)
                        + "</versions><lastUpdated>20261201000000</lastUpdated></versioning></metadata>")
    return files


def chain(cp, domain, external: bool = True):
    """`app` whose upstream `store` holds the external connection (or none)."""
    c = cp.client()
    c.create_repository(domain=domain, repository="store")
    if external:
        c.associate_external_connection(domain=domain, repository="store", externalConnection="public:maven-central")
    c.create_repository(domain=domain, repository="app", upstreams=[{"repositoryName": "store"}])
    return PackageRepo(cp, domain, cp.admin.account, "app"), PackageRepo(cp, domain, cp.admin.account, "store")


def origins(repo: PackageRepo, package: str, namespace: str) -> dict:
    out = repo.cp.client().list_package_versions(domain=repo.domain, repository=repo.name, format="maven", package=package,
                                                namespace=namespace)
    return {v["version"]: (v["status"], v["origin"]["originType"]) for v in out["versions"]}


def metadata_versions(repo: PackageRepo, group: str, artifact: str) -> list[str]:
    r = repo.http("GET", f"{repo.endpoint('maven')}{group.replace('.', '/')}/{artifact}/maven-metadata.xml", repo.token(), basic=True)
    assert r.status_code == 200, (r.status_code, r.text)
    return [v.text for v in ET.fromstring(r.content).iter("version")]


def get(client: MavenClient, coordinates: str):
    return client.mvn(f"{DEPENDENCY_PLUGIN}:get", f"-Dartifact={coordinates}", "-Dtransitive=false")


def test_mvn_resolves_through_the_connection_and_keeps_working_when_the_registry_is_down(
        cp, domain, public_maven, truststore, tmp_path):
    files = offer(public_maven, "org.public", "leftpad", "1.0.0")
    app, store = chain(cp, domain)
    client = MavenClient(app, tmp_path / "one", truststore)
    ok(get(client, "org.public:leftpad:1.0.0"))
    assert client.local_file_of("org.public", "leftpad", "1.0.0", "leftpad-1.0.0.jar").read_bytes() == files["leftpad-1.0.0.jar"]
    assert origins(store, "leftpad", "org.public") == {"1.0.0": ("Published", "EXTERNAL")}
    assert origins(app, "leftpad", "org.public") == {"1.0.0": ("Published", "EXTERNAL")}
    described = cp.client().describe_package_version(domain=domain, repository="app", format="maven", package="leftpad",
                                                     namespace="org.public", packageVersion="1.0.0")["packageVersion"]
    assert described["origin"]["domainEntryPoint"] == {"externalConnectionName": "public:maven-central"}, described
    assert described["summary"] == "public leftpad", described
    assert metadata_versions(app, "org.public", "leftpad") == ["1.0.0"]

    public_maven.stop()
    try:
        time.sleep(2.5)  # past the TTL: the metadata must be revalidated, and the registry is down
        ok(get(MavenClient(app, tmp_path / "two", truststore), "org.public:leftpad:1.0.0"))
        assert metadata_versions(app, "org.public", "leftpad") == ["1.0.0"]
    finally:
        public_maven.start()

    offer(public_maven, "org.public", "leftpad", "1.1.0")
    time.sleep(2.5)
    assert metadata_versions(app, "org.public", "leftpad") == ["1.0.0", "1.1.0"]
    ok(get(MavenClient(app, tmp_path / "three", truststore), "org.public:leftpad:1.1.0"))
    # A file the registry does not have is a 404 (mvn asks for sources and javadoc that way).
    r = app.http("GET", f"{app.endpoint('maven')}org/public/leftpad/1.1.0/leftpad-1.1.0-sources.jar", app.token(), basic=True)
    assert r.status_code == 404, (r.status_code, r.text)
    assert get(MavenClient(app, tmp_path / "four", truststore), "org.public:nothere:1.0.0").returncode != 0


def test_an_internal_artifact_is_never_shadowed_by_a_public_one(cp, domain, public_maven, truststore, tmp_path):
    app, store = chain(cp, domain)
    jar = b"internal jar"
    base = f"{app.endpoint('maven')}com/acme/core/"
    token = app.token()
    for path, body in (("1.0.0/core-1.0.0.jar", jar), ("1.0.0/core-1.0.0.pom", b"<project><groupId>com.acme</groupId>"
                       b"<artifactId>core</artifactId><version>1.0.0</version></project>"),
                       ("maven-metadata.xml", b"<metadata><groupId>com.acme</groupId><artifactId>core</artifactId><versioning>"
                        b"<versions><version>1.0.0</version></versions></versioning></metadata>")):
        assert app.http("PUT", base + path, token, basic=True, data=body).status_code == 201
    offer(public_maven, "com.acme", "core", "99.0.0", note="impostor")
    assert metadata_versions(app, "com.acme", "core") == ["1.0.0"]
    assert app.http("GET", base + "99.0.0/core-99.0.0.jar", token, basic=True).status_code == 404
    failed(get(MavenClient(app, tmp_path / "m", truststore), "com.acme:core:99.0.0"), "Could not find artifact")
    assert origins(app, "core", "com.acme") == {"1.0.0": ("Published", "INTERNAL")}


def test_a_package_group_keeps_a_namespace_internal(cp, domain, public_maven):
    offer(public_maven, "com.grouped", "widget", "1.0.0")
    app, store = chain(cp, domain)
    c = cp.client()
    c.create_package_group(domain=domain, packageGroup="/maven/com.grouped/*")
    c.update_package_group_origin_configuration(domain=domain, packageGroup="/maven/com.grouped/*",
                                                restrictions={"EXTERNAL_UPSTREAM": "BLOCK"})
    url = f"{app.endpoint('maven')}com/grouped/widget/"
    assert app.http("GET", url + "maven-metadata.xml", app.token(), basic=True).status_code == 404
    assert app.http("GET", url + "1.0.0/widget-1.0.0.jar", app.token(), basic=True).status_code == 404
    for repository in ("app", "store"):
        with pytest.raises(c.exceptions.ResourceNotFoundException):
            c.list_package_versions(domain=domain, repository=repository, format="maven", package="widget", namespace="com.grouped")


def test_a_registry_file_that_does_not_match_its_sha1_is_refused(cp, domain, public_maven):
    offer(public_maven, "org.public", "tampered", "1.0.0")
    jar = public_maven.directory / "maven2" / "org/public/tampered/1.0.0/tampered-1.0.0.jar"
    jar.write_bytes(jar_bytes("swapped"))
    app, store = chain(cp, domain)
    r = app.http("GET", f"{app.endpoint('maven')}org/public/tampered/1.0.0/tampered-1.0.0.jar", app.token(), basic=True)
    assert r.status_code == 400 and "SHA-1" in r.reason, (r.status_code, r.reason)
    for repository in ("app", "store"):
        with pytest.raises(cp.client().exceptions.ResourceNotFoundException):
            cp.client().list_package_versions(domain=domain, repository=repository, format="maven", package="tampered",
                                              namespace="org.public")


def test_versions_of_an_internal_upstream_are_retained_downstream(cp, domain, truststore, tmp_path, maven_project_for):
    app, store = chain(cp, domain, external=False)
    publisher = MavenClient(store, tmp_path / "publisher", truststore)
    ok(publisher.mvn("deploy", cwd=maven_project_for(store)("granary-demo-lib", "1.0.0")))
    ok(publisher.mvn("deploy", cwd=maven_project_for(store)("granary-demo-lib", "2.0-SNAPSHOT")))
    assert metadata_versions(app, "com.acme.granary", "granary-demo-lib") == ["1.0.0", "2.0-SNAPSHOT"]
    consumer = MavenClient(app, tmp_path / "consumer", truststore)
    ok(get(consumer, "com.acme.granary:granary-demo-lib:1.0.0"))
    ok(get(consumer, "com.acme.granary:granary-demo-lib:2.0-SNAPSHOT"))
    assert origins(app, "granary-demo-lib", "com.acme.granary") == {"1.0.0": ("Published", "INTERNAL"),
                                                                    "2.0-SNAPSHOT": ("Published", "INTERNAL")}
    described = cp.client().describe_package_version(domain=domain, repository="app", format="maven", package="granary-demo-lib",
                                                     namespace="com.acme.granary", packageVersion="1.0.0")["packageVersion"]
    assert described["origin"]["domainEntryPoint"] == {"repositoryName": "store"}, described
