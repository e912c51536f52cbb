"""SigV4 authentication of the control plane (wrong secret, unknown key, stale or future dates,
scope, tampering, presigned URLs, UNSIGNED-PAYLOAD, session tokens), the AWS error envelope, and
the interim authorization rule: another account's principal gets AccessDeniedException."""
import datetime
import hashlib
import json
from unittest import mock

import botocore.exceptions
import pytest
import requests

from cp_support import Credentials, unique

TLS = pytest.mark.parametrize("tls", [False, True], ids=["http", "https"])
UTC = datetime.timezone.utc


def error_type(r: requests.Response) -> str:
    return r.headers.get("x-amzn-ErrorType", "").split(":")[0]


def describe_query(domain: str) -> dict:
    return {"domain": domain}


# ------------------------------------------------------------------------ bad credentials

@TLS
def test_wrong_secret_is_an_invalid_signature(cp, domain, tls):
    bad = Credentials(cp.admin.account, cp.admin.access_key, cp.admin.secret_key[:-4] + "AAAA")
    c = cp.client(bad, tls=tls)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        c.describe_domain(domain=domain)
    assert e.value.response["Error"]["Code"] == "InvalidSignatureException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert "signature" in e.value.response["Error"]["Message"].lower()
    cp.aws_error("InvalidSignatureException", "describe-domain", "--domain", domain, creds=bad, tls=tls)
    # Nothing happens on a refused write.
    name = unique("d")
    with pytest.raises(botocore.exceptions.ClientError):
        c.create_domain(domain=name)
    with pytest.raises(cp.client().exceptions.ResourceNotFoundException):
        cp.client().describe_domain(domain=name)


@TLS
def test_unknown_key_is_an_unrecognized_client(cp, domain, tls):
    ghost = Credentials("000000000000", "AKIAGHOSTGHOSTGHOST0", "x" * 40)
    c = cp.client(ghost, tls=tls)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        c.list_domains()
    assert e.value.response["Error"]["Code"] == "UnrecognizedClientException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    cp.aws_error("UnrecognizedClientException", "list-domains", creds=ghost, tls=tls)


def test_session_tokens_are_refused(cp, domain):
    import boto3
    c = boto3.session.Session().client(
        "codeartifact", endpoint_url=cp.endpoint(), region_name=cp.region, verify=cp.stack.ca_bundle,
        aws_access_key_id=cp.admin.access_key, aws_secret_access_key=cp.admin.secret_key,
        aws_session_token="FQoGZXIvYXdzEXAMPLE")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        c.describe_domain(domain=domain)
    assert e.value.response["Error"]["Code"] == "UnrecognizedClientException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_missing_authentication(cp, domain):
    r = requests.get(cp.stack.url("/v1/domain"), params={"domain": domain}, timeout=10)
    assert r.status_code == 403
    assert error_type(r) == "MissingAuthenticationTokenException"
    assert r.json()["message"]


def test_malformed_authorization_header(cp, domain):
    r = requests.get(cp.stack.url("/v1/domain"), params={"domain": domain}, timeout=10,
                     headers={"Authorization": "AWS4-HMAC-SHA256 Credential=broken", "X-Amz-Date": "20260101T000000Z"})
    assert r.status_code == 400
    assert error_type(r) == "IncompleteSignatureException"


# -------------------------------------------------------------------------------- dates

@TLS
@pytest.mark.parametrize("minutes,ok", [(-20, False), (20, False), (-10, True), (10, True)],
                         ids=["20min-old", "20min-ahead", "10min-old", "10min-ahead"])
def test_signing_time_window(cp, domain, tls, minutes, ok):
    when = datetime.datetime.now(UTC).replace(tzinfo=None) + datetime.timedelta(minutes=minutes)
    r = cp.signed("GET", "/v1/domain", params=describe_query(domain), when=when, tls=tls)
    if ok:
        assert r.status_code == 200, r.text
        assert r.json()["domain"]["name"] == domain
    else:
        assert r.status_code == 403, r.text
        assert error_type(r) == "InvalidSignatureException"
        assert "Signature" in r.json()["message"]


def test_stale_date_through_boto3(cp, domain):
    """botocore itself signing with a clock 30 minutes slow."""
    c = cp.client()
    stale = datetime.datetime.now(UTC).replace(tzinfo=None) - datetime.timedelta(minutes=30)
    with mock.patch("botocore.auth.get_current_datetime", return_value=stale):
        with pytest.raises(botocore.exceptions.ClientError) as e:
            c.describe_domain(domain=domain)
    assert e.value.response["Error"]["Code"] == "InvalidSignatureException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert c.describe_domain(domain=domain)["domain"]["name"] == domain


# -------------------------------------------------------------------------------- scope

@pytest.mark.parametrize("region,service", [("eu-west-3", "codeartifact"), (None, "s3")], ids=["region", "service"])
def test_wrong_credential_scope(cp, domain, region, service):
    r = cp.signed("GET", "/v1/domain", params=describe_query(domain), region=region, service=service)
    assert r.status_code == 403, r.text
    assert error_type(r) == "InvalidSignatureException"


