"""Issue 11, "Respelled names": a named resource is found first and authorized as stored, never as
the caller spelled it. Before the fix, a user allowed `*` but denied `repository/D/prod` read it
as `PROD` (MariaDB found `prod` case-insensitively while the Authorizer evaluated `…/PROD`), and
the same held for user names (`/granary/v1/users/ADMIN/…`), connection names and package names
(the ARN was built from the raw name, the lookup from the normalized key: PyPI `Re_Quests` vs
`re-quests`; npm names with capitals found the lower-cased package).

Now repository, domain and connection names are exact (case-sensitive, as AWS's ARNs are: a
respelling finds nothing and is a 404 after authorization); IAM user names stay case-insensitive
as in IAM and are authorized under the stored name; package ARNs carry the format's normalized
name, as CodeArtifact's do (PEP 503 for PyPI; npm names are exact, as on the npm registry). The walk below takes every API route of the server's route table
whose request names the denied repository or user, and sends it spelled right (403) and
respelled (never a success).
"""
from __future__ import annotations

import pytest
import requests

pytest.register_assert_rewrite("authz_support")
from authz_support import allow, deny, document, error_code, make_site, unique  # noqa: E402
from authz_support import authz  # noqa: F401,E402
from format_fixtures import FormatRepo  # noqa: E402

from test_authorization_format_routes import requests_for, send  # noqa: E402
from test_authorization_routes import FILL, FORMAT_CLASSES, Target, expand, route_key, routes, walked as api_routes  # noqa: F401,E402


class Respelled:
    """A view of a Site whose repository is spelled in upper case (everything else as it is)."""

    def __init__(self, site, repository: str):
        self._site, self.repository = site, repository

    def __getattr__(self, name):
        return getattr(self._site, name)


class RespelledUser:
    def __init__(self, user, name: str):
        self._user, self.name = user, name

    def __getattr__(self, name):
        return getattr(self._user, name)


MAVEN_GROUP, MAVEN_ARTIFACT = "com.Caps.Group", "Caps-Artifact"
MAVEN_PATH = f"{MAVEN_GROUP.replace('.', '/')}/{MAVEN_ARTIFACT}"
MAVEN_METADATA = (f"<metadata><groupId>{MAVEN_GROUP}</groupId><artifactId>{MAVEN_ARTIFACT}</artifactId>"
                  "<versioning><versions><version>1.0.0</version></versions></versioning></metadata>").encode()


def maven_request(repo: FormatRepo, method: str, path: str, **kw) -> requests.Response:
    return requests.request(method, repo.url("maven") + path, headers=repo._auth(basic=True), verify=repo.ca,
                            timeout=60, **kw)


def nuget_push(repo: FormatRepo, id: str, version: str) -> requests.Response:
    from nupkg_builder import build_nupkg
    return requests.put(repo.url("nuget") + "v3/package", files={"package": ("p.nupkg", build_nupkg(id, version))},
                        headers=repo._auth(basic=True), verify=repo.ca, timeout=60)


def swapcase_name(name: str) -> str:
    respelled = name.upper()
    assert respelled != name
    return respelled


@pytest.fixture(scope="module")
def sec(authz):
    """Account A's site (domain, repository `azr-…`, a generic asset, PyPI `re-quests`, npm
    `caps-pkg` and Maven `com.Caps.Group:Caps-Artifact`), a user `victim` of A, and a connection A defined."""
    site = make_site(authz)
    token = site.token(authz.admin)
    repo = FormatRepo(f"{authz.endpoint()}/d/{site.domain}-{site.owner}", site.repository, token, authz.stack.ca_bundle)
    r = repo.pypi_upload("re-quests", "1.0.0")
    assert r.status_code == 200, r.text
    r = repo.npm_publish("caps-pkg", "1.0.0")
    assert r.status_code in (200, 201), r.text
    r = nuget_push(repo, "Granary.Caps", "1.0.0")
    assert r.status_code == 201, (r.status_code, r.reason)
    for path, body in ((f"{MAVEN_PATH}/1.0.0/{MAVEN_ARTIFACT}-1.0.0.jar", b"PK maven jar"),
                       (f"{MAVEN_PATH}/maven-metadata.xml", MAVEN_METADATA)):
        r = maven_request(repo, "PUT", path, data=body)
        assert r.status_code == 201, (path, r.status_code, r.reason)
    victim = authz.new_user(site.owner)
    connection = unique("conn")
    r = authz.api("POST", "/external-connections", body={"name": connection, "packageFormat": "npm",
                                                          "url": "https://registry.example/"})
    assert r.status_code in (200, 201), r.text
    return site, repo, victim, connection


