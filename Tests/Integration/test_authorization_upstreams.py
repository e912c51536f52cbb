"""Issue 11, "Borrowed upstreams": making a repository an upstream of another lets the downstream's
readers read it, so CreateRepository and UpdateRepository need
`codeartifact:AssociateWithDownstreamRepository` on each upstream repository's ARN (CodeArtifact's
rule). Before the fix a user allowed only on her own repositories ran
`create-repository --repository mine2 --upstreams repositoryName=secret` and read all of `secret`
through `mine2`. Likewise a connection an account defined (which may hold registry credentials)
is associated only by a principal allowed `granary:UseExternalConnection` on it.
"""
from __future__ import annotations

import pytest

pytest.register_assert_rewrite("authz_support")
from authz_support import allow, client_error, code_of, document, make_site, unique  # noqa: E402
from authz_support import authz  # noqa: F401,E402
from format_fixtures import FormatRepo  # noqa: E402


def pypi(authz, site, repository: str, token: str) -> FormatRepo:
    return FormatRepo(f"{authz.endpoint()}/d/{site.domain}-{site.owner}", repository, token, authz.stack.ca_bundle)


@pytest.fixture
def secret(authz):
    """A's domain with repository `secret` (holding a generic asset and the PyPI project
    `secret-lib`) and a user who may do anything to repositories named `mine*` and use the
    domain, nothing on `secret`."""
    site = make_site(authz)
    assert pypi(authz, site, site.repository, site.token(authz.admin)).pypi_upload("secret-lib", "1.0.0").status_code == 200
    owner, domain = site.owner, site.domain
    mine = f"arn:aws:codeartifact:{authz.region}:{owner}:repository/{domain}/mine*"
    mallory = authz.new_user(owner, policy=document(
        allow(["codeartifact:DescribeDomain", "codeartifact:GetAuthorizationToken", "codeartifact:ListRepositoriesInDomain"],
              site.domain_arn),
        allow("codeartifact:*", [mine, mine.replace(":repository/", ":package/") + "/*"])))
    return site, mallory


def test_create_with_a_borrowed_upstream_is_refused(authz, secret):
    site, mallory = secret
    proc = authz.aws_run(mallory, "create-repository", "--domain", site.domain, "--repository", "mine2",
                         "--upstreams", f"repositoryName={site.repository}")
    assert proc.returncode != 0, proc.stdout
    assert "AccessDeniedException" in proc.stderr, proc.stderr
    assert "codeartifact:AssociateWithDownstreamRepository" in proc.stderr and site.repository_arn in proc.stderr, proc.stderr
    names = [r["name"] for r in authz.client().list_repositories_in_domain(domain=site.domain)["repositories"]]
    assert "mine2" not in names


def test_update_with_a_borrowed_upstream_is_refused(authz, secret):
    site, mallory = secret
    c = authz.client(mallory)
    c.create_repository(domain=site.domain, repository="mine")
    e = client_error(c.update_repository, domain=site.domain, repository="mine",
                     upstreams=[{"repositoryName": site.repository}])
    assert code_of(e) == "AccessDeniedException", e
    assert "AssociateWithDownstreamRepository" in str(e)
    assert c.describe_repository(domain=site.domain, repository="mine")["repository"]["upstreams"] == []
    # And nothing of `secret` reads through `mine`.
    assert pypi(authz, site, "mine", site.token(mallory)).pypi_page("secret-lib").status_code == 404


def test_the_permission_on_the_upstream_allows_it(authz, secret):
    site, mallory = secret
    authz.put_identity_policy(mallory, "upstream", document(
        allow("codeartifact:AssociateWithDownstreamRepository", site.repository_arn)))
    c = authz.client(mallory)
    created = c.create_repository(domain=site.domain, repository="mine3",
                                  upstreams=[{"repositoryName": site.repository}])["repository"]
    assert [u["repositoryName"] for u in created["upstreams"]] == [site.repository]
    assert pypi(authz, site, "mine3", site.token(mallory)).pypi_versions("secret-lib") == ["1.0.0"]


