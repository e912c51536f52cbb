"""Tags on package groups: TagResource, UntagResource and ListTagsForResource take a package
group's ARN (`…:package-group/DOMAIN` + the pattern percent-encoded, `*` as %2a, `$` as %24), as
they take a domain's or a repository's. The ARN DescribePackageGroup returns works, and so does
one built by hand; tags given to CreatePackageGroup are listed; each group's tags are its own
(not its domain's, not another group's, not a group re-created with the same pattern's); the
root group `/*` takes tags; at most 200 tags per group. A missing group or domain is
ResourceNotFoundException, a malformed or undecodable ARN ValidationException. Identity policies
govern tagging by the group's ARN (`package-group/*` allows the group, not the domain) — the
ARN the group was created with, whichever equivalent spelling of its pattern a call uses — and
`aws:ResourceTag/…` conditions read the group's own tags."""
import pytest

pytest.register_assert_rewrite("authz_support")  # before its import: its asserts explain themselves
from authz_support import allow, client_error, code_of, deny, document  # noqa: E402
# The fixture, imported so that this module's definition takes precedence over any conftest's.
from authz_support import authz  # noqa: F401,E402
from cp_support import unique  # noqa: E402


def group_arn(c, domain, pattern):
    """The ARN DescribePackageGroup gives the group."""
    return c.describe_package_group(domain=domain, packageGroup=pattern)["packageGroup"]["arn"]


def tags_of(c, arn):
    return [(t["key"], t["value"]) for t in c.list_tags_for_resource(resourceArn=arn)["tags"]]


def test_tag_untag_list_on_a_package_group(cp, domain):
    c = cp.client()
    arn = c.create_package_group(domain=domain, packageGroup="/npm/scope/pkg*")["packageGroup"]["arn"]
    assert arn == group_arn(c, domain, "/npm/scope/pkg*")
    assert tags_of(c, arn) == []
    c.tag_resource(resourceArn=arn, tags=[{"key": "owner", "value": "me"}, {"key": "env", "value": "prod"}])
    assert tags_of(c, arn) == [("env", "prod"), ("owner", "me")], "listed sorted by key"
    # Tagging an existing key replaces its value; an empty value is a value.
    c.tag_resource(resourceArn=arn, tags=[{"key": "env", "value": "dev"}, {"key": "empty", "value": ""}])
    assert tags_of(c, arn) == [("empty", ""), ("env", "dev"), ("owner", "me")]
    # Untagging removes the keys named; keys that are not there are fine.
    c.untag_resource(resourceArn=arn, tagKeys=["owner", "not-there"])
    assert tags_of(c, arn) == [("empty", ""), ("env", "dev")]
    # The same over HTTPS.
    tls = cp.client(tls=True)
    tls.untag_resource(resourceArn=arn, tagKeys=["empty", "env"])
    assert tags_of(tls, arn) == []


def test_a_hand_built_arn_names_the_group(cp, domain):
    """The pattern percent-encoded by hand (`*` %2a, `$` %24; `-` `_` `.` `~` `/` as they are)."""
    c = cp.client()
    prefix = f"arn:aws:codeartifact:{cp.region}:{cp.admin.account}:package-group/{domain}"
    for pattern, encoded in (("/pypi//team-*", "/pypi//team-%2a"), ("/npm/scope/my_pkg.js$", "/npm/scope/my_pkg.js%24"),
                             ("/maven/com.anycompany~", "/maven/com.anycompany~")):
        created = c.create_package_group(domain=domain, packageGroup=pattern)["packageGroup"]
        assert created["arn"] == prefix + encoded
        c.tag_resource(resourceArn=prefix + encoded, tags=[{"key": "pattern", "value": pattern}])
        assert tags_of(c, created["arn"]) == [("pattern", pattern)]


def test_tags_given_at_creation_are_listed(cp, domain):
    c = cp.client()
    arn = c.create_package_group(domain=domain, packageGroup="/npm//team-*",
                                 tags=[{"key": "team", "value": "core"}, {"key": "cost", "value": "42"}])["packageGroup"]["arn"]
    assert tags_of(c, arn) == [("cost", "42"), ("team", "core")]
    c.tag_resource(resourceArn=arn, tags=[{"key": "team", "value": "web"}])
    assert tags_of(c, arn) == [("cost", "42"), ("team", "web")]