def connection_arn(authz, account: str, name: str) -> str:
    return f"arn:aws:granary:{authz.region}:{account}:external-connection/{name}"


@pytest.fixture(scope="module")
def denied(authz, sec):
    """A user of A allowed everything but explicitly denied A's repository (and its packages),
    the user `victim` and the connection."""
    site, _, victim, connection = sec
    return authz.new_user(site.owner, policy=document(
        allow(["codeartifact:*", "granary:*"], "*"),
        deny("codeartifact:*", [site.repository_arn, f"{site.repository_arn.replace(':repository/', ':package/')}/*"]),
        deny("granary:*", [victim.arn, connection_arn(authz, site.owner, connection)])))


def names_target(route: dict, target: Target) -> bool:
    """Whether the route's request names the repository or the user the walk denies."""
    path_params, query, body, _ = FILL[route_key(route)](target)
    values = set(path_params.values()) | {v for v in query.values() if isinstance(v, str)}
    return target.site.repository in values or target.other_user.name in values


def test_every_route_naming_a_denied_resource_refuses_its_respelling(authz, sec, denied, routes):
    site, _, victim, _ = sec
    token = site.token(authz.admin)
    exact = Target(site, denied, victim, token, real=True)
    respelled = Target(Respelled(site, swapcase_name(site.repository)), denied,
                       RespelledUser(victim, swapcase_name(victim.name)), token, real=True)
    walked, failures = [], []
    for route in api_routes(routes):
        if not names_target(route, exact):
            continue
        walked.append(route_key(route))
        for label, target in (("as stored", exact), ("respelled", respelled)):
            path_params, query, body, headers = FILL[route_key(route)](target)
            r = authz.signed(route["method"], expand(route["pattern"], path_params), denied, params=query, body=body,
                             headers=headers)
            if label == "as stored" and (r.status_code, error_code(r)) != (403, "AccessDeniedException"):
                failures.append(f"{route_key(route)} {label}: {r.status_code} {r.text[:160]}")
            if label == "respelled" and r.status_code < 300:
                failures.append(f"{route_key(route)} {label}: {r.status_code} {r.text[:160]}")
    assert len(walked) >= 30, walked
    assert not failures, "routes that let a respelled name past an explicit deny:\n" + "\n".join(failures)


def test_every_package_route_refuses_a_respelled_repository(authz, sec, denied, routes):
    """Every PyPI, npm and generic route, with the repository in its URL spelled as stored (403:
    the deny holds) and respelled (never a success: no such repository)."""
    site, _, _, _ = sec
    token = site.token(denied)
    upper = Respelled(site, swapcase_name(site.repository))
    failures, walked = [], 0
    for route in routes:
        if route["routeClass"] in FORMAT_CLASSES:
            for request in requests_for(route_key(route)):
                walked += 1
                for label, target in (("as stored", site), ("respelled", upper)):
                    r = send(authz, target, route, request, token)
                    if (label == "as stored" and r.status_code != 403) or r.status_code < 300:
                        failures.append(f"{request[0]} {request[1]} ({route_key(route)}) {label}: {r.status_code}")
        elif route["routeClass"] == "generic":
            walked += 1
            assert route["pattern"] == "GET /d/:domain/generic/:repository/:package/:version/*asset".split(" ", 1)[1], route
            for label, repository in (("as stored", site.repository), ("respelled", upper.repository)):
                path = authz.download_path(site.domain, site.owner, repository, site.package, site.version, site.asset)
                r = authz.download(path, token, namespace=site.namespace)
                if (label == "as stored" and r.status_code != 403) or r.status_code < 300:
                    failures.append(f"generic download {label}: {r.status_code}")
    assert walked >= 15, walked
    assert not failures, "package routes that let a respelled repository past an explicit deny:\n" + "\n".join(failures)


