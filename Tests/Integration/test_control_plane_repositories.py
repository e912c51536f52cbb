"""CodeArtifact repositories: Create/Describe/Update/Delete, ListRepositories(InDomain), ordered
upstreams (≤10, same domain, no cycles), external connections and GetRepositoryEndpoint."""
import pytest

from cp_support import cleanup_domain, unique

TLS = pytest.mark.parametrize("tls", [False, True], ids=["http", "https"])


def upstream_names(repo: dict) -> list:
    return [u["repositoryName"] for u in repo["upstreams"]]


def test_repository_lifecycle_with_the_aws_cli(cp, domain):
    acct = cp.admin.account
    base = cp.aws("create-repository", "--domain", domain, "--repository", "base")["repository"]
    assert base["name"] == "base"
    assert base["domainName"] == domain and base["domainOwner"] == acct and base["administratorAccount"] == acct
    assert base["arn"] == f"arn:aws:codeartifact:{cp.region}:{acct}:repository/{domain}/base"
    assert base["upstreams"] == [] and base["externalConnections"] == []
    assert "description" not in base

    app = cp.aws("create-repository", "--domain", domain, "--repository", "app", "--description", "the app repo",
                 "--upstreams", "repositoryName=base", "--tags", "key=tier,value=gold", tls=True)["repository"]
    assert app["description"] == "the app repo"
    assert upstream_names(app) == ["base"]

    tags, described, updated = cp.parallel(
        lambda: cp.aws("list-tags-for-resource", "--resource-arn", app["arn"]),
        lambda: cp.aws("describe-repository", "--domain", domain, "--domain-owner", acct, "--repository", "app",
                       tls=True),
        lambda: cp.aws("update-repository", "--domain", domain, "--repository", "base", "--description", "changed"))
    assert tags["tags"] == [{"key": "tier", "value": "gold"}]
    assert described["repository"] == app
    assert updated["repository"]["description"] == "changed"

    in_domain, endpoint, refused, upstreams_kept = cp.parallel(
        lambda: cp.aws("list-repositories-in-domain", "--domain", domain, tls=True),
        lambda: cp.aws("get-repository-endpoint", "--domain", domain, "--repository", "app", "--format", "generic"),
        lambda: cp.aws_error("ConflictException", "delete-repository", "--domain", domain, "--repository", "base",
                             tls=True),
        lambda: cp.aws("update-repository", "--domain", domain, "--repository", "app", "--description", "v2"))
    assert [r["name"] for r in in_domain["repositories"]] == ["app", "base"]
    assert in_domain["repositories"][1]["arn"] == base["arn"] and in_domain["repositories"][1]["description"] == "changed"
    assert in_domain["repositories"][0]["administratorAccount"] == acct
    assert in_domain["repositories"][0]["domainOwner"] == acct
    assert endpoint["repositoryEndpoint"].endswith("/generic/app/"), endpoint
    assert upstream_names(upstreams_kept["repository"]) == ["base"], "an update without upstreams keeps them"

    gone = cp.aws("delete-repository", "--domain", domain, "--repository", "app")["repository"]
    assert gone["name"] == "app" and gone["arn"] == app["arn"]
    cp.parallel(
        lambda: cp.aws_error("ResourceNotFoundException", "describe-repository", "--domain", domain,
                             "--repository", "app", tls=True),
        lambda: cp.aws("delete-repository", "--domain", domain, "--repository", "base"))


@TLS
def test_upstreams_keep_their_order_and_can_be_replaced_or_removed(cp, domain, tls):
    c = cp.client(tls=tls)
    for name in ("u1", "u2", "u3"):
        c.create_repository(domain=domain, repository=name)
    r = c.create_repository(domain=domain, repository="main",
                            upstreams=[{"repositoryName": n} for n in ("u3", "u1", "u2")])["repository"]
    assert upstream_names(r) == ["u3", "u1", "u2"]
    assert upstream_names(c.describe_repository(domain=domain, repository="main")["repository"]) == ["u3", "u1", "u2"]

    r = c.update_repository(domain=domain, repository="main", upstreams=[{"repositoryName": "u2"}, {"repositoryName": "u3"}])
    assert upstream_names(r["repository"]) == ["u2", "u3"]
    r = c.update_repository(domain=domain, repository="main", upstreams=[])
    assert upstream_names(r["repository"]) == []
    # u1 is nobody's upstream any more: it can go.
    c.delete_repository(domain=domain, repository="u1")


