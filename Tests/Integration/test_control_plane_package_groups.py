"""CodeArtifact package groups: Create/Describe/Update/Delete, ListPackageGroups and
ListSubPackageGroups (the hierarchy follows the patterns), GetAssociatedPackageGroup and
ListAssociatedPackages (most specific match, STRONG/WEAK), origin configuration with INHERIT and
allowed-repository lists, pagination, errors, and DeleteDomain with groups present."""
import pytest

from cp_support import cleanup_domain, unique


def arn_of(cp, domain, encoded):
    return f"arn:aws:codeartifact:{cp.region}:{cp.admin.account}:package-group/{domain}{encoded}"


def restrictions(group):
    return group["originConfiguration"]["restrictions"]


def code_of(error):
    return error.response["Error"]["Code"]


def test_root_group_exists_in_every_domain(cp, domain):
    c = cp.client()
    root = c.describe_package_group(domain=domain, packageGroup="/*")["packageGroup"]
    assert root["pattern"] == "/*" and root["domainName"] == domain and root["domainOwner"] == cp.admin.account
    assert root["arn"] == arn_of(cp, domain, "/%2a")
    assert "parent" not in root and "description" not in root
    for kind in ("PUBLISH", "EXTERNAL_UPSTREAM", "INTERNAL_UPSTREAM"):
        assert restrictions(root)[kind] == {"mode": "ALLOW", "effectiveMode": "ALLOW", "repositoriesCount": 0}
    listed = c.list_package_groups(domain=domain)["packageGroups"]
    assert [g["pattern"] for g in listed] == ["/*"]
    # It can be described and updated, never created or deleted.
    updated = c.update_package_group(domain=domain, packageGroup="/*", description="everything", contactInfo="ops@example.com")
    assert updated["packageGroup"]["description"] == "everything" and updated["packageGroup"]["contactInfo"] == "ops@example.com"
    with pytest.raises(c.exceptions.ConflictException):
        c.create_package_group(domain=domain, packageGroup="/*")
    with pytest.raises(c.exceptions.ValidationException):
        c.delete_package_group(domain=domain, packageGroup="/*")
    with pytest.raises(c.exceptions.ValidationException):
        c.update_package_group_origin_configuration(domain=domain, packageGroup="/*", restrictions={"PUBLISH": "INHERIT"})


def test_package_group_lifecycle(cp, domain):
    c = cp.client()
    created = c.create_package_group(domain=domain, packageGroup="/npm/space/*", description="the space scope",
                                     contactInfo="team@example.com", tags=[{"key": "tier", "value": "gold"}])["packageGroup"]
    assert created["pattern"] == "/npm/space/*"
    assert created["arn"] == arn_of(cp, domain, "/npm/space/%2a")
    assert created["description"] == "the space scope" and created["contactInfo"] == "team@example.com"
    assert created["parent"] == {"arn": arn_of(cp, domain, "/%2a"), "pattern": "/*"}
    assert created["createdTime"] is not None
    publish = restrictions(created)["PUBLISH"]
    assert publish["mode"] == "INHERIT" and publish["effectiveMode"] == "ALLOW"
    assert publish["inheritedFrom"] == {"arn": arn_of(cp, domain, "/%2a"), "pattern": "/*"}

    described = c.describe_package_group(domain=domain, domainOwner=cp.admin.account, packageGroup="/npm/space/*")
    assert described["packageGroup"] == created

    updated = c.update_package_group(domain=domain, packageGroup="/npm/space/*", description="changed")["packageGroup"]
    assert updated["description"] == "changed" and updated["contactInfo"] == "team@example.com", "omitted members are kept"

    with pytest.raises(c.exceptions.ConflictException) as e:
        c.create_package_group(domain=domain, packageGroup="/npm/space/*")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert e.value.response["resourceId"] == "/npm/space/*" and e.value.response["resourceType"] == "package-group"

    gone = c.delete_package_group(domain=domain, packageGroup="/npm/space/*")["packageGroup"]
    assert gone["pattern"] == "/npm/space/*" and gone["arn"] == created["arn"]
    with pytest.raises(c.exceptions.ResourceNotFoundException) as e:
        c.describe_package_group(domain=domain, packageGroup="/npm/space/*")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert e.value.response["Error"]["Message"]
    for call in (c.delete_package_group, c.list_sub_package_groups):
        with pytest.raises(c.exceptions.ResourceNotFoundException):
            call(domain=domain, packageGroup="/npm/space/*")
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.update_package_group(domain=domain, packageGroup="/npm/space/*", description="x")