def test_boto3_client_in_another_region_is_refused(cp, domain):
    c = cp.client(region="ap-south-1")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        c.describe_domain(domain=domain)
    assert e.value.response["Error"]["Code"] == "InvalidSignatureException"


# ----------------------------------------------------------------------------- tampering

def test_tampered_query_is_an_invalid_signature(cp, domain):
    other = unique("d")

    def swap(prepared):
        prepared.url = prepared.url.replace(domain, other)

    r = cp.signed("GET", "/v1/domain", params=describe_query(domain), after_signing=swap)
    assert r.status_code == 403
    assert error_type(r) == "InvalidSignatureException"


def test_tampered_body_is_refused(cp, domain):
    good = json.dumps({"description": "signed"}).encode()
    evil = json.dumps({"description": "evil!!"}).encode()

    def swap(prepared):
        prepared.body = evil

    # Body hash only inside the signature: the signature does not match.
    r = cp.signed("POST", "/v1/repository", params={"domain": domain, "repository": "r1"}, body=good,
                  headers={"Content-Type": "application/json"}, after_signing=swap)
    assert r.status_code == 403, r.text
    assert error_type(r) == "InvalidSignatureException"
    # Declared in a signed x-amz-content-sha256: the body does not hash to it.
    r = cp.signed("POST", "/v1/repository", params={"domain": domain, "repository": "r2"}, body=good,
                  headers={"Content-Type": "application/json"}, payload_hash=hashlib.sha256(good).hexdigest(),
                  after_signing=swap)
    assert r.status_code in (400, 403), r.text
    assert error_type(r) in ("XAmzContentSHA256Mismatch", "InvalidSignatureException")
    assert cp.client().list_repositories_in_domain(domain=domain)["repositories"] == []


def test_unsigned_payload_is_refused(cp, domain):
    """botocore never sends UNSIGNED-PAYLOAD to CodeArtifact; accepting it would leave the body
    outside the signature (test_sigv4_strict.py shows the body swapped)."""
    body = json.dumps({"description": "unsigned body"}).encode()
    r = cp.signed("POST", "/v1/repository", params={"domain": domain, "repository": "unsigned"}, body=body,
                  headers={"Content-Type": "application/json"}, payload_hash="UNSIGNED-PAYLOAD")
    assert r.status_code == 403, r.text
    assert error_type(r) == "InvalidSignatureException"
    assert cp.client().list_repositories_in_domain(domain=domain)["repositories"] == []


# ------------------------------------------------------------------------------ presigned

@TLS
def test_presigned_urls(cp, domain, tls):
    c = cp.client(tls=tls)
    url = c.generate_presigned_url("describe_domain", Params={"domain": domain}, ExpiresIn=60)
    r = requests.get(url, verify=cp.stack.ca_bundle, timeout=10)
    assert r.status_code == 200, r.text
    assert r.json()["domain"]["name"] == domain
    # Signed two hours ago for one minute: expired.
    old = datetime.datetime.now(UTC).replace(tzinfo=None) - datetime.timedelta(hours=2)
    with mock.patch("botocore.auth.get_current_datetime", return_value=old):
        expired = c.generate_presigned_url("describe_domain", Params={"domain": domain}, ExpiresIn=60)
    r = requests.get(expired, verify=cp.stack.ca_bundle, timeout=10)
    assert r.status_code == 403
    assert error_type(r) == "InvalidSignatureException"
    # A presigned URL for one domain does not open another.
    r = requests.get(url.replace(domain, unique("d")), verify=cp.stack.ca_bundle, timeout=10)
    assert r.status_code == 403
    assert error_type(r) == "InvalidSignatureException"


# ------------------------------------------------------------------------- error envelope

def test_errors_use_the_rest_json_envelope(cp):
    name = unique("nope")
    r = cp.signed("GET", "/v1/domain", params={"domain": name})
    assert r.status_code == 404
    assert error_type(r) == "ResourceNotFoundException"
    assert r.headers["Content-Type"].startswith("application/json")
    body = r.json()
    assert body["message"]
    assert body.get("resourceType") in (None, "domain")
    assert body.get("resourceId") in (None, name)


# --------------------------------------------------------------------------- cross-account