def test_respelled_repository_is_not_the_repository(authz, sec, denied):
    site, _, _, _ = sec
    c = authz.client(denied)
    upper = swapcase_name(site.repository)
    for call, kw in ((c.list_packages, {}), (c.describe_repository, {}), (c.get_repository_permissions_policy, {})):
        with pytest.raises(Exception) as e:
            call(domain=site.domain, domainOwner=site.owner, repository=upper, **kw)
        assert "ResourceNotFound" in str(e.value) or "AccessDenied" in str(e.value), e.value
    with pytest.raises(Exception) as e:
        c.put_repository_permissions_policy(domain=site.domain, repository=upper,
                                            policyDocument=document(allow("codeartifact:*", "*", principal=site.owner)))
    assert "ResourceNotFound" in str(e.value), e.value
    # prod's own policy was not written.
    with pytest.raises(Exception) as e:
        authz.client().get_repository_permissions_policy(domain=site.domain, repository=site.repository)
    assert "ResourceNotFound" in str(e.value)
    # Tagging by a respelled ARN reaches nothing either.
    arn = site.repository_arn.rsplit("/", 1)[0] + "/" + upper
    r = authz.signed("POST", "/v1/tag", denied, params={"resourceArn": arn}, body={"tags": [{"key": "k", "value": "v"}]})
    assert r.status_code == 404, r.text
    assert authz.client().list_tags_for_resource(resourceArn=site.repository_arn)["tags"] == []


def test_respelled_repository_token_download(authz, sec, denied):
    site, _, _, _ = sec
    token = site.token(denied)
    upper = swapcase_name(site.repository)
    path = authz.download_path(site.domain, site.owner, upper, site.package, site.version, site.asset)
    r = authz.download(path, token, namespace=site.namespace)
    assert r.status_code in (403, 404), (r.status_code, r.text[:200])
    assert site.data not in r.content
    assert authz.download(site.path, token, namespace=site.namespace).status_code == 403


def test_respelled_user_in_granary_api(authz, sec, denied):
    _, _, victim, _ = sec
    for spelling in (victim.name.upper(), victim.name.capitalize()):
        for method, tail, body in (
                ("GET", f"/users/{spelling}/policies", None),
                ("PUT", f"/users/{spelling}/policies/pwn", {"policyDocument": document(allow("codeartifact:*", "*"))}),
                ("POST", f"/users/{spelling}/access-keys", None),
                ("POST", f"/users/{spelling}/tokens/revoke", None)):
            r = authz.api(method, tail, denied, body=body)
            assert (r.status_code, error_code(r)) == (403, "AccessDeniedException"), (method, tail, r.status_code, r.text)
            assert f"user/{victim.name} " in r.json()["message"], r.text   # the stored name's ARN was decided
        r = authz.api("POST", "/users", denied, body={"userName": spelling})
        assert r.status_code == 403, r.text
        r = authz.api("POST", "/explain", denied, body={
            "principalArn": victim.arn.rsplit("/", 1)[0] + "/" + spelling, "action": "codeartifact:DescribeDomain",
            "resource": "*"})
        assert (r.status_code, error_code(r)) == (403, "AccessDeniedException"), r.text
        assert f"user/{victim.name} " in r.json()["message"], r.text
    assert authz.identity_policies(victim) == []


def test_respelled_connection_name(authz, sec, denied):
    site, _, _, connection = sec
    upper = swapcase_name(connection)
    for method in ("GET", "DELETE"):
        r = authz.api(method, f"/external-connections/{upper}", denied)
        assert r.status_code == 404, (method, r.status_code, r.text)
        r = authz.api(method, f"/external-connections/{connection}", denied)
        assert r.status_code == 403, (method, r.status_code, r.text)
    assert authz.api("GET", f"/external-connections/{connection}").status_code == 200


@pytest.fixture(scope="module")
def package_denied(authz, sec):
    """A user of A allowed everything but denied the two packages, named as stored (normalized)."""
    site, _, _, _ = sec
    base = site.repository_arn.replace(":repository/", ":package/")
    return authz.new_user(site.owner, policy=document(
        allow(["codeartifact:*", "granary:*"], "*"),
        deny("codeartifact:*", [f"{base}/pypi//re-quests", f"{base}/npm//caps-pkg",
                                f"{base}/maven/{MAVEN_GROUP}/{MAVEN_ARTIFACT}", f"{base}/nuget//granary.caps"])))