def test_package_group_with_the_aws_cli(cp, domain):
    group = cp.aws("create-package-group", "--domain", domain, "--package-group", "/maven/com.anycompany~",
                   "--contact-info", "contact@email.com | URL", "--description", "my package group")["packageGroup"]
    assert group["pattern"] == "/maven/com.anycompany~" and group["contactInfo"] == "contact@email.com | URL"
    out = cp.aws("update-package-group-origin-configuration", "--domain", domain, "--package-group", "/maven/com.anycompany~",
                 "--restrictions", "PUBLISH=ALLOW,EXTERNAL_UPSTREAM=BLOCK,INTERNAL_UPSTREAM=ALLOW")
    assert restrictions(out["packageGroup"])["EXTERNAL_UPSTREAM"]["mode"] == "BLOCK"
    described = cp.aws("describe-package-group", "--domain", domain, "--package-group", "/maven/com.anycompany~", tls=True)
    assert described["packageGroup"] == out["packageGroup"]
    cp.aws_error("ResourceNotFoundException", "describe-package-group", "--domain", domain, "--package-group", "/npm/*")


@pytest.mark.parametrize("bad", [
    "npm/*", "/npm", "/npm/space", "/NPM/*", "/foo/*", "/npm/space$", "/npm/space/foo-~", "/npm/a/b/c$", "/pypi/ns/requests$",
    "/maven//log4j$", "/npm/sp*ce/*", "/npm/space/foo bar$",
])
def test_invalid_patterns_are_refused(cp, domain, bad):
    c = cp.client(parameter_validation=False)
    with pytest.raises(c.exceptions.ValidationException) as e:
        c.create_package_group(domain=domain, packageGroup=bad)
    assert "Invalid package group pattern" in e.value.response["Error"]["Message"]
    with pytest.raises(c.exceptions.ValidationException):
        c.describe_package_group(domain=domain, packageGroup=bad)


def test_normalized_formats_share_one_group(cp, domain):
    c = cp.client()
    c.create_package_group(domain=domain, packageGroup="/pypi//My_Package$")
    with pytest.raises(c.exceptions.ConflictException):
        c.create_package_group(domain=domain, packageGroup="/pypi//my-package$")
    assert c.describe_package_group(domain=domain, packageGroup="/pypi//my.package$")["packageGroup"]["pattern"] == "/pypi//My_Package$"
    # npm is case sensitive: separate groups.
    c.create_package_group(domain=domain, packageGroup="/npm//AsyncStorage$")
    c.create_package_group(domain=domain, packageGroup="/npm//asyncstorage$")