def test_a_repository_policy_on_the_upstream_grants_it(authz, secret):
    """The permission may come from the upstream's own repository policy."""
    site, _ = secret
    other = authz.new_user(site.owner, policy=document(allow("codeartifact:CreateRepository", "*")))
    e = client_error(authz.client(other).create_repository, domain=site.domain, repository=unique("down"),
                     upstreams=[{"repositoryName": site.repository}])
    assert code_of(e) == "AccessDeniedException", e
    site.put_repository_policy(document(allow("codeartifact:AssociateWithDownstreamRepository", "*",
                                              principal=other.arn)))
    name = unique("down")
    created = authz.client(other).create_repository(domain=site.domain, repository=name,
                                                    upstreams=[{"repositoryName": site.repository}])["repository"]
    assert [u["repositoryName"] for u in created["upstreams"]] == [site.repository]


def test_keeping_an_existing_upstream_needs_no_new_permission(authz, secret):
    """An update that lists an upstream already linked (by someone allowed to link it) is not a
    new association; adding one more is."""
    site, mallory = secret
    c = authz.client(mallory)
    c.create_repository(domain=site.domain, repository="mine4")
    authz.client().update_repository(domain=site.domain, repository="mine4", upstreams=[{"repositoryName": site.repository}])
    c.create_repository(domain=site.domain, repository="mine5")
    updated = c.update_repository(domain=site.domain, repository="mine4", description="kept",
                                  upstreams=[{"repositoryName": "mine5"}, {"repositoryName": site.repository}])["repository"]
    assert [u["repositoryName"] for u in updated["upstreams"]] == ["mine5", site.repository]
    authz.client().create_repository(domain=site.domain, repository="elsewhere")
    e = client_error(c.update_repository, domain=site.domain, repository="mine4",
                     upstreams=[{"repositoryName": "elsewhere"}, {"repositoryName": site.repository}])
    assert code_of(e) == "AccessDeniedException" and "repository/" + site.domain + "/elsewhere" in str(e), e


def test_an_unknown_upstream_is_denied_before_it_is_not_found(authz, secret):
    site, mallory = secret
    e = client_error(authz.client(mallory).create_repository, domain=site.domain, repository="mine6",
                     upstreams=[{"repositoryName": unique("nothere")}])
    assert code_of(e) == "AccessDeniedException", e
    e = client_error(authz.client().create_repository, domain=site.domain, repository=unique("r"),
                     upstreams=[{"repositoryName": unique("nothere")}])
    assert code_of(e) == "ResourceNotFoundException", e


def test_a_defined_connection_needs_use_permission(authz, secret):
    site, mallory = secret
    name = unique("corp")
    r = authz.api("POST", "/external-connections", body={
        "name": name, "packageFormat": "npm", "url": "https://registry.example/",
        "credentials": {"type": "bearer", "token": "team-secret-token"}})
    assert r.status_code in (200, 201), r.text
    c = authz.client(mallory)
    c.create_repository(domain=site.domain, repository="mine7")
    e = client_error(c.associate_external_connection, domain=site.domain, repository="mine7", externalConnection=name)
    assert code_of(e) == "AccessDeniedException", e
    assert f"granary:UseExternalConnection on resource: arn:aws:granary:{authz.region}:{site.owner}:external-connection/{name}" \
        in str(e), e
    assert c.describe_repository(domain=site.domain, repository="mine7")["repository"]["externalConnections"] == []
    authz.put_identity_policy(mallory, "use", document(allow(
        "granary:UseExternalConnection", f"arn:aws:granary:{authz.region}:{site.owner}:external-connection/{name}")))
    linked = c.associate_external_connection(domain=site.domain, repository="mine7", externalConnection=name)["repository"]
    assert [x["externalConnectionName"] for x in linked["externalConnections"]] == [name]
    # CodeArtifact's own public connections need no Granary permission.
    c.create_repository(domain=site.domain, repository="mine8")
    c.associate_external_connection(domain=site.domain, repository="mine8", externalConnection="public:npmjs")