def test_tags_are_per_group(cp, domain):
    c = cp.client()
    domain_arn = c.describe_domain(domain=domain)["domain"]["arn"]
    c.tag_resource(resourceArn=domain_arn, tags=[{"key": "level", "value": "domain"}])
    team = c.create_package_group(domain=domain, packageGroup="/npm//team-*")["packageGroup"]["arn"]
    npm = c.create_package_group(domain=domain, packageGroup="/npm/*")["packageGroup"]["arn"]
    root = group_arn(c, domain, "/*")
    c.tag_resource(resourceArn=team, tags=[{"key": "level", "value": "team"}, {"key": "only", "value": "team"}])
    assert tags_of(c, team) == [("level", "team"), ("only", "team")]
    assert tags_of(c, domain_arn) == [("level", "domain")], "the domain keeps its own tags"
    assert tags_of(c, npm) == [] and tags_of(c, root) == [], "parents do not get the child's tags"
    # Nor does a group get its domain's: untagging the group leaves the domain as it was.
    c.untag_resource(resourceArn=team, tagKeys=["level", "only"])
    assert tags_of(c, team) == []
    assert tags_of(c, domain_arn) == [("level", "domain")]
    c.untag_resource(resourceArn=domain_arn, tagKeys=["level"])
    c.tag_resource(resourceArn=npm, tags=[{"key": "level", "value": "npm"}])
    assert tags_of(c, domain_arn) == [] and tags_of(c, team) == [] and tags_of(c, npm) == [("level", "npm")]


def test_root_group_can_be_tagged(cp, domain):
    c = cp.client()
    root = group_arn(c, domain, "/*")
    assert root.endswith(f":package-group/{domain}/%2a")
    # The aws CLI, with the ARN as the argument it is.
    assert cp.aws("tag-resource", "--resource-arn", root, "--tags", "key=scope,value=all") == {}
    assert cp.aws("list-tags-for-resource", "--resource-arn", root, tls=True)["tags"] == [{"key": "scope", "value": "all"}]
    assert tags_of(c, c.describe_domain(domain=domain)["domain"]["arn"]) == []
    cp.aws("untag-resource", "--resource-arn", root, "--tag-keys", "scope")
    assert tags_of(c, root) == []


def test_a_re_created_group_has_no_tags(cp, domain):
    c = cp.client()
    arn = c.create_package_group(domain=domain, packageGroup="/npm/scope/*", tags=[{"key": "a", "value": "1"}])["packageGroup"]["arn"]
    c.tag_resource(resourceArn=arn, tags=[{"key": "b", "value": "2"}])
    c.delete_package_group(domain=domain, packageGroup="/npm/scope/*")
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.list_tags_for_resource(resourceArn=arn)
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.tag_resource(resourceArn=arn, tags=[{"key": "c", "value": "3"}])
    again = c.create_package_group(domain=domain, packageGroup="/npm/scope/*")["packageGroup"]["arn"]
    assert again == arn
    assert tags_of(c, again) == []


def test_missing_groups_and_domains_are_not_found(cp, domain):
    c = cp.client()
    prefix = f"arn:aws:codeartifact:{cp.region}:{cp.admin.account}:package-group/"
    c.create_package_group(domain=domain, packageGroup="/npm/*")
    for arn in (prefix + domain + "/npm/nope/%2a",        # no such group (its parent exists)
                prefix + domain + "/pypi//team-%2a",      # no such group
                prefix + unique("nope") + "/%2a"):          # no such domain
        with pytest.raises(c.exceptions.ResourceNotFoundException):
            c.list_tags_for_resource(resourceArn=arn)
        with pytest.raises(c.exceptions.ResourceNotFoundException):
            c.tag_resource(resourceArn=arn, tags=[{"key": "k", "value": "v"}])
        with pytest.raises(c.exceptions.ResourceNotFoundException):
            c.untag_resource(resourceArn=arn, tagKeys=["k"])
    # Nothing was made or tagged on the way.
    assert [g["pattern"] for g in c.list_package_groups(domain=domain)["packageGroups"]] == ["/*", "/npm/*"]
    assert tags_of(c, prefix + domain + "/npm/%2a") == []