def test_ten_upstreams_are_allowed_eleven_are_not(cp, domain):
    c = cp.client()
    names = [f"up{i:02d}" for i in range(11)]
    for n in names:
        c.create_repository(domain=domain, repository=n)
    ten = c.create_repository(domain=domain, repository="ten", upstreams=[{"repositoryName": n} for n in names[:10]])
    assert upstream_names(ten["repository"]) == names[:10]
    with pytest.raises(c.exceptions.ValidationException):
        c.create_repository(domain=domain, repository="eleven", upstreams=[{"repositoryName": n} for n in names])
    with pytest.raises(c.exceptions.ValidationException):
        c.update_repository(domain=domain, repository="ten", upstreams=[{"repositoryName": n} for n in names])
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.describe_repository(domain=domain, repository="eleven")
    assert upstream_names(c.describe_repository(domain=domain, repository="ten")["repository"]) == names[:10]


def test_upstream_errors(cp, domain):
    c = cp.client()
    c.create_repository(domain=domain, repository="ra")
    # Unknown upstream.
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.create_repository(domain=domain, repository="rb", upstreams=[{"repositoryName": "missing"}])
    # Itself, or the same upstream twice.
    with pytest.raises(c.exceptions.ValidationException):
        c.create_repository(domain=domain, repository="rb", upstreams=[{"repositoryName": "rb"}])
    with pytest.raises(c.exceptions.ValidationException):
        c.create_repository(domain=domain, repository="rb", upstreams=[{"repositoryName": "ra"}, {"repositoryName": "ra"}])
    # An upstream in another domain is not found in this one.
    other = unique("d")
    c.create_domain(domain=other)
    try:
        c.create_repository(domain=other, repository="elsewhere")
        with pytest.raises(c.exceptions.ResourceNotFoundException):
            c.create_repository(domain=domain, repository="rb", upstreams=[{"repositoryName": "elsewhere"}])
    finally:
        cleanup_domain(cp, other)
    assert [r["name"] for r in c.list_repositories_in_domain(domain=domain)["repositories"]] == ["ra"]


def test_cycles_are_refused(cp, domain):
    c = cp.client()
    c.create_repository(domain=domain, repository="ra")
    c.create_repository(domain=domain, repository="rb", upstreams=[{"repositoryName": "ra"}])
    c.create_repository(domain=domain, repository="rc", upstreams=[{"repositoryName": "rb"}])
    # ra -> rc would close rc -> rb -> ra.
    with pytest.raises(c.exceptions.ValidationException) as e:
        c.update_repository(domain=domain, repository="ra", upstreams=[{"repositoryName": "rc"}])
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    cp.aws_error("ValidationException", "update-repository", "--domain", domain, "--repository", "ra",
                 "--upstreams", "repositoryName=rb")
    with pytest.raises(c.exceptions.ValidationException):
        c.update_repository(domain=domain, repository="ra", upstreams=[{"repositoryName": "ra"}])
    assert upstream_names(c.describe_repository(domain=domain, repository="ra")["repository"]) == []
    # A diamond is not a cycle.
    c.create_repository(domain=domain, repository="rd", upstreams=[{"repositoryName": "rb"}, {"repositoryName": "rc"}])


def test_duplicate_repository_is_a_conflict(cp, domain):
    c = cp.client()
    c.create_repository(domain=domain, repository="rr")
    with pytest.raises(c.exceptions.ConflictException) as e:
        c.create_repository(domain=domain, repository="rr")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409


def test_not_found_paths(cp, domain):
    c = cp.client()
    missing_domain = unique("nope")
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.create_repository(domain=missing_domain, repository="rr")
    for call in (c.describe_repository, c.delete_repository):
        with pytest.raises(c.exceptions.ResourceNotFoundException):
            call(domain=domain, repository="missing")
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.update_repository(domain=domain, repository="missing", description="x")
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.list_repositories_in_domain(domain=missing_domain)
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.get_repository_endpoint(domain=domain, repository="missing", format="npm")


