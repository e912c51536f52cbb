"""Resource policies (Get/Put/Delete Domain- and RepositoryPermissionsPolicy: validated JSON policy
documents with a revision) and tags (TagResource, UntagResource, ListTagsForResource)."""
import json

import pytest

from cp_support import unique

TLS = pytest.mark.parametrize("tls", [False, True], ids=["http", "https"])


def policy(action="codeartifact:ReadFromRepository", principal="*", effect="Allow") -> str:
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": effect, "Principal": {"AWS": principal}, "Action": action, "Resource": "*"}],
    })


INVALID_DOCUMENTS = [
    pytest.param("{not json", id="not-json"),
    pytest.param("[]", id="not-an-object"),
    pytest.param(json.dumps({"Version": "2012-10-17"}), id="no-statement"),
    pytest.param(json.dumps({"Version": "2012-10-17", "Statement": []}), id="empty-statement"),
    pytest.param(json.dumps({"Version": "1999-01-01", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}),
                 id="bad-version"),
    pytest.param(json.dumps({"Statement": [{"Effect": "Maybe", "Action": "*", "Resource": "*"}]}), id="bad-effect"),
    pytest.param(json.dumps({"Statement": [{"Effect": "Allow", "Resource": "*"}]}), id="no-action"),
    pytest.param(json.dumps({"Statement": [{"Effect": "Allow", "Action": "*", "NotAction": "x", "Resource": "*"}]}),
                 id="action-and-notaction"),
    pytest.param(json.dumps({"Statement": [{"Effect": "Allow", "Action": "*", "Bogus": 1}]}), id="unknown-element"),
]


@TLS
def test_domain_policy_lifecycle(cp, domain, tls):
    c = cp.client(tls=tls)
    arn = c.describe_domain(domain=domain)["domain"]["arn"]
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.get_domain_permissions_policy(domain=domain)

    doc = policy()
    put = c.put_domain_permissions_policy(domain=domain, policyDocument=doc)["policy"]
    assert put["resourceArn"] == arn
    assert put["document"] == doc
    assert put["revision"]
    got = c.get_domain_permissions_policy(domain=domain, domainOwner=cp.admin.account)["policy"]
    assert got == put

    # A stale revision is a conflict; the current one replaces the policy with a new revision.
    with pytest.raises(c.exceptions.ConflictException):
        c.put_domain_permissions_policy(domain=domain, policyDocument=policy("codeartifact:*"), policyRevision="stale")
    doc2 = policy("codeartifact:*")
    put2 = c.put_domain_permissions_policy(domain=domain, policyDocument=doc2, policyRevision=put["revision"])["policy"]
    assert put2["document"] == doc2 and put2["revision"] != put["revision"]
    with pytest.raises(c.exceptions.ConflictException):
        c.put_domain_permissions_policy(domain=domain, policyDocument=doc, policyRevision=put["revision"])

    with pytest.raises(c.exceptions.ConflictException):
        c.delete_domain_permissions_policy(domain=domain, policyRevision=put["revision"])
    deleted = c.delete_domain_permissions_policy(domain=domain, policyRevision=put2["revision"])["policy"]
    assert deleted == put2
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.get_domain_permissions_policy(domain=domain)
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.delete_domain_permissions_policy(domain=domain)


@TLS
def test_repository_policy_lifecycle(cp, domain, tls):
    c = cp.client(tls=tls)
    arn = c.create_repository(domain=domain, repository="repo")["repository"]["arn"]
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.get_repository_permissions_policy(domain=domain, repository="repo")
    doc = policy("codeartifact:ReadFromRepository")
    put = c.put_repository_permissions_policy(domain=domain, repository="repo", policyDocument=doc)["policy"]
    assert put["resourceArn"] == arn and put["document"] == doc
    assert c.get_repository_permissions_policy(domain=domain, repository="repo")["policy"] == put
    with pytest.raises(c.exceptions.ConflictException):
        c.put_repository_permissions_policy(domain=domain, repository="repo", policyDocument=doc, policyRevision="nope")
    with pytest.raises(c.exceptions.ConflictException):
        c.delete_repository_permissions_policy(domain=domain, repository="repo", policyRevision="nope")
    # Without policyRevision the put replaces whatever is there.
    put2 = c.put_repository_permissions_policy(domain=domain, repository="repo", policyDocument=policy("codeartifact:*"))
    assert put2["policy"]["revision"] != put["revision"]
    deleted = c.delete_repository_permissions_policy(domain=domain, repository="repo")["policy"]
    assert deleted == put2["policy"]
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.get_repository_permissions_policy(domain=domain, repository="repo")
    # The domain's policy is a different resource: still none.
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.get_domain_permissions_policy(domain=domain)