@pytest.mark.parametrize("fmt,spelling,outcome", [
    ("pypi", "Re_Quests", "AccessDenied"), ("pypi", "RE.QUESTS", "AccessDenied"), ("pypi", "re-quests", "AccessDenied"),
    # npm names are case-sensitive (as on the npm registry and in CodeArtifact): another package.
    ("npm", "CAPS-PKG", "ResourceNotFound"), ("npm", "Caps-Pkg", "ResourceNotFound"), ("npm", "caps-pkg", "AccessDenied")])
def test_respelled_package_in_the_control_plane(authz, sec, package_denied, fmt, spelling, outcome):
    site, _, _, _ = sec
    c = authz.client(package_denied)
    kw = dict(domain=site.domain, repository=site.repository, format=fmt, package=spelling)
    for call, extra in ((c.describe_package, {}), (c.list_package_versions, {}),
                        (c.describe_package_version, {"packageVersion": "1.0.0"}),
                        (c.list_package_version_assets, {"packageVersion": "1.0.0"}),
                        (c.update_package_versions_status, {"versions": ["1.0.0"], "targetStatus": "Archived"}),
                        (c.delete_package, {})):
        with pytest.raises(Exception) as e:
            call(**kw, **extra)
        assert outcome in str(e.value), (call.__name__, e.value)
        if outcome == "AccessDenied":   # decided on the stored (normalized) name's ARN
            assert f"/{fmt}//{'re-quests' if fmt == 'pypi' else 'caps-pkg'} " in str(e.value), e.value
    versions = authz.client().list_package_versions(domain=site.domain, repository=site.repository, format=fmt,
                                                    package="re-quests" if fmt == "pypi" else "caps-pkg")["versions"]
    assert [(v["version"], v["status"]) for v in versions] == [("1.0.0", "Published")]


def test_respelled_package_in_the_protocols(authz, sec, package_denied):
    site, _, _, _ = sec
    token = site.token(package_denied)
    repo = FormatRepo(f"{authz.endpoint()}/d/{site.domain}-{site.owner}", site.repository, token, authz.stack.ca_bundle)
    for name in ("Re_Quests", "re.quests", "RE-QUESTS"):
        r = repo.pypi_upload(name, "2.0.0")
        assert r.status_code == 403, (name, r.status_code, r.text[:200])
    npm = repo.url("npm")
    auth = {"Authorization": f"Bearer {token}"}
    # npm names are case-sensitive: the stored spelling is denied, another is another package.
    for name, allowed in (("caps-pkg", (403,)), ("CAPS-PKG", (403, 404)), ("Caps-Pkg", (403, 404))):
        for method, tail, body in (("PUT", f"-/package/{name}/dist-tags/beta", b'"1.0.0"'),
                                   ("DELETE", f"-/package/{name}/dist-tags/beta", None),
                                   ("DELETE", f"{name}/-/{name}-1.0.0.tgz/-rev/1-1", None),
                                   ("DELETE", f"{name}/-rev/1-1", None)):
            r = requests.request(method, npm + tail, data=body, headers=auth | {"Content-Type": "application/json"},
                                 verify=authz.stack.ca_bundle, timeout=30)
            assert r.status_code in allowed, (method, tail, r.status_code, r.text[:200])
    # Nothing changed: PyPI has 1.0.0 only, npm's tags are as published.
    admin = FormatRepo(f"{authz.endpoint()}/d/{site.domain}-{site.owner}", site.repository, site.token(authz.admin),
                       authz.stack.ca_bundle)
    assert admin.pypi_versions("re-quests") == ["1.0.0"]
    packument = admin.packument("caps-pkg").json()
    assert packument["dist-tags"] == {"latest": "1.0.0"} and list(packument["versions"]) == ["1.0.0"]