@pytest.mark.parametrize("tail", [
    pytest.param("", id="no-pattern"),
    pytest.param("/", id="empty-pattern"),
    pytest.param("/npm/scope/pkg%zz", id="not-hex"),
    pytest.param("/npm/scope/pkg%2", id="truncated-escape"),
    pytest.param("/npm/scope/pkg%ff%2a", id="not-utf8"),
    pytest.param("/npm", id="no-suffix"),
    pytest.param("/bogus/%2a", id="unknown-format"),
    pytest.param("/npm/a/b/c%24", id="too-many-components"),
])
def test_malformed_group_arns_are_refused(cp, domain, tail):
    c = cp.client()
    arn = f"arn:aws:codeartifact:{cp.region}:{cp.admin.account}:package-group/{domain}{tail}"
    for call, kw in ((c.list_tags_for_resource, {}), (c.tag_resource, {"tags": [{"key": "k", "value": "v"}]}),
                     (c.untag_resource, {"tagKeys": ["k"]})):
        with pytest.raises(c.exceptions.ValidationException) as e:
            call(resourceArn=arn, **kw)
        assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_two_hundred_tags_at_most(cp, domain):
    c = cp.client()
    arn = c.create_package_group(domain=domain, packageGroup="/npm/*",
                                 tags=[{"key": f"k{i}", "value": "v"} for i in range(50)])["packageGroup"]["arn"]
    c.tag_resource(resourceArn=arn, tags=[{"key": f"k{i}", "value": "w"} for i in range(40, 200)])
    assert len(c.list_tags_for_resource(resourceArn=arn)["tags"]) == 200
    with pytest.raises(c.exceptions.ServiceQuotaExceededException):
        c.tag_resource(resourceArn=arn, tags=[{"key": "one-more", "value": "v"}])
    # Overwriting existing keys stays within the limit.
    c.tag_resource(resourceArn=arn, tags=[{"key": "k0", "value": "x"}])
    tags = dict(tags_of(c, arn))
    assert len(tags) == 200 and tags["k0"] == "x" and "one-more" not in tags


# ------------------------------------------------------------------------------ authorization


def test_identity_policy_on_package_group_arns(cp, domain, authz):
    """TagResource allowed on `package-group/*` tags groups, not the domain; allowed on one
    group's ARN tags that group only; no TagResource at all: denied."""
    c = cp.client()
    team = c.create_package_group(domain=domain, packageGroup="/npm//team-*")["packageGroup"]["arn"]
    other = c.create_package_group(domain=domain, packageGroup="/pypi/*")["packageGroup"]["arn"]
    domain_arn = c.describe_domain(domain=domain)["domain"]["arn"]
    tag = [{"key": "team", "value": "core"}]

    def tagging(user, arn):
        return authz.client(user).tag_resource(resourceArn=arn, tags=tag)

    def denied(user, arn):
        e = client_error(tagging, user, arn)
        assert code_of(e) == "AccessDeniedException", e

    any_group = authz.new_user(cp.admin.account, policy=document(
        allow("codeartifact:TagResource", "arn:aws:codeartifact:*:*:package-group/*")))
    tagging(any_group, team)
    tagging(any_group, other)
    denied(any_group, domain_arn)
    # TagResource is not UntagResource.
    e = client_error(authz.client(any_group).untag_resource, resourceArn=team, tagKeys=["team"])
    assert code_of(e) == "AccessDeniedException", e

    one_group = authz.new_user(cp.admin.account, policy=document(allow("codeartifact:TagResource", team)))
    c.untag_resource(resourceArn=team, tagKeys=["team"])
    c.untag_resource(resourceArn=other, tagKeys=["team"])
    tagging(one_group, team)
    denied(one_group, other)
    denied(one_group, domain_arn)

    no_tagging = authz.new_user(cp.admin.account, policy=document(
        allow(["codeartifact:DescribePackageGroup", "codeartifact:ListTagsForResource"], "*")))
    assert authz.client(no_tagging).list_tags_for_resource(resourceArn=team)["tags"] == tag
    denied(no_tagging, team)

    assert tags_of(c, team) == [("team", "core")] and tags_of(c, other) == [] and tags_of(c, domain_arn) == []


