"""Every EventBridge operation goes through the one Authorizer with `events:<Action>`. The list of
operations comes from the server (`GET /_diag/json11-targets`, what `POST /` serves): one without
an entry in FILL fails the suite. A user with no policies is refused every operation, on the
account's real resources and on names that do not exist (authorization before lookups: never
404 or 500), with AccessDeniedException (400, as EventBridge answers it); nothing changes.
Identity policies decide per action and per ARN (explicit deny first); another account's bus is
refused even to a user allowed everything, since no resource policy of the bus allows it."""
import datetime
import json

import pytest

from cp_support import Credentials, unique
from events_support import EVENTS_POLICY, client_error, code_of

PATTERN = json.dumps({"source": ["my.app"]})
EVENT = json.dumps({"id": "1", "account": "111122223333", "source": "my.app", "time": "2026-01-01T00:00:00Z",
                    "region": "us-east-1", "resources": [], "detail-type": "T", "detail": {}})


@pytest.fixture(scope="module")
def world(ev):
    """An account with one of everything (made by its user allowed events:*), and a user of the
    same account with no policies at all."""
    owner = ev.tenant()
    c = ev.client(owner)
    dest = ev.destination(owner)
    c.put_rule(Name="rule", EventPattern=PATTERN)
    c.put_targets(Rule="rule", Targets=[{"Id": "t", "Arn": dest["arn"]}])
    bus = ev.arn(owner.account, "event-bus/default")
    archive = c.create_archive(ArchiveName="archive", EventSourceArn=bus)["ArchiveArn"]
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    c.start_replay(ReplayName="replay", EventSourceArn=archive, EventStartTime=start,
                   EventEndTime=start + datetime.timedelta(hours=1), Destination={"Arn": bus})
    ev.cp.stack.cli("admin", "users", "create", "--account", owner.account, "--name", "nobody")
    nobody_key = ev.cp.stack.cli("admin", "access-keys", "create", "--account", owner.account, "--user", "nobody")
    nobody = Credentials(owner.account, nobody_key["accessKeyId"], nobody_key["secretAccessKey"])
    return {"owner": owner, "nobody": nobody, "dest": dest, "bus": bus, "archive": archive, "ev": ev}


def names(w, real: bool) -> dict:
    ev, account = w["ev"], w["owner"].account
    if real:
        return {"rule": "rule", "conn": w["dest"]["connection"], "connArn": w["dest"]["connectionArn"],
                "dest": w["dest"]["name"], "destArn": w["dest"]["arn"], "archive": "archive", "archiveArn": w["archive"],
                "replay": "replay"}
    return {"rule": unique("norule"), "conn": unique("noconn"),
            "connArn": ev.arn(account, f"connection/{unique('noconn')}/00000000-0000-4000-8000-000000000000"),
            "dest": unique("nodest"), "destArn": ev.arn(account, f"api-destination/{unique('x')}/00000000-0000-4000-8000-000000000000"),
            "archive": unique("noarch"), "archiveArn": ev.arn(account, f"archive/{unique('noarch')}"), "replay": unique("norp")}


BASIC = {"BasicAuthParameters": {"Username": "u", "Password": "p"}}
WINDOW = {"EventStartTime": 1767225600, "EventEndTime": 1767229200}