def test_respelled_maven_coordinates(authz, sec, package_denied):
    """Maven coordinates are exact (groupId and artifactId are case-sensitive, as in Maven and
    CodeArtifact): the stored spelling is denied, any other is another package (404 when read)."""
    site, _, _, _ = sec
    c = authz.client(package_denied)
    for namespace, package, outcome in ((MAVEN_GROUP, MAVEN_ARTIFACT, "AccessDenied"),
                                        (MAVEN_GROUP.lower(), MAVEN_ARTIFACT, "ResourceNotFound"),
                                        (MAVEN_GROUP, MAVEN_ARTIFACT.upper(), "ResourceNotFound")):
        kw = dict(domain=site.domain, repository=site.repository, format="maven", namespace=namespace, package=package)
        for call, extra in ((c.describe_package, {}), (c.list_package_versions, {}),
                            (c.list_package_version_assets, {"packageVersion": "1.0.0"}),
                            (c.update_package_versions_status, {"versions": ["1.0.0"], "targetStatus": "Archived"})):
            with pytest.raises(Exception) as e:
                call(**kw, **extra)
            assert outcome in str(e.value), (namespace, package, call.__name__, e.value)
            if outcome == "AccessDenied":
                assert f"/maven/{MAVEN_GROUP}/{MAVEN_ARTIFACT} " in str(e.value), e.value

    repo = FormatRepo(f"{authz.endpoint()}/d/{site.domain}-{site.owner}", site.repository,
                      site.token(package_denied), authz.stack.ca_bundle)
    # Reads are ReadFromRepository, a repository action (as in CodeArtifact): the package Deny does
    # not reach them, so the stored spelling reads; a respelling names no package.
    jar = f"1.0.0/{MAVEN_ARTIFACT}-1.0.0.jar"
    r = maven_request(repo, "GET", f"{MAVEN_PATH}/{jar}")
    assert r.status_code == 200 and r.content == b"PK maven jar", (r.status_code, r.reason)
    for path in (MAVEN_PATH.lower(), MAVEN_PATH.replace("Caps/Group", "caps/group"), MAVEN_PATH.upper()):
        for tail in ("maven-metadata.xml", jar.replace(MAVEN_ARTIFACT, path.rsplit("/", 1)[1])):
            r = maven_request(repo, "GET", f"{path}/{tail}")
            assert r.status_code == 404, (path, tail, r.status_code, r.reason)
    # Publishing is decided on the stored package's ARN: denied.
    for tail, body in ((f"1.0.1/{MAVEN_ARTIFACT}-1.0.1.jar", b"PK other"), ("maven-metadata.xml", MAVEN_METADATA)):
        r = maven_request(repo, "PUT", f"{MAVEN_PATH}/{tail}", data=body)
        assert r.status_code == 403, (tail, r.status_code, r.reason)
    versions = authz.client().list_package_versions(domain=site.domain, repository=site.repository, format="maven",
                                                    namespace=MAVEN_GROUP, package=MAVEN_ARTIFACT)["versions"]
    assert [(v["version"], v["status"]) for v in versions] == [("1.0.0", "Published")]


def test_respelled_nuget_id(authz, sec, package_denied):
    """NuGet ids are case-insensitive (stored lower-cased, as CodeArtifact's ARNs carry them): any
    spelling is the one package, denied by the policy naming `nuget//granary.caps`."""
    site, _, _, _ = sec
    c = authz.client(package_denied)
    for spelling in ("Granary.Caps", "GRANARY.CAPS", "granary.caps"):
        with pytest.raises(Exception) as e:
            c.describe_package_version(domain=site.domain, repository=site.repository, format="nuget", package=spelling,
                                       packageVersion="1.0.0")
        assert "AccessDenied" in str(e.value) and "/nuget//granary.caps " in str(e.value), e.value
    repo = FormatRepo(f"{authz.endpoint()}/d/{site.domain}-{site.owner}", site.repository,
                      site.token(package_denied), authz.stack.ca_bundle)
    for spelling in ("Granary.Caps", "GRANARY.CAPS", "granary.CAPS"):
        r = nuget_push(repo, spelling, "2.0.0")
        assert r.status_code == 403, (spelling, r.status_code, r.reason)
        r = requests.delete(repo.url("nuget") + f"v3/package/{spelling}/1.0.0", headers=repo._auth(basic=True),
                            verify=repo.ca, timeout=60)
        assert r.status_code == 403, (spelling, r.status_code, r.reason)
    versions = authz.client().list_package_versions(domain=site.domain, repository=site.repository, format="nuget",
                                                    package="granary.caps")["versions"]
    assert [(v["version"], v["status"]) for v in versions] == [("1.0.0", "Published")]