def test_hierarchy_and_sub_groups(cp, domain):
    c = cp.client()
    for p in ("/npm/*", "/npm/space/*", "/npm/space/anycompany~", "/npm/space/anycompany-ui~", "/npm/other/*", "/pypi/*"):
        c.create_package_group(domain=domain, packageGroup=p)

    def subs(pattern):
        return [g["pattern"] for g in c.list_sub_package_groups(domain=domain, packageGroup=pattern)["packageGroups"]]

    assert subs("/*") == ["/npm/*", "/pypi/*"]
    assert subs("/npm/*") == ["/npm/other/*", "/npm/space/*"]
    assert subs("/npm/space/*") == ["/npm/space/anycompany~"]
    assert subs("/npm/space/anycompany~") == ["/npm/space/anycompany-ui~"]
    assert subs("/npm/space/anycompany-ui~") == []
    ui = c.describe_package_group(domain=domain, packageGroup="/npm/space/anycompany-ui~")["packageGroup"]
    assert ui["parent"]["pattern"] == "/npm/space/anycompany~"

    # Deleting a group makes its children children of its parent.
    c.delete_package_group(domain=domain, packageGroup="/npm/space/*")
    assert subs("/npm/*") == ["/npm/other/*", "/npm/space/anycompany~"]
    assert c.describe_package_group(domain=domain, packageGroup="/npm/space/anycompany~")["packageGroup"]["parent"]["pattern"] == "/npm/*"
    # A group created later slots in between.
    c.create_package_group(domain=domain, packageGroup="/npm/space~")
    assert subs("/npm/*") == ["/npm/other/*", "/npm/space~"]
    assert subs("/npm/space~") == ["/npm/space/anycompany~"]

    listed = [g["pattern"] for g in c.list_package_groups(domain=domain)["packageGroups"]]
    assert listed[0] == "/*" and sorted(listed) == sorted(
        ["/*", "/npm/*", "/npm/space~", "/npm/space/anycompany~", "/npm/space/anycompany-ui~", "/npm/other/*", "/pypi/*"])
    assert [g["pattern"] for g in c.list_package_groups(domain=domain, prefix="/npm/space")["packageGroups"]] == [
        "/npm/space/anycompany-ui~", "/npm/space/anycompany~", "/npm/space~"]
    assert c.list_package_groups(domain=domain, prefix="/maven")["packageGroups"] == []


def test_associated_package_group_is_the_most_specific_match(cp, domain):
    c = cp.client()
    for p in ("/npm/*", "/npm/space/*", "/npm//react$", "/generic/ns/my-lib$"):
        c.create_package_group(domain=domain, packageGroup=p)

    def assoc(fmt, package, namespace=None):
        kw = {"namespace": namespace} if namespace else {}
        r = c.get_associated_package_group(domain=domain, format=fmt, package=package, **kw)
        return r["packageGroup"]["pattern"], r["associationType"]

    # The package need not exist anywhere.
    assert assoc("npm", "react") == ("/npm//react$", "STRONG")
    assert assoc("npm", "vue") == ("/npm/*", "STRONG")
    assert assoc("npm", "aui.components", "space") == ("/npm/space/*", "STRONG")
    assert assoc("pypi", "requests") == ("/*", "STRONG")
    assert assoc("generic", "my-lib", "ns") == ("/generic/ns/my-lib$", "STRONG")
    # Variations (case, runs of - . _) stay with the specific group, weakly.
    assert assoc("generic", "My_Lib", "ns") == ("/generic/ns/my-lib$", "WEAK")
    assert assoc("npm", "React") == ("/npm//react$", "WEAK")
    r = c.get_associated_package_group(domain=domain, format="npm", package="vue")
    assert restrictions(r["packageGroup"])["PUBLISH"]["inheritedFrom"]["pattern"] == "/*"
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.get_associated_package_group(domain=unique("nope"), format="npm", package="vue")
    with pytest.raises(c.exceptions.ValidationException):
        cp.client(parameter_validation=False).get_associated_package_group(domain=domain, format="nope", package="vue")