#: Operation -> (world, names) -> request body with the model's required members.
FILL = {
    "PutRule": lambda w, n: {"Name": n["rule"], "EventPattern": PATTERN},
    "DescribeRule": lambda w, n: {"Name": n["rule"]},
    "ListRules": lambda w, n: {},
    "DeleteRule": lambda w, n: {"Name": n["rule"]},
    "EnableRule": lambda w, n: {"Name": n["rule"]},
    "DisableRule": lambda w, n: {"Name": n["rule"]},
    "PutTargets": lambda w, n: {"Rule": n["rule"], "Targets": [{"Id": "t2", "Arn": n["destArn"]}]},
    "RemoveTargets": lambda w, n: {"Rule": n["rule"], "Ids": ["t"]},
    "ListTargetsByRule": lambda w, n: {"Rule": n["rule"]},
    "ListRuleNamesByTarget": lambda w, n: {"TargetArn": n["destArn"]},
    "TestEventPattern": lambda w, n: {"EventPattern": PATTERN, "Event": EVENT},
    "PutEvents": lambda w, n: {"Entries": [{"Source": "my.app", "DetailType": "T", "Detail": "{}"}]},
    "ListEventBuses": lambda w, n: {},
    "DescribeEventBus": lambda w, n: {},
    "CreateConnection": lambda w, n: {"Name": unique("newconn"), "AuthorizationType": "BASIC", "AuthParameters": BASIC},
    "DescribeConnection": lambda w, n: {"Name": n["conn"]},
    "ListConnections": lambda w, n: {},
    "UpdateConnection": lambda w, n: {"Name": n["conn"], "Description": "changed"},
    "DeleteConnection": lambda w, n: {"Name": n["conn"]},
    "CreateApiDestination": lambda w, n: {"Name": unique("newdest"), "ConnectionArn": n["connArn"],
                                          "InvocationEndpoint": "https://a.example/", "HttpMethod": "POST"},
    "DescribeApiDestination": lambda w, n: {"Name": n["dest"]},
    "ListApiDestinations": lambda w, n: {},
    "UpdateApiDestination": lambda w, n: {"Name": n["dest"], "HttpMethod": "PUT"},
    "DeleteApiDestination": lambda w, n: {"Name": n["dest"]},
    "CreateArchive": lambda w, n: {"ArchiveName": unique("newarch"), "EventSourceArn": w["bus"]},
    "DescribeArchive": lambda w, n: {"ArchiveName": n["archive"]},
    "ListArchives": lambda w, n: {},
    "UpdateArchive": lambda w, n: {"ArchiveName": n["archive"], "RetentionDays": 3},
    "DeleteArchive": lambda w, n: {"ArchiveName": n["archive"]},
    "StartReplay": lambda w, n: {"ReplayName": unique("newrp"), "EventSourceArn": n["archiveArn"],
                                 "Destination": {"Arn": w["bus"]}} | WINDOW,
    "DescribeReplay": lambda w, n: {"ReplayName": n["replay"]},
    "ListReplays": lambda w, n: {},
    "CancelReplay": lambda w, n: {"ReplayName": n["replay"]},
}

#: Granary's additions (GranaryEvents.<Operation>), not in botocore's model.
GRANARY_FILL = {
    "GetApiDestinationSigningSecret": lambda w, n: {"Name": n["dest"]},
    "RotateApiDestinationSigningSecret": lambda w, n: {"Name": n["dest"]},
    "ListDeadLetters": lambda w, n: {},
    "RedriveDeadLetters": lambda w, n: {"RuleName": n["rule"]},
    "ListBusEvents": lambda w, n: {"After": "0"},
}


def fill(target: str):
    prefix, operation = target.split(".", 1)
    return (GRANARY_FILL if prefix == "GranaryEvents" else FILL)[operation]


@pytest.fixture(scope="module")
def targets(ev):
    r = ev.cp.stack.get("/_diag/json11-targets")
    assert r.status_code == 200, r.text
    return r.json()


def test_every_operation_has_a_fill_in(targets):
    for prefix, fills in (("AWSEvents.", FILL), ("GranaryEvents.", GRANARY_FILL)):
        served = {t.split(".", 1)[1] for t in targets if t.startswith(prefix)}
        assert served, f"no {prefix} operations served"
        assert served == fills.keys(), f"without a fill-in: {served - fills.keys()}; stale: {fills.keys() - served}"
    assert {t.split(".", 1)[0] for t in targets} == {"AWSEvents", "GranaryEvents"}


