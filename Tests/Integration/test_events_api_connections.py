"""EventBridge connections and API destinations through the real aws CLI and boto3: create,
describe, list (NamePrefix, Limit/NextToken), update and delete, API_KEY and BASIC authorization
with InvocationHttpParameters; no answer (nor any table in the clear) ever carries a password,
an API key value or a parameter marked secret; a connection in use is not deleted; an
InvocationEndpoint must be an http(s) URL; ConnectionArn must name the account's own connection."""
import json

import pytest

from cp_support import unique
from events_support import client_error, code_of

SECRET, PASSWORD, HIDDEN = "key-" + unique("v"), "pw-" + unique("p"), "hidden-" + unique("h")


def test_api_key_connection_lifecycle_never_shows_its_secrets(ev, ev_tenant):
    name = unique("conn")
    auth = {"ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": SECRET},
            "InvocationHttpParameters": {
                "HeaderParameters": [{"Key": "X-Team", "Value": "builds", "IsValueSecret": False},
                                     {"Key": "X-Signature-Seed", "Value": HIDDEN, "IsValueSecret": True}],
                "QueryStringParameters": [{"Key": "src", "Value": "granary"}]}}
    created = ev.aws("create-connection", "--name", name, "--description", "hooks", "--authorization-type", "API_KEY",
                     "--auth-parameters", json.dumps(auth), creds=ev_tenant)
    arn = created["ConnectionArn"]
    assert arn.startswith(ev.arn(ev_tenant.account, f"connection/{name}/")) and len(arn.rsplit("/", 1)[1]) == 36
    assert created["ConnectionState"] == "AUTHORIZED" and created["CreationTime"]
    described = ev.aws("describe-connection", "--name", name, creds=ev_tenant)
    assert described["ConnectionArn"] == arn and described["Name"] == name and described["Description"] == "hooks"
    assert described["AuthorizationType"] == "API_KEY" and described["ConnectionState"] == "AUTHORIZED"
    params = described["AuthParameters"]
    assert params["ApiKeyAuthParameters"] == {"ApiKeyName": "x-api-key"}
    assert params["InvocationHttpParameters"]["HeaderParameters"] == [
        {"Key": "X-Team", "Value": "builds", "IsValueSecret": False}, {"Key": "X-Signature-Seed", "IsValueSecret": True}]
    assert params["InvocationHttpParameters"]["QueryStringParameters"] == [
        {"Key": "src", "Value": "granary", "IsValueSecret": False}]

    updated = ev.aws("update-connection", "--name", name, "--auth-parameters",
                     json.dumps({"ApiKeyAuthParameters": {"ApiKeyValue": SECRET + "-2"}}), creds=ev_tenant)
    assert updated["ConnectionArn"] == arn
    after = ev.aws("describe-connection", "--name", name, creds=ev_tenant)
    assert after["AuthParameters"]["ApiKeyAuthParameters"] == {"ApiKeyName": "x-api-key"}
    assert after["Description"] == "hooks" and after["AuthParameters"]["InvocationHttpParameters"] == params["InvocationHttpParameters"]
    listed = ev.aws("list-connections", creds=ev_tenant)["Connections"]
    assert [(c["Name"], c["ConnectionArn"], c["AuthorizationType"], c["ConnectionState"]) for c in listed] == [
        (name, arn, "API_KEY", "AUTHORIZED")]

    # Neither the answers nor the database in the clear hold the secrets.
    texts = [json.dumps(x) for x in (created, described, updated, after, listed)]
    dump = "\n".join("\t".join(row) for row in ev.sql(
        "SELECT name, description, auth_name, http_parameters_shown, HEX(sealed_secrets) FROM event_connections"))
    assert "x-api-key" in dump
    for text in texts + [dump]:
        assert SECRET not in text and HIDDEN not in text
        assert SECRET.encode().hex().upper() not in text and HIDDEN.encode().hex().upper() not in text

    deleted = ev.aws("delete-connection", "--name", name, creds=ev_tenant)
    assert deleted["ConnectionArn"] == arn and deleted["ConnectionState"] == "DELETING"
    ev.aws_error("ResourceNotFoundException", "describe-connection", "--name", name, creds=ev_tenant)
    # A connection made again under the name is another one: another ARN.
    again = ev.client(ev_tenant).create_connection(
        Name=name, AuthorizationType="BASIC", AuthParameters={"BasicAuthParameters": {"Username": "u", "Password": PASSWORD}})
    assert again["ConnectionArn"] != arn