def test_list_associated_packages(cp, domain):
    c = cp.client()
    c.create_repository(domain=domain, repository="one")
    c.create_repository(domain=domain, repository="two")
    for repo, ns, name in (("one", "ns", "lib-a"), ("one", "ns", "lib-b"), ("two", "ns", "lib-a"), ("two", "ns", "app"),
                           ("one", "other", "tool"), ("two", "ns", "Lib_C")):
        cp.publish(domain, repo, name, "1.0", "a.bin", b"a", namespace=ns)
    c.create_package_group(domain=domain, packageGroup="/generic/ns/*")
    c.create_package_group(domain=domain, packageGroup="/generic/ns/lib-c$")

    def associated(pattern, **kw):
        r = c.list_associated_packages(domain=domain, packageGroup=pattern, **kw)
        return [(p["namespace"], p["package"], p["associationType"]) for p in r["packages"]]

    assert associated("/generic/ns/*") == [("ns", "app", "STRONG"), ("ns", "lib-a", "STRONG"), ("ns", "lib-b", "STRONG")]
    assert associated("/generic/ns/lib-c$") == [("ns", "Lib_C", "WEAK")]
    assert associated("/*") == [("other", "tool", "STRONG")]
    # preview: what a group would take over if it existed.
    assert associated("/generic/ns/lib~", preview=True) == [("ns", "lib-a", "STRONG"), ("ns", "lib-b", "STRONG")]
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.list_associated_packages(domain=domain, packageGroup="/generic/ns/lib~")
    # Pagination.
    first = c.list_associated_packages(domain=domain, packageGroup="/generic/ns/*", maxResults=2)
    assert [p["package"] for p in first["packages"]] == ["app", "lib-a"] and first["nextToken"]
    second = c.list_associated_packages(domain=domain, packageGroup="/generic/ns/*", maxResults=2, nextToken=first["nextToken"])
    assert [p["package"] for p in second["packages"]] == ["lib-b"] and "nextToken" not in second
    with pytest.raises(c.exceptions.ValidationException):
        c.list_associated_packages(domain=domain, packageGroup="/*", nextToken=first["nextToken"])


def test_origin_configuration_and_allowed_repositories(cp, domain):
    c = cp.client()
    for r in ("repo-a", "repo-b", "repo-c"):
        c.create_repository(domain=domain, repository=r)
    c.create_package_group(domain=domain, packageGroup="/generic/*")
    c.create_package_group(domain=domain, packageGroup="/generic/ns/*")
    out = c.update_package_group_origin_configuration(
        domain=domain, packageGroup="/generic/*",
        restrictions={"PUBLISH": "ALLOW_SPECIFIC_REPOSITORIES", "EXTERNAL_UPSTREAM": "BLOCK"},
        addAllowedRepositories=[{"repositoryName": "repo-a", "originRestrictionType": "PUBLISH"},
                                {"repositoryName": "repo-b", "originRestrictionType": "PUBLISH"},
                                {"repositoryName": "repo-c", "originRestrictionType": "INTERNAL_UPSTREAM"}])
    assert out["allowedRepositoryUpdates"] == {"PUBLISH": {"ADDED": ["repo-a", "repo-b"]},
                                               "INTERNAL_UPSTREAM": {"ADDED": ["repo-c"]}}
    group = restrictions(out["packageGroup"])
    assert group["PUBLISH"] == {"mode": "ALLOW_SPECIFIC_REPOSITORIES", "effectiveMode": "ALLOW_SPECIFIC_REPOSITORIES",
                                "repositoriesCount": 2}
    assert group["EXTERNAL_UPSTREAM"]["mode"] == "BLOCK"
    assert group["INTERNAL_UPSTREAM"]["mode"] == "INHERIT" and group["INTERNAL_UPSTREAM"]["repositoriesCount"] == 1

    # The child inherits, and says from whom.
    child = restrictions(c.describe_package_group(domain=domain, packageGroup="/generic/ns/*")["packageGroup"])
    assert child["PUBLISH"]["mode"] == "INHERIT" and child["PUBLISH"]["effectiveMode"] == "ALLOW_SPECIFIC_REPOSITORIES"
    assert child["PUBLISH"]["inheritedFrom"]["pattern"] == "/generic/*"
    assert child["EXTERNAL_UPSTREAM"]["effectiveMode"] == "BLOCK"
    assert child["INTERNAL_UPSTREAM"]["effectiveMode"] == "ALLOW" and child["INTERNAL_UPSTREAM"]["inheritedFrom"]["pattern"] == "/*"
    # ... visible through GetAssociatedPackageGroup too.
    assoc = c.get_associated_package_group(domain=domain, format="generic", namespace="ns", package="x")
    assert restrictions(assoc["packageGroup"])["EXTERNAL_UPSTREAM"]["effectiveMode"] == "BLOCK"

    def allowed(kind, **kw):
        return c.list_allowed_repositories_for_group(domain=domain, packageGroup="/generic/*", originRestrictionType=kind, **kw)

    assert allowed("PUBLISH")["allowedRepositories"] == ["repo-a", "repo-b"]
    assert allowed("EXTERNAL_UPSTREAM")["allowedRepositories"] == []
    page = allowed("PUBLISH", maxResults=1)
    assert page["allowedRepositories"] == ["repo-a"]
    assert allowed("PUBLISH", maxResults=1, nextToken=page["nextToken"])["allowedRepositories"] == ["repo-b"]

    out = c.update_package_group_origin_configuration(
        domain=domain, packageGroup="/generic/*",
        removeAllowedRepositories=[{"repositoryName": "repo-a", "originRestrictionType": "PUBLISH"}])
    assert out["allowedRepositoryUpdates"] == {"PUBLISH": {"REMOVED": ["repo-a"]}}
    assert restrictions(out["packageGroup"])["PUBLISH"]["mode"] == "ALLOW_SPECIFIC_REPOSITORIES", "modes not named are kept"
    assert allowed("PUBLISH")["allowedRepositories"] == ["repo-b"]

    # Deleting a repository takes it off the lists.
    c.delete_repository(domain=domain, repository="repo-b")
    assert allowed("PUBLISH")["allowedRepositories"] == []

    # Child overrides, then goes back to inheriting.
    out = c.update_package_group_origin_configuration(domain=domain, packageGroup="/generic/ns/*", restrictions={"PUBLISH": "ALLOW"})
    assert restrictions(out["packageGroup"])["PUBLISH"] == {"mode": "ALLOW", "effectiveMode": "ALLOW", "repositoriesCount": 0}
    out = c.update_package_group_origin_configuration(domain=domain, packageGroup="/generic/ns/*", restrictions={"PUBLISH": "INHERIT"})
    assert restrictions(out["packageGroup"])["PUBLISH"]["effectiveMode"] == "ALLOW_SPECIFIC_REPOSITORIES"