def test_fill_ins_carry_the_required_members():
    import botocore.session
    model = botocore.session.get_session().get_service_model("events")
    for operation, fill in FILL.items():
        body = fill({"bus": "b"}, {k: "x" for k in ("rule", "conn", "connArn", "dest", "destArn", "archive", "archiveArn",
                                                   "replay")})
        missing = set(model.operation_model(operation).input_shape.required_members) - body.keys()
        assert not missing, f"{operation}: required members {missing} missing"


def test_every_operation_refuses_a_user_without_policies(ev, world, targets):
    failures = []
    for real in (True, False):
        n = names(world, real)
        for target in targets:
            operation = target.split(".", 1)[1]
            r = ev.raw(target, fill(target)(world, n), creds=world["nobody"])
            where = "the account's real resources" if real else "names that do not exist"
            body = r.json() if r.headers.get("Content-Type", "").startswith("application/x-amz-json-1.1") else {}
            if (r.status_code, body.get("__type")) != (400, "AccessDeniedException"):
                failures.append(f"{operation} on {where}: {r.status_code} {r.text[:200]}")
            elif f"events:{operation}" not in body.get("message", "") or "not authorized" not in body["message"]:
                failures.append(f"{operation} on {where}: unexpected message {body.get('message')}")
    assert not failures, "operations that did not refuse a user without policies:\n" + "\n".join(failures)
    # Nothing changed.
    c = ev.client(world["owner"])
    rule = c.describe_rule(Name="rule")
    assert rule["State"] == "ENABLED" and [t["Id"] for t in c.list_targets_by_rule(Rule="rule")["Targets"]] == ["t"]
    assert [x["Name"] for x in c.list_rules()["Rules"]] == ["rule"]
    assert [x["Name"] for x in c.list_connections()["Connections"]] == [world["dest"]["connection"]]
    assert "Description" not in c.describe_connection(Name=world["dest"]["connection"])
    assert [x["Name"] for x in c.list_api_destinations()["ApiDestinations"]] == [world["dest"]["name"]]
    assert c.describe_api_destination(Name=world["dest"]["name"])["HttpMethod"] == "POST"
    assert [(x["ArchiveName"], x["RetentionDays"]) for x in c.list_archives()["Archives"]] == [("archive", 0)]
    # (The dispatcher may have run the replay meanwhile; a refused CancelReplay left it alone.)
    assert [(x["ReplayName"], x["State"] in ("STARTING", "COMPLETED")) for x in c.list_replays()["Replays"]] == [("replay", True)]
    assert ev.sql(f"SELECT COUNT(*) FROM event_deliveries WHERE account_id = '{world['owner'].account}' AND state = 'PENDING' "
                  "AND attempts = 0 AND last_error IS NOT NULL") == [["0"]]
    assert ev.sql(f"SELECT COUNT(*) FROM bus_events WHERE account_id = '{world['owner'].account}'") == [["0"]]


def test_every_operation_refuses_an_unsigned_request(ev, world, targets):
    failures = []
    n = names(world, True)
    for target in targets:
        r = ev.raw(target, fill(target)(world, n), sign=False)
        if (r.status_code, r.json().get("__type")) != (403, "MissingAuthenticationTokenException"):
            failures.append(f"{target}: {r.status_code} {r.text[:200]}")
    assert not failures, "\n".join(failures)