def test_basic_connection_and_switching_authorization(ev, ev_tenant):
    c = ev.client(ev_tenant)
    name = unique("basic")
    c.create_connection(Name=name, AuthorizationType="BASIC",
                        AuthParameters={"BasicAuthParameters": {"Username": "hook-user", "Password": PASSWORD}})
    described = c.describe_connection(Name=name)
    assert described["AuthParameters"] == {"BasicAuthParameters": {"Username": "hook-user"}}
    assert PASSWORD not in json.dumps(described, default=str)
    # Another type needs its parameters in full.
    e = client_error(c.update_connection, Name=name, AuthorizationType="API_KEY",
                     AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "k"}})
    assert code_of(e) == "ValidationException"
    c.update_connection(Name=name, AuthorizationType="API_KEY",
                        AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "k", "ApiKeyValue": SECRET}})
    assert c.describe_connection(Name=name)["AuthParameters"] == {"ApiKeyAuthParameters": {"ApiKeyName": "k"}}
    e = client_error(c.create_connection, Name=name, AuthorizationType="BASIC",
                     AuthParameters={"BasicAuthParameters": {"Username": "u", "Password": "p"}})
    assert code_of(e) == "ResourceAlreadyExistsException"


@pytest.mark.parametrize("kw,needle", [
    (dict(AuthorizationType="OAUTH_CLIENT_CREDENTIALS", AuthParameters={"OAuthParameters": {
        "ClientParameters": {"ClientID": "a", "ClientSecret": "b"}, "AuthorizationEndpoint": "https://a.example/t",
        "HttpMethod": "POST"}}), "not supported"),
    (dict(AuthorizationType="BASIC", AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "a", "ApiKeyValue": "b"}}),
     "AuthorizationType BASIC"),
    (dict(AuthorizationType="BASIC", AuthParameters={"BasicAuthParameters": {"Username": "a:b", "Password": "p"}}),
     "regular expression pattern"),
    (dict(AuthorizationType="API_KEY", AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "k", "ApiKeyValue": "v"}},
          KmsKeyIdentifier="alias/x"), "KmsKeyIdentifier"),
])
def test_connection_refusals(ev, ev_tenant, kw, needle):
    c = ev.client(ev_tenant)
    e = client_error(c.create_connection, Name=unique("c"), **kw)
    assert code_of(e) == "ValidationException" and needle in e.response["Error"]["Message"], e.response
    assert c.list_connections()["Connections"] == []