def test_another_account_cannot_tag_the_group(cp, domain, tenant):
    arn = cp.client().create_package_group(domain=domain, packageGroup="/npm/*")["packageGroup"]["arn"]
    other = cp.client(tenant)
    with pytest.raises(other.exceptions.AccessDeniedException):
        other.tag_resource(resourceArn=arn, tags=[{"key": "k", "value": "v"}])
    with pytest.raises(other.exceptions.AccessDeniedException):
        other.list_tags_for_resource(resourceArn=arn)
    assert tags_of(cp.client(), arn) == []


def test_resource_tag_condition_reads_the_groups_tags(cp, domain, authz):
    c = cp.client()
    arn = c.create_package_group(domain=domain, packageGroup="/npm//team-*")["packageGroup"]["arn"]
    c.create_package_group(domain=domain, packageGroup="/npm/*")
    # The domain's tag is not the group's.
    c.tag_resource(resourceArn=c.describe_domain(domain=domain)["domain"]["arn"], tags=[{"key": "team", "value": "core"}])
    user = authz.new_user(cp.admin.account, policy=document(allow(
        "codeartifact:DescribePackageGroup", "*", condition={"StringEquals": {"aws:ResourceTag/team": "core"}})))
    u = authz.client(user)
    e = client_error(u.describe_package_group, domain=domain, packageGroup="/npm//team-*")
    assert code_of(e) == "AccessDeniedException", e
    c.tag_resource(resourceArn=arn, tags=[{"key": "team", "value": "core"}])
    assert u.describe_package_group(domain=domain, packageGroup="/npm//team-*")["packageGroup"]["arn"] == arn
    e = client_error(u.describe_package_group, domain=domain, packageGroup="/npm/*")
    assert code_of(e) == "AccessDeniedException", e
    c.untag_resource(resourceArn=arn, tagKeys=["team"])
    e = client_error(u.describe_package_group, domain=domain, packageGroup="/npm//team-*")
    assert code_of(e) == "AccessDeniedException", e


def test_a_respelled_pattern_is_authorized_as_the_group_it_names(cp, domain, authz):
    """PyPI names normalize, so `/pypi//my-package$` names the group created as
    `/pypi//My_Package$`. A Deny on the group's ARN holds for every spelling, in every group
    operation; the respelled ARN reaches the same group (and its tags) for a caller allowed."""
    c = cp.client()
    arn = c.create_package_group(domain=domain, packageGroup="/pypi//My_Package$")["packageGroup"]["arn"]
    respelled = arn.replace("My_Package", "my-package")
    assert respelled != arn
    user = authz.new_user(cp.admin.account, policy=document(
        allow(), deny(["codeartifact:TagResource", "codeartifact:DescribePackageGroup", "codeartifact:UpdatePackageGroup"], arn)))
    u = authz.client(user)
    for call, kw in ((u.tag_resource, {"resourceArn": respelled, "tags": [{"key": "k", "value": "v"}]}),
                     (u.tag_resource, {"resourceArn": arn, "tags": [{"key": "k", "value": "v"}]}),
                     (u.describe_package_group, {"domain": domain, "packageGroup": "/pypi//my-package$"}),
                     (u.describe_package_group, {"domain": domain, "packageGroup": "/pypi//MY.PACKAGE$"}),
                     (u.update_package_group, {"domain": domain, "packageGroup": "/pypi//my_package$", "description": "x"})):
        e = client_error(call, **kw)
        assert code_of(e) == "AccessDeniedException", (kw, e)
    assert tags_of(c, arn) == []
    # Allowed callers reach the same group through either spelling.
    c.tag_resource(resourceArn=respelled, tags=[{"key": "k", "value": "v"}])
    assert tags_of(c, arn) == [("k", "v")] and tags_of(u, respelled) == [("k", "v")]