def test_identity_policies_decide_per_action_and_arn(ev):
    scoped = ev.tenant(policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["events:PutRule", "events:DescribeRule", "events:DeleteRule"], "Resource": "*"},
        {"Effect": "Deny", "Action": "events:DeleteRule", "Resource": "arn:aws:events:*:*:rule/keep-*"},
        {"Effect": "Allow", "Action": "events:ListRules", "Resource": "*",
         "Condition": {"StringEquals": {"aws:username": "someone-else"}}}]}))
    c = ev.client(scoped)
    c.put_rule(Name="keep-me", EventPattern=PATTERN)
    e = client_error(c.delete_rule, Name="keep-me")
    assert code_of(e) == "AccessDeniedException" and "explicit deny" in e.response["Error"]["Message"]
    assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert c.describe_rule(Name="keep-me")["Name"] == "keep-me"
    c.put_rule(Name="drop-me", EventPattern=PATTERN)
    c.delete_rule(Name="drop-me")
    for call, kw in ((c.list_rules, {}), (c.disable_rule, {"Name": "keep-me"}), (c.list_connections, {})):
        assert code_of(client_error(call, **kw)) == "AccessDeniedException", call
    # The CLI shows the same refusal.
    err = ev.aws_error("AccessDeniedException", "delete-rule", "--name", "keep-me", creds=scoped)
    assert "events:DeleteRule" in err.stderr
    # A CodeArtifact-only user may do nothing EventBridge, an EventBridge-only user nothing CodeArtifact.
    codeartifact_only = ev.cp.new_tenant()
    assert code_of(client_error(ev.client(codeartifact_only).list_rules)) == "AccessDeniedException"
    events_only = ev.tenant(policy=EVENTS_POLICY)
    assert code_of(client_error(ev.cp.client(events_only).list_domains)) == "AccessDeniedException"


def test_targets_need_invoke_api_destination_on_the_destination(ev):
    user = ev.tenant(policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "events:*", "Resource": "*"},
        {"Effect": "Deny", "Action": "events:InvokeApiDestination", "Resource": "arn:aws:events:*:*:api-destination/secret-*"}]}))
    c = ev.client(user)
    conn = c.create_connection(Name="c", AuthorizationType="BASIC", AuthParameters=BASIC)["ConnectionArn"]
    open_dest = c.create_api_destination(Name="open", ConnectionArn=conn, InvocationEndpoint="https://a.example/",
                                         HttpMethod="POST")["ApiDestinationArn"]
    secret = c.create_api_destination(Name="secret-hook", ConnectionArn=conn, InvocationEndpoint="https://b.example/",
                                      HttpMethod="POST")["ApiDestinationArn"]
    c.put_rule(Name="r", EventPattern=PATTERN)
    out = c.put_targets(Rule="r", Targets=[{"Id": "a", "Arn": open_dest}, {"Id": "b", "Arn": secret}])
    assert [(f["TargetId"], f["ErrorCode"]) for f in out["FailedEntries"]] == [("b", "AccessDeniedException")]
    assert [t["Id"] for t in c.list_targets_by_rule(Rule="r")["Targets"]] == ["a"]


def test_another_accounts_bus_is_refused(ev):
    victim = ev.tenant()
    ev.client(victim).put_rule(Name="theirs", EventPattern=PATTERN)
    everything = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
    attacker = ev.tenant(policy=everything)
    c = ev.client(attacker)
    bus = ev.arn(victim.account, "event-bus/default")
    calls = [
        (c.describe_rule, dict(Name="theirs", EventBusName=bus)),
        (c.list_rules, dict(EventBusName=bus)),
        (c.put_rule, dict(Name="planted", EventPattern=PATTERN, EventBusName=bus)),
        (c.disable_rule, dict(Name="theirs", EventBusName=bus)),
        (c.delete_rule, dict(Name="theirs", EventBusName=bus)),
        (c.list_targets_by_rule, dict(Rule="theirs", EventBusName=bus)),
        (c.put_events, dict(Entries=[{"Source": "x", "DetailType": "T", "Detail": "{}", "EventBusName": bus}])),
        (c.describe_event_bus, dict(Name=bus)),
    ]
    for call, kw in calls:
        e = client_error(call, **kw)
        assert code_of(e) == "AccessDeniedException", (call, e.response)
        assert f"{victim.account}" in e.response["Error"]["Message"]
    theirs = ev.client(victim)
    assert [r["Name"] for r in theirs.list_rules()["Rules"]] == ["theirs"]
    assert theirs.describe_rule(Name="theirs")["State"] == "ENABLED"
    assert ev.sql(f"SELECT COUNT(*) FROM bus_events WHERE account_id = '{victim.account}'") == [["0"]]
    # The attacker's own bus is its own.
    assert c.list_rules()["Rules"] == []