def test_api_destinations(ev, ev_tenant):
    c = ev.client(ev_tenant)
    conn = c.create_connection(Name=unique("c"), AuthorizationType="API_KEY",
                               AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "k", "ApiKeyValue": SECRET}})
    name = unique("d")
    created = ev.aws("create-api-destination", "--name", name, "--connection-arn", conn["ConnectionArn"],
                     "--invocation-endpoint", "https://hooks.example/in/*", "--http-method", "POST",
                     "--invocation-rate-limit-per-second", "20", creds=ev_tenant)
    arn = created["ApiDestinationArn"]
    assert arn.startswith(ev.arn(ev_tenant.account, f"api-destination/{name}/")) and created["ApiDestinationState"] == "ACTIVE"
    described = c.describe_api_destination(Name=name)
    assert (described["ApiDestinationArn"], described["ConnectionArn"], described["InvocationEndpoint"], described["HttpMethod"],
            described["InvocationRateLimitPerSecond"]) == (arn, conn["ConnectionArn"], "https://hooks.example/in/*", "POST", 20)
    c.update_api_destination(Name=name, HttpMethod="PUT", InvocationEndpoint="http://10.1.2.3:8080/hook")
    described = c.describe_api_destination(Name=name)
    assert (described["HttpMethod"], described["InvocationEndpoint"], described["InvocationRateLimitPerSecond"]) == (
        "PUT", "http://10.1.2.3:8080/hook", 20)
    other = c.create_api_destination(Name=unique("d"), ConnectionArn=conn["ConnectionArn"],
                                     InvocationEndpoint="https://b.example/", HttpMethod="POST")
    assert c.describe_api_destination(Name=other["ApiDestinationArn"].split("/")[1])["InvocationRateLimitPerSecond"] == 300
    listed = c.list_api_destinations(ConnectionArn=conn["ConnectionArn"], Limit=1)
    rest = c.list_api_destinations(ConnectionArn=conn["ConnectionArn"], Limit=1, NextToken=listed["NextToken"])
    assert sorted(d["ApiDestinationArn"] for d in listed["ApiDestinations"] + rest["ApiDestinations"]) == sorted(
        [arn, other["ApiDestinationArn"]])
    assert "NextToken" not in rest

    # The connection is in use: not deleted while a destination has it.
    e = client_error(c.delete_connection, Name=conn["ConnectionArn"].split("/")[1])
    assert code_of(e) == "ValidationException" and "used by the API destinations" in e.response["Error"]["Message"]
    c.delete_api_destination(Name=name)
    assert code_of(client_error(c.describe_api_destination, Name=name)) == "ResourceNotFoundException"
    assert code_of(client_error(c.delete_api_destination, Name=name)) == "ResourceNotFoundException"


@pytest.mark.parametrize("endpoint", ["ftp://files.example/x", "file:///etc/passwd", "https://user@hooks.example/",
                                      "hooks.example/in", "https://", "https://hooks.example/a b"])
def test_invocation_endpoint_must_be_an_http_url(ev, ev_tenant, endpoint):
    c = ev.client(ev_tenant)
    conn = c.create_connection(Name=unique("c"), AuthorizationType="BASIC",
                               AuthParameters={"BasicAuthParameters": {"Username": "u", "Password": "p"}})
    e = client_error(c.create_api_destination, Name=unique("d"), ConnectionArn=conn["ConnectionArn"],
                     InvocationEndpoint=endpoint, HttpMethod="POST")
    assert code_of(e) == "ValidationException", e.response
    assert c.list_api_destinations()["ApiDestinations"] == []


def test_a_destination_uses_the_accounts_own_connection(ev, ev_tenant):
    c = ev.client(ev_tenant)
    foreign = ev.destination(ev.tenant())["connectionArn"]
    e = client_error(c.create_api_destination, Name=unique("d"), ConnectionArn=foreign,
                     InvocationEndpoint="https://a.example/", HttpMethod="POST")
    assert code_of(e) == "ValidationException"
    mine = c.create_connection(Name=unique("c"), AuthorizationType="BASIC",
                               AuthParameters={"BasicAuthParameters": {"Username": "u", "Password": "p"}})["ConnectionArn"]
    stale = mine.rsplit("/", 1)[0] + "/00000000-0000-4000-8000-000000000000"
    e = client_error(c.create_api_destination, Name=unique("d"), ConnectionArn=stale,
                     InvocationEndpoint="https://a.example/", HttpMethod="POST")
    assert code_of(e) == "ResourceNotFoundException"


def test_list_connections_pages(ev, ev_tenant):
    c = ev.client(ev_tenant)
    for i in range(5):
        c.create_connection(Name=f"pc-{i}", AuthorizationType="BASIC",
                            AuthParameters={"BasicAuthParameters": {"Username": "u", "Password": "p"}})
    names, token = [], None
    while True:
        page = c.list_connections(NamePrefix="pc-", Limit=2, **({"NextToken": token} if token else {}))
        names += [x["Name"] for x in page["Connections"]]
        token = page.get("NextToken")
        if not token:
            break
    assert names == [f"pc-{i}" for i in range(5)]
    assert c.list_connections(ConnectionState="DEAUTHORIZED")["Connections"] == []
