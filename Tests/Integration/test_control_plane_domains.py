"""CodeArtifact domains through the control plane: CreateDomain, DescribeDomain, ListDomains,
DeleteDomain, with the aws CLI and boto3, over HTTP and HTTPS (the stack's CA bundle)."""
import json
import re
import time

import pytest

from cp_support import cleanup_domain, unique

TLS = pytest.mark.parametrize("tls", [False, True], ids=["http", "https"])


def test_domain_lifecycle_with_the_aws_cli(cp):
    name = unique("d")
    before = time.time()
    created = cp.aws("create-domain", "--domain", name, "--tags", "key=team,value=blue")["domain"]
    try:
        acct = cp.admin.account
        assert created["name"] == name
        assert created["owner"] == acct
        assert created["arn"] == f"arn:aws:codeartifact:{cp.region}:{acct}:domain/{name}"
        assert created["status"] == "Active"
        assert created["repositoryCount"] == 0
        assert created["assetSizeBytes"] == 0
        assert re.fullmatch(rf"arn:aws:kms:{cp.region}:{acct}:key/[0-9a-f-]{{36}}", created["encryptionKey"]), created
        # The CLI prints timestamps as epoch seconds (JSON number) without --cli-... options.
        assert before - 5 <= float(created["createdTime"]) <= time.time() + 5

        described, tags, listed = cp.parallel(
            lambda: cp.aws("describe-domain", "--domain", name, tls=True),
            # The tags given to CreateDomain are the domain's.
            lambda: cp.aws("list-tags-for-resource", "--resource-arn", created["arn"]),
            lambda: cp.aws("list-domains", tls=True))
        assert described["domain"] == created
        assert tags["tags"] == [{"key": "team", "value": "blue"}]
        mine = [d for d in listed["domains"] if d["name"] == name]
        assert len(mine) == 1
        assert mine[0]["arn"] == created["arn"] and mine[0]["owner"] == acct and mine[0]["status"] == "Active"
        assert mine[0]["encryptionKey"] == created["encryptionKey"]

        deleted = cp.aws("delete-domain", "--domain", name, tls=True)["domain"]
        assert deleted["name"] == name and deleted["arn"] == created["arn"]
        _, listed = cp.parallel(
            lambda: cp.aws_error("ResourceNotFoundException", "describe-domain", "--domain", name),
            lambda: cp.aws("list-domains", tls=True))
        assert name not in [d["name"] for d in listed["domains"]]
    finally:
        cleanup_domain(cp, name)


@TLS
def test_domain_with_boto3(cp, tls):
    c = cp.client(tls=tls)
    name = unique("d")
    key = f"arn:aws:kms:{cp.region}:{cp.admin.account}:key/my-own-key"
    created = c.create_domain(domain=name, encryptionKey=key)["domain"]
    try:
        assert created["encryptionKey"] == key
        assert created["createdTime"].tzinfo is not None  # botocore parsed the timestamp
        d = c.describe_domain(domain=name, domainOwner=cp.admin.account)["domain"]
        assert d["name"] == name and d["owner"] == cp.admin.account
        c.create_repository(domain=name, repository="one")
        c.create_repository(domain=name, repository="two")
        assert c.describe_domain(domain=name)["domain"]["repositoryCount"] == 2
    finally:
        cleanup_domain(cp, name)


def test_duplicate_domain_is_a_conflict(cp, domain):
    c = cp.client()
    with pytest.raises(c.exceptions.ConflictException) as e:
        c.create_domain(domain=domain)
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert e.value.response["Error"]["Code"] == "ConflictException"
    cp.aws_error("ConflictException", "create-domain", "--domain", domain)


def test_the_same_name_in_two_accounts_is_two_domains(cp, domain, tenant):
    other = cp.client(tenant).create_domain(domain=domain)["domain"]
    try:
        assert other["owner"] == tenant.account
        assert other["arn"] == f"arn:aws:codeartifact:{cp.region}:{tenant.account}:domain/{domain}"
        assert cp.client().describe_domain(domain=domain)["domain"]["owner"] == cp.admin.account
    finally:
        cleanup_domain(cp, domain, tenant)