@pytest.mark.parametrize("bad", ["-starts-with-hyphen", "has space", "sl/ash", "x"])
def test_invalid_repository_names_are_refused(cp, domain, bad):
    c = cp.client(parameter_validation=False)
    with pytest.raises(c.exceptions.ValidationException):
        c.create_repository(domain=domain, repository=bad)


def test_description_limits(cp, domain):
    c = cp.client(parameter_validation=False)
    with pytest.raises(c.exceptions.ValidationException):
        c.create_repository(domain=domain, repository="rr", description="x" * 1001)
    with pytest.raises(c.exceptions.ValidationException):
        c.create_repository(domain=domain, repository="rr", description="bell\x07")
    ok = c.create_repository(domain=domain, repository="rr", description="ü" * 1000)["repository"]
    assert ok["description"] == "ü" * 1000


def test_list_repositories_and_prefix_and_administrator_filters(cp, tenant):
    c = cp.client(tenant)
    assert c.list_repositories()["repositories"] == []
    d1, d2 = unique("d"), unique("d")
    c.create_domain(domain=d1)
    c.create_domain(domain=d2)
    try:
        c.create_repository(domain=d1, repository="alpha")
        c.create_repository(domain=d1, repository="beta")
        c.create_repository(domain=d2, repository="alpha")
        listed = c.list_repositories()["repositories"]
        assert sorted((r["domainName"], r["name"]) for r in listed) == sorted(
            [(d1, "alpha"), (d1, "beta"), (d2, "alpha")])
        assert all(r["administratorAccount"] == tenant.account for r in listed)
        pre = c.list_repositories(repositoryPrefix="al")["repositories"]
        assert sorted(r["domainName"] for r in pre) == sorted([d1, d2]) and {r["name"] for r in pre} == {"alpha"}
        cli = cp.aws("list-repositories", "--repository-prefix", "be", creds=tenant)["repositories"]
        assert [(r["domainName"], r["name"]) for r in cli] == [(d1, "beta")]

        assert [r["name"] for r in c.list_repositories_in_domain(domain=d1)["repositories"]] == ["alpha", "beta"]
        assert [r["name"] for r in c.list_repositories_in_domain(domain=d1, repositoryPrefix="be")["repositories"]] == ["beta"]
        assert c.list_repositories_in_domain(domain=d1, repositoryPrefix="zz")["repositories"] == []
        by_admin = c.list_repositories_in_domain(domain=d1, administratorAccount=tenant.account)["repositories"]
        assert [r["name"] for r in by_admin] == ["alpha", "beta"]
        assert c.list_repositories_in_domain(domain=d1, administratorAccount=cp.admin.account)["repositories"] == []
        with pytest.raises(c.exceptions.ValidationException):
            cp.client(tenant, parameter_validation=False).list_repositories_in_domain(
                domain=d1, administratorAccount="not-an-account")
    finally:
        cleanup_domain(cp, d1, tenant)
        cleanup_domain(cp, d2, tenant)


def test_prefix_is_literal_not_a_like_pattern(cp, domain):
    c = cp.client()
    c.create_repository(domain=domain, repository="a_b")
    c.create_repository(domain=domain, repository="axb")
    assert [r["name"] for r in c.list_repositories_in_domain(domain=domain, repositoryPrefix="a_")["repositories"]] == ["a_b"]