def test_policies_with_the_aws_cli(cp, domain, tmp_path):
    c = cp.client()
    c.create_repository(domain=domain, repository="repo")
    doc_file = tmp_path / "policy.json"
    doc_file.write_text(policy("codeartifact:DescribePackageVersion"))
    put, rput = cp.parallel(
        lambda: cp.aws("put-domain-permissions-policy", "--domain", domain, "--policy-document", f"file://{doc_file}"),
        lambda: cp.aws("put-repository-permissions-policy", "--domain", domain, "--repository", "repo",
                       "--policy-document", f"file://{doc_file}", tls=True))
    put, rput = put["policy"], rput["policy"]
    assert json.loads(put["document"]) == json.loads(doc_file.read_text())
    assert rput["resourceArn"].endswith(f":repository/{domain}/repo")

    got, rgot, *_ = cp.parallel(
        lambda: cp.aws("get-domain-permissions-policy", "--domain", domain, tls=True),
        lambda: cp.aws("get-repository-permissions-policy", "--domain", domain, "--repository", "repo"),
        lambda: cp.aws_error("ConflictException", "delete-domain-permissions-policy", "--domain", domain,
                             "--policy-revision", "x"),
        lambda: cp.aws_error("ValidationException", "put-repository-permissions-policy", "--domain", domain,
                             "--repository", "repo", "--policy-document", "{not json"))
    assert got["policy"]["revision"] == put["revision"]
    assert rgot["policy"] == rput

    cp.parallel(
        lambda: cp.aws("delete-domain-permissions-policy", "--domain", domain, "--policy-revision", put["revision"],
                       tls=True),
        lambda: cp.aws("delete-repository-permissions-policy", "--domain", domain, "--repository", "repo"))
    cp.parallel(
        lambda: cp.aws_error("ResourceNotFoundException", "get-domain-permissions-policy", "--domain", domain),
        lambda: cp.aws_error("ResourceNotFoundException", "get-repository-permissions-policy", "--domain", domain,
                             "--repository", "repo", tls=True))


@pytest.mark.parametrize("document", INVALID_DOCUMENTS)
def test_invalid_policy_documents_are_refused(cp, domain, document):
    c = cp.client()
    c.create_repository(domain=domain, repository="repo")
    with pytest.raises(c.exceptions.ValidationException) as e:
        c.put_domain_permissions_policy(domain=domain, policyDocument=document)
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    with pytest.raises(c.exceptions.ValidationException):
        c.put_repository_permissions_policy(domain=domain, repository="repo", policyDocument=document)
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.get_domain_permissions_policy(domain=domain)


def test_policy_on_missing_resources_is_not_found(cp, domain):
    c = cp.client()
    missing = unique("nope")
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.put_domain_permissions_policy(domain=missing, policyDocument=policy())
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.put_repository_permissions_policy(domain=domain, repository="missing", policyDocument=policy())
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.get_repository_permissions_policy(domain=domain, repository="missing")


def test_deleting_a_repository_drops_its_policy(cp, domain):
    c = cp.client()
    c.create_repository(domain=domain, repository="repo")
    c.put_repository_permissions_policy(domain=domain, repository="repo", policyDocument=policy())
    c.delete_repository(domain=domain, repository="repo")
    c.create_repository(domain=domain, repository="repo")
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.get_repository_permissions_policy(domain=domain, repository="repo")


# ------------------------------------------------------------------------------------- tags