def test_missing_domain_is_not_found(cp):
    c = cp.client()
    name = unique("nope")
    for call in (lambda: c.describe_domain(domain=name), lambda: c.delete_domain(domain=name)):
        with pytest.raises(c.exceptions.ResourceNotFoundException) as e:
            call()
        assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
        assert e.value.response["Error"]["Message"]
    cp.aws_error("ResourceNotFoundException", "delete-domain", "--domain", name)


@pytest.mark.parametrize("bad", ["Upper-case", "1starts-with-digit", "ends-with-hyphen-", "x", "under_score", "a" * 51])
def test_invalid_domain_names_are_refused(cp, bad):
    c = cp.client(parameter_validation=False)  # the server must refuse what botocore would
    with pytest.raises(c.exceptions.ValidationException) as e:
        c.create_domain(domain=bad)
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    with pytest.raises(c.exceptions.ValidationException):
        c.describe_domain(domain=bad)


def test_invalid_tags_are_refused(cp):
    c = cp.client()
    name = unique("d")
    with pytest.raises(c.exceptions.ValidationException):
        c.create_domain(domain=name, tags=[{"key": "aws:reserved", "value": "x"}])
    with pytest.raises(c.exceptions.ValidationException):
        c.create_domain(domain=name, tags=[{"key": "k", "value": "1"}, {"key": "k", "value": "2"}])
    # Nothing was created by the refused calls.
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.describe_domain(domain=name)


def test_delete_refuses_while_repositories_exist(cp, domain):
    c = cp.client()
    c.create_repository(domain=domain, repository="r1")
    with pytest.raises(c.exceptions.ConflictException) as e:
        c.delete_domain(domain=domain)
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    cp.aws_error("ConflictException", "delete-domain", "--domain", domain, tls=True)
    assert c.describe_domain(domain=domain)["domain"]["repositoryCount"] == 1
    c.delete_repository(domain=domain, repository="r1")
    assert c.delete_domain(domain=domain)["domain"]["name"] == domain
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.describe_domain(domain=domain)


def test_list_domains_shows_only_the_callers_account(cp, tenant, domain):
    c = cp.client(tenant)
    assert c.list_domains()["domains"] == []
    mine = unique("d")
    c.create_domain(domain=mine)
    try:
        names = [d["name"] for d in c.list_domains()["domains"]]
        assert names == [mine]
        assert domain not in names
    finally:
        cleanup_domain(cp, mine, tenant)


def test_asset_size_counts_each_blob_once(cp, domain):
    c = cp.client()
    c.create_repository(domain=domain, repository="r1")
    c.create_repository(domain=domain, repository="r2")
    assert c.describe_domain(domain=domain)["domain"]["assetSizeBytes"] == 0
    shared, own = b"s" * 1000, b"o" * 234
    cp.publish(domain, "r1", "p", "1.0", "shared.bin", shared)
    cp.publish(domain, "r2", "p", "1.0", "shared.bin", shared)
    cp.publish(domain, "r2", "p", "2.0", "own.bin", own)
    assert c.describe_domain(domain=domain)["domain"]["assetSizeBytes"] == len(shared) + len(own)


def test_invalid_encryption_key_is_refused(cp):
    c = cp.client(parameter_validation=False)
    name = unique("d")
    with pytest.raises(c.exceptions.ValidationException):
        c.create_domain(domain=name, encryptionKey="not a key")
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.describe_domain(domain=name)


def test_a_recreated_domain_starts_clean(cp):
    c = cp.client()
    name = unique("d")
    arn = c.create_domain(domain=name, tags=[{"key": "k", "value": "v"}])["domain"]["arn"]
    c.put_domain_permissions_policy(domain=name, policyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": cp.admin.account},
                                                 "Action": "codeartifact:DescribeDomain", "Resource": "*"}]}))
    c.delete_domain(domain=name)
    try:
        assert c.create_domain(domain=name)["domain"]["arn"] == arn
        assert c.list_tags_for_resource(resourceArn=arn)["tags"] == []
        with pytest.raises(c.exceptions.ResourceNotFoundException):
            c.get_domain_permissions_policy(domain=name)
    finally:
        cleanup_domain(cp, name)