def test_origin_configuration_errors(cp, domain):
    c = cp.client()
    c.create_repository(domain=domain, repository="repo-a")
    c.create_package_group(domain=domain, packageGroup="/npm/*")
    with pytest.raises(c.exceptions.ResourceNotFoundException) as e:
        c.update_package_group_origin_configuration(
            domain=domain, packageGroup="/npm/*", addAllowedRepositories=[{"repositoryName": "missing", "originRestrictionType": "PUBLISH"}])
    assert e.value.response["resourceType"] == "repository" and e.value.response["resourceId"] == "missing"
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.update_package_group_origin_configuration(domain=domain, packageGroup="/npm/nope/*", restrictions={"PUBLISH": "BLOCK"})
    raw = cp.client(parameter_validation=False)
    with pytest.raises(raw.exceptions.ValidationException):
        raw.update_package_group_origin_configuration(domain=domain, packageGroup="/npm/*", restrictions={"PUBLISH": "MAYBE"})
    with pytest.raises(raw.exceptions.ValidationException):
        raw.update_package_group_origin_configuration(domain=domain, packageGroup="/npm/*", restrictions={"DOWNLOAD": "BLOCK"})
    with pytest.raises(raw.exceptions.ValidationException):
        raw.list_allowed_repositories_for_group(domain=domain, packageGroup="/npm/*", originRestrictionType="DOWNLOAD")
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.list_allowed_repositories_for_group(domain=domain, packageGroup="/npm/nope/*", originRestrictionType="PUBLISH")
    # Nothing changed.
    group = c.describe_package_group(domain=domain, packageGroup="/npm/*")["packageGroup"]
    assert all(r["mode"] == "INHERIT" for r in restrictions(group).values())


def test_not_found_errors_name_the_resource(cp, domain):
    c = cp.client()
    r = cp.signed("GET", "/v1/package-group", params={"domain": domain, "package-group": "/npm/*"})
    assert r.status_code == 404 and r.headers["x-amzn-ErrorType"] == "ResourceNotFoundException"
    assert r.json()["resourceId"] == "/npm/*" and r.json()["resourceType"] == "package-group"
    missing = unique("nope")
    r = cp.signed("GET", "/v1/package-group", params={"domain": missing, "package-group": "/*"})
    assert r.status_code == 404 and r.json()["resourceType"] == "domain" and r.json()["resourceId"] == missing
    for call in (c.create_package_group, c.describe_package_group):
        with pytest.raises(c.exceptions.ResourceNotFoundException):
            call(domain=missing, packageGroup="/npm/*")
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.list_package_groups(domain=missing)