def test_external_connections(cp, domain):
    c = cp.client()
    c.create_repository(domain=domain, repository="npm-store")
    r = c.associate_external_connection(domain=domain, repository="npm-store", externalConnection="public:npmjs")
    conns = r["repository"]["externalConnections"]
    assert len(conns) == 1
    assert conns[0]["externalConnectionName"] == "public:npmjs"
    assert conns[0]["packageFormat"] == "npm"
    assert conns[0]["status"] == "Available"
    assert c.describe_repository(domain=domain, repository="npm-store")["repository"]["externalConnections"] == conns

    # A second, different connection exceeds CodeArtifact's quota of one.
    with pytest.raises(c.exceptions.ServiceQuotaExceededException) as e:
        c.associate_external_connection(domain=domain, repository="npm-store", externalConnection="public:pypi")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 402
    cp.aws_error("ServiceQuotaExceededException", "associate-external-connection", "--domain", domain,
                 "--repository", "npm-store", "--external-connection", "public:maven-central")

    # Unknown names are refused.
    with pytest.raises(c.exceptions.ValidationException):
        c.associate_external_connection(domain=domain, repository="npm-store", externalConnection="public:nonsense")

    # Disassociating one that is not there is not found; the real one goes.
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.disassociate_external_connection(domain=domain, repository="npm-store", externalConnection="public:pypi")
    r = cp.aws("disassociate-external-connection", "--domain", domain, "--repository", "npm-store",
               "--external-connection", "public:npmjs", tls=True)
    assert r["repository"]["externalConnections"] == []
    r = cp.aws("associate-external-connection", "--domain", domain, "--repository", "npm-store",
               "--external-connection", "public:pypi")
    assert [(x["externalConnectionName"], x["packageFormat"]) for x in r["repository"]["externalConnections"]] == [
        ("public:pypi", "pypi")]


@pytest.mark.parametrize("connection,fmt", [
    ("public:npmjs", "npm"), ("public:pypi", "pypi"), ("public:maven-central", "maven"),
    ("public:nuget-org", "nuget"), ("public:crates-io", "cargo"), ("public:ruby-gems-org", "ruby"),
])
def test_codeartifact_connection_names_are_known(cp, domain, connection, fmt):
    c = cp.client()
    c.create_repository(domain=domain, repository="rr")
    r = c.associate_external_connection(domain=domain, repository="rr", externalConnection=connection)
    assert r["repository"]["externalConnections"][0]["packageFormat"] == fmt


@pytest.mark.parametrize("fmt", ["npm", "pypi", "maven", "nuget", "generic", "ruby", "swift", "cargo"])
def test_repository_endpoint_per_format(cp, domain, fmt):
    c = cp.client()
    c.create_repository(domain=domain, repository="repo")
    url = c.get_repository_endpoint(domain=domain, repository="repo", format=fmt)["repositoryEndpoint"]
    assert url.startswith(("http://", "https://"))
    assert url.endswith(f"/{fmt}/repo/"), url
    assert domain in url


def test_repository_endpoint_bad_format(cp, domain):
    c = cp.client(parameter_validation=False)
    c.create_repository(domain=domain, repository="repo")
    with pytest.raises(c.exceptions.ValidationException):
        c.get_repository_endpoint(domain=domain, repository="repo", format="tarball")


def test_deleting_a_repository_drops_its_tags_and_frees_its_name(cp, domain):
    c = cp.client()
    arn = c.create_repository(domain=domain, repository="rr", tags=[{"key": "k", "value": "v"}])["repository"]["arn"]
    c.delete_repository(domain=domain, repository="rr")
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.list_tags_for_resource(resourceArn=arn)
    again = c.create_repository(domain=domain, repository="rr")["repository"]
    assert again["arn"] == arn
    assert c.list_tags_for_resource(resourceArn=arn)["tags"] == []


def test_deleting_a_repository_with_packages(cp, domain):
    """CodeArtifact deletes a repository together with its packages."""
    c = cp.client()
    c.create_repository(domain=domain, repository="full")
    cp.publish(domain, "full", "pkg", "1.0", "a.bin", b"a")
    cp.publish(domain, "full", "pkg", "2.0", "b.bin", b"b", unfinished=True)
    gone = c.delete_repository(domain=domain, repository="full")["repository"]
    assert gone["name"] == "full"
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.describe_repository(domain=domain, repository="full")
    c.create_repository(domain=domain, repository="full")
    assert c.list_packages(domain=domain, repository="full")["packages"] == []
    # With its last repository gone, the domain can go too.
    c.delete_repository(domain=domain, repository="full")
    c.delete_domain(domain=domain)