def test_another_account_is_denied(cp, domain, tenant):
    owner = cp.admin.account
    a = cp.client()
    a.create_repository(domain=domain, repository="repo")
    cp.publish(domain, "repo", "secret", "1.0", "s.bin", b"classified")
    darn = a.describe_domain(domain=domain)["domain"]["arn"]
    rarn = a.describe_repository(domain=domain, repository="repo")["repository"]["arn"]

    b = cp.client(tenant)
    d = dict(domain=domain, domainOwner=owner)
    p = dict(d, repository="repo", format="generic", namespace="ns", package="secret")
    calls = {
        "DescribeDomain": lambda: b.describe_domain(**d),
        "DeleteDomain": lambda: b.delete_domain(**d),
        "CreateRepository": lambda: b.create_repository(**d, repository="intruder"),
        "DescribeRepository": lambda: b.describe_repository(**d, repository="repo"),
        "UpdateRepository": lambda: b.update_repository(**d, repository="repo", description="pwned"),
        "DeleteRepository": lambda: b.delete_repository(**d, repository="repo"),
        "ListRepositoriesInDomain": lambda: b.list_repositories_in_domain(**d),
        "AssociateExternalConnection": lambda: b.associate_external_connection(
            **d, repository="repo", externalConnection="public:npmjs"),
        "GetRepositoryEndpoint": lambda: b.get_repository_endpoint(**d, repository="repo", format="generic"),
        "GetDomainPermissionsPolicy": lambda: b.get_domain_permissions_policy(**d),
        "PutDomainPermissionsPolicy": lambda: b.put_domain_permissions_policy(
            **d, policyDocument=json.dumps({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*",
                                                          "Principal": "*"}]})),
        "GetRepositoryPermissionsPolicy": lambda: b.get_repository_permissions_policy(**d, repository="repo"),
        "TagResource(domain)": lambda: b.tag_resource(resourceArn=darn, tags=[{"key": "k", "value": "v"}]),
        "ListTagsForResource(repository)": lambda: b.list_tags_for_resource(resourceArn=rarn),
        "ListPackages": lambda: b.list_packages(**d, repository="repo"),
        "DescribePackage": lambda: b.describe_package(**p),
        "ListPackageVersions": lambda: b.list_package_versions(**p),
        "GetPackageVersionAsset": lambda: b.get_package_version_asset(**p, packageVersion="1.0", asset="s.bin"),
        "PublishPackageVersion": lambda: b.publish_package_version(
            **p, packageVersion="6.6.6", assetName="x", assetContent=b"x", assetSHA256=hashlib.sha256(b"x").hexdigest()),
        "UpdatePackageVersionsStatus": lambda: b.update_package_versions_status(
            **p, versions=["1.0"], targetStatus="Archived"),
        "DeletePackageVersions": lambda: b.delete_package_versions(**p, versions=["1.0"]),
        "DeletePackage": lambda: b.delete_package(**p),
    }
    allowed = []
    for name, call in calls.items():
        try:
            call()
            allowed.append(name)
        except b.exceptions.AccessDeniedException as e:
            assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert allowed == [], f"another account could call {allowed}"

    # Nothing changed, and the owner still sees everything.
    assert a.describe_repository(domain=domain, repository="repo")["repository"].get("description") is None
    assert a.list_tags_for_resource(resourceArn=darn)["tags"] == []
    assert a.describe_package_version(domain=domain, repository="repo", format="generic", namespace="ns",
                                      package="secret", packageVersion="1.0")["packageVersion"]["status"] == "Published"
    assert [r["name"] for r in a.list_repositories_in_domain(domain=domain)["repositories"]] == ["repo"]
    assert domain not in [x["name"] for x in b.list_domains()["domains"]]


def test_another_account_with_the_aws_cli(cp, domain, tenant):
    cp.aws_error("AccessDeniedException", "describe-domain", "--domain", domain, "--domain-owner", cp.admin.account,
                 creds=tenant)
    cp.aws_error("AccessDeniedException", "create-repository", "--domain", domain, "--domain-owner", cp.admin.account,
                 "--repository", "intruder", creds=tenant, tls=True)


def test_denial_does_not_reveal_existence(cp, tenant):
    """A missing domain of another account is denied, not 'not found'."""
    b = cp.client(tenant)
    with pytest.raises(b.exceptions.AccessDeniedException):
        b.describe_domain(domain=unique("nope"), domainOwner=cp.admin.account)


def test_invalid_domain_owner_is_a_validation_error(cp, domain):
    c = cp.client(parameter_validation=False)
    with pytest.raises(c.exceptions.ValidationException):
        c.describe_domain(domain=domain, domainOwner="12345")


def test_own_account_as_domain_owner_is_fine(cp, domain, tenant):
    b = cp.client(tenant)
    name = unique("d")
    b.create_domain(domain=name)
    try:
        assert b.describe_domain(domain=name, domainOwner=tenant.account)["domain"]["owner"] == tenant.account
    finally:
        b.delete_domain(domain=name)


# --------------------------------------------------------------------- GetAuthorizationToken

def test_get_authorization_token_is_routed(cp, domain):
    """The issue asks for GetAuthorizationToken's route (the token itself comes with the policy
    issue): botocore must get a modeled answer, not the router's bare 404."""
    c = cp.client()
    try:
        out = c.get_authorization_token(domain=domain)
    except botocore.exceptions.ClientError as e:
        headers = e.response["ResponseMetadata"]["HTTPHeaders"]
        assert "x-amzn-errortype" in headers, (e.response["Error"], headers)
    else:
        assert isinstance(out["authorizationToken"], str) and out["authorizationToken"]