@TLS
def test_tag_untag_list_on_domains_and_repositories(cp, domain, tls):
    c = cp.client(tls=tls)
    darn = c.describe_domain(domain=domain)["domain"]["arn"]
    rarn = c.create_repository(domain=domain, repository="repo")["repository"]["arn"]
    for arn in (darn, rarn):
        assert c.list_tags_for_resource(resourceArn=arn)["tags"] == []
        c.tag_resource(resourceArn=arn, tags=[{"key": "env", "value": "prod"}, {"key": "owner", "value": "me"}])
        tags = {t["key"]: t["value"] for t in c.list_tags_for_resource(resourceArn=arn)["tags"]}
        assert tags == {"env": "prod", "owner": "me"}
        # Tagging an existing key replaces its value; untagging missing keys is fine.
        c.tag_resource(resourceArn=arn, tags=[{"key": "env", "value": "dev"}, {"key": "empty", "value": ""}])
        tags = {t["key"]: t["value"] for t in c.list_tags_for_resource(resourceArn=arn)["tags"]}
        assert tags == {"env": "dev", "owner": "me", "empty": ""}
        c.untag_resource(resourceArn=arn, tagKeys=["owner", "not-there"])
        tags = {t["key"]: t["value"] for t in c.list_tags_for_resource(resourceArn=arn)["tags"]}
        assert tags == {"env": "dev", "empty": ""}
    # The two resources' tags are separate.
    c.untag_resource(resourceArn=darn, tagKeys=["env", "empty"])
    assert c.list_tags_for_resource(resourceArn=darn)["tags"] == []
    assert len(c.list_tags_for_resource(resourceArn=rarn)["tags"]) == 2


def test_tags_with_the_aws_cli(cp, domain):
    arn = cp.client().describe_domain(domain=domain)["domain"]["arn"]
    assert cp.aws("tag-resource", "--resource-arn", arn, "--tags", "key=a,value=1", "key=b,value=2") == {}
    tags, _ = cp.parallel(
        lambda: cp.aws("list-tags-for-resource", "--resource-arn", arn, tls=True),
        lambda: cp.aws_error("ResourceNotFoundException", "list-tags-for-resource", "--resource-arn",
                             arn.replace(domain, unique("nope"))))
    assert sorted((t["key"], t["value"]) for t in tags["tags"]) == [("a", "1"), ("b", "2")]
    cp.aws("untag-resource", "--resource-arn", arn, "--tag-keys", "a", tls=True)
    assert cp.aws("list-tags-for-resource", "--resource-arn", arn)["tags"] == [{"key": "b", "value": "2"}]


def test_tag_errors(cp, domain):
    c = cp.client()
    acct = cp.admin.account
    darn = c.describe_domain(domain=domain)["domain"]["arn"]
    bad_arns = [
        "not-an-arn",
        f"arn:aws:codeartifact:{cp.region}:{acct}:bucket/{domain}",
        f"arn:aws:codeartifact:eu-west-3:{acct}:domain/{domain}",  # another region
        f"arn:aws:s3:{cp.region}:{acct}:domain/{domain}",
    ]
    for arn in bad_arns:
        with pytest.raises(c.exceptions.ValidationException):
            c.list_tags_for_resource(resourceArn=arn)
        with pytest.raises(c.exceptions.ValidationException):
            c.tag_resource(resourceArn=arn, tags=[{"key": "k", "value": "v"}])
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.list_tags_for_resource(resourceArn=f"arn:aws:codeartifact:{cp.region}:{acct}:domain/{unique('nope')}")
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.tag_resource(resourceArn=f"arn:aws:codeartifact:{cp.region}:{acct}:repository/{domain}/missing",
                       tags=[{"key": "k", "value": "v"}])
    with pytest.raises(c.exceptions.ValidationException):
        c.tag_resource(resourceArn=darn, tags=[{"key": "aws:created-by", "value": "x"}])
    with pytest.raises(c.exceptions.ValidationException):
        cp.client(parameter_validation=False).tag_resource(resourceArn=darn, tags=[{"key": "k" * 129, "value": "x"}])
    assert c.list_tags_for_resource(resourceArn=darn)["tags"] == []


def test_two_hundred_tags_at_most(cp, domain):
    c = cp.client()
    arn = c.describe_domain(domain=domain)["domain"]["arn"]
    c.tag_resource(resourceArn=arn, tags=[{"key": f"k{i}", "value": "v"} for i in range(150)])
    c.tag_resource(resourceArn=arn, tags=[{"key": f"k{i}", "value": "w"} for i in range(100, 200)])
    assert len(c.list_tags_for_resource(resourceArn=arn)["tags"]) == 200
    with pytest.raises(c.exceptions.ClientError) as e:
        c.tag_resource(resourceArn=arn, tags=[{"key": "one-more", "value": "v"}])
    assert e.value.response["Error"]["Code"] in ("ServiceQuotaExceededException", "ValidationException")
    assert len(c.list_tags_for_resource(resourceArn=arn)["tags"]) == 200