def test_list_package_groups_pagination(cp, domain):
    c = cp.client()
    patterns = sorted(f"/generic/ns{i}/*" for i in range(7))
    for p in patterns:
        c.create_package_group(domain=domain, packageGroup=p)
    seen, token = [], None
    for _ in range(10):
        r = c.list_package_groups(domain=domain, maxResults=3, **({"nextToken": token} if token else {}))
        assert len(r["packageGroups"]) <= 3
        seen += [g["pattern"] for g in r["packageGroups"]]
        token = r.get("nextToken")
        if not token:
            break
    assert seen == ["/*"] + patterns
    paginated = [g["pattern"] for page in c.get_paginator("list_package_groups").paginate(
        domain=domain, PaginationConfig={"PageSize": 2}) for g in page["packageGroups"]]
    assert paginated == ["/*"] + patterns
    subs = [g["pattern"] for page in c.get_paginator("list_sub_package_groups").paginate(
        domain=domain, packageGroup="/*", PaginationConfig={"PageSize": 4}) for g in page["packageGroups"]]
    assert subs == patterns
    with pytest.raises(c.exceptions.ValidationException):
        c.list_package_groups(domain=domain, nextToken="forged.token")


def test_group_changes_move_the_access_counter(cp, domain):
    c = cp.client()

    def counter():
        return int(cp.sql("SELECT value FROM change_counters WHERE name = 'access'")[0][0])

    before = counter()
    c.create_package_group(domain=domain, packageGroup="/npm/*")
    after_create = counter()
    assert after_create > before
    c.update_package_group_origin_configuration(domain=domain, packageGroup="/npm/*", restrictions={"PUBLISH": "BLOCK"})
    after_update = counter()
    assert after_update > after_create
    c.delete_package_group(domain=domain, packageGroup="/npm/*")
    assert counter() > after_update


def test_delete_domain_with_groups(cp, tenant):
    c = cp.client(tenant)
    name = unique("d")
    c.create_domain(domain=name)
    try:
        c.create_repository(domain=name, repository="repo")
        c.create_package_group(domain=name, packageGroup="/npm/*", tags=[{"key": "k", "value": "v"}])
        c.create_package_group(domain=name, packageGroup="/npm/space/*")
        c.update_package_group_origin_configuration(
            domain=name, packageGroup="/npm/*", restrictions={"PUBLISH": "ALLOW_SPECIFIC_REPOSITORIES"},
            addAllowedRepositories=[{"repositoryName": "repo", "originRestrictionType": "PUBLISH"}])
        c.update_package_group(domain=name, packageGroup="/*", description="root")
        c.delete_repository(domain=name, repository="repo")
        gone = c.delete_domain(domain=name)["domain"]
        assert gone["name"] == name
        with pytest.raises(c.exceptions.ResourceNotFoundException):
            c.describe_package_group(domain=name, packageGroup="/*")
        # The name is free again, with a fresh root group and nothing else.
        c.create_domain(domain=name)
        groups = c.list_package_groups(domain=name)["packageGroups"]
        assert [g["pattern"] for g in groups] == ["/*"] and "description" not in groups[0]
    finally:
        cleanup_domain(cp, name, tenant)


def test_other_accounts_cannot_see_groups(cp, domain, tenant):
    c = cp.client()
    c.create_package_group(domain=domain, packageGroup="/npm/*")
    other = cp.client(tenant)
    for call, kw in ((other.describe_package_group, {"packageGroup": "/npm/*"}), (other.list_package_groups, {}),
                     (other.get_associated_package_group, {"format": "npm", "package": "x"})):
        with pytest.raises(other.exceptions.AccessDeniedException):
            call(domain=domain, domainOwner=cp.admin.account, **kw)
