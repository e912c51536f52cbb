"""EventBridge targets through the real aws CLI and boto3: PutTargets to API destinations (the only
targets Granary delivers to) with Input / InputPath / InputTransformer validated by the real
TargetInput, HttpParameters and RetryPolicy; FailedEntries for ARNs Granary cannot deliver to;
the 5-target quota; RemoveTargets; ListTargetsByRule (Limit/NextToken) and ListRuleNamesByTarget."""
import json

import pytest

from cp_support import unique
from events_support import client_error, code_of

PATTERN = json.dumps({"source": ["my.app"]})


@pytest.fixture
def rule(ev, ev_tenant):
    name = unique("rule")
    ev.client(ev_tenant).put_rule(Name=name, EventPattern=PATTERN)
    return name


def test_put_list_remove_targets(ev, ev_tenant, rule):
    c = ev.client(ev_tenant)
    dest = ev.destination(ev_tenant)
    targets = [
        {"Id": "whole", "Arn": dest["arn"], "RoleArn": f"arn:aws:iam::{ev_tenant.account}:role/ignored"},
        {"Id": "constant", "Arn": dest["arn"], "Input": '{"hello": "world"}'},
        {"Id": "path", "Arn": dest["arn"], "InputPath": "$.detail"},
        {"Id": "transformed", "Arn": dest["arn"],
         "InputTransformer": {"InputPathsMap": {"name": "$.detail.packageName", "v": "$.detail.packageVersion"},
                              "InputTemplate": '{"package": <name>, "version": <v>, "rule": <aws.events.rule-name>}'},
         "HttpParameters": {"PathParameterValues": ["p1"], "HeaderParameters": {"X-Team": "builds"},
                            "QueryStringParameters": {"source": "granary"}},
         "RetryPolicy": {"MaximumRetryAttempts": 3, "MaximumEventAgeInSeconds": 600}},
    ]
    out = c.put_targets(Rule=rule, Targets=targets)
    assert (out["FailedEntryCount"], out["FailedEntries"]) == (0, [])
    listed = c.list_targets_by_rule(Rule=rule)["Targets"]
    assert sorted(listed, key=lambda t: t["Id"]) == sorted(targets, key=lambda t: t["Id"])

    # Pages of 2 with the CLI, which follows NextToken itself; and by hand with boto3.
    cli = ev.aws("list-targets-by-rule", "--rule", rule, "--page-size", "2", creds=ev_tenant)["Targets"]
    assert [t["Id"] for t in cli] == ["constant", "path", "transformed", "whole"]
    first = c.list_targets_by_rule(Rule=rule, Limit=3)
    second = c.list_targets_by_rule(Rule=rule, Limit=3, NextToken=first["NextToken"])
    assert [t["Id"] for t in first["Targets"] + second["Targets"]] == ["constant", "path", "transformed", "whole"]
    assert "NextToken" not in second

    # Replacing a target by its Id.
    c.put_targets(Rule=rule, Targets=[{"Id": "path", "Arn": dest["arn"], "InputPath": "$.detail.packageName"}])
    assert {t["Id"]: t.get("InputPath") for t in c.list_targets_by_rule(Rule=rule)["Targets"]}["path"] == "$.detail.packageName"

    assert ev.aws("list-rule-names-by-target", "--target-arn", dest["arn"], creds=ev_tenant)["RuleNames"] == [rule]
    out = ev.aws("remove-targets", "--rule", rule, "--ids", "whole", "constant", "never-there", creds=ev_tenant)
    assert out["FailedEntryCount"] == 0
    assert sorted(t["Id"] for t in c.list_targets_by_rule(Rule=rule)["Targets"]) == ["path", "transformed"]


def test_targets_granary_cannot_deliver_to_fail_their_entry(ev, ev_tenant, rule):
    c = ev.client(ev_tenant)
    dest = ev.destination(ev_tenant)
    other = ev.destination(ev.tenant())
    gone = dest["arn"].rsplit("/", 1)[0] + "/00000000-0000-4000-8000-000000000000"
    out = c.put_targets(Rule=rule, Targets=[
        {"Id": "ok", "Arn": dest["arn"]},
        {"Id": "lambda", "Arn": f"arn:aws:lambda:{ev.region}:{ev_tenant.account}:function:f"},
        {"Id": "foreign", "Arn": other["arn"]},
        {"Id": "gone", "Arn": gone},
        {"Id": "dlq", "Arn": dest["arn"], "DeadLetterConfig": {"Arn": f"arn:aws:sqs:{ev.region}:{ev_tenant.account}:q"}},
    ])
    failed = {f["TargetId"]: f for f in out["FailedEntries"]}
    assert out["FailedEntryCount"] == 4 and set(failed) == {"lambda", "foreign", "gone", "dlq"}
    assert failed["lambda"]["ErrorCode"] == "ValidationException" and "API destinations" in failed["lambda"]["ErrorMessage"]
    assert failed["foreign"]["ErrorCode"] == "ValidationException"
    assert failed["gone"]["ErrorCode"] == "ResourceNotFoundException"
    assert failed["dlq"]["ErrorCode"] == "ValidationException" and "DeadLetterConfig" in failed["dlq"]["ErrorMessage"]
    assert [t["Id"] for t in c.list_targets_by_rule(Rule=rule)["Targets"]] == ["ok"]


@pytest.mark.parametrize("target,needle", [
    ({"Input": "{not json"}, "Input is not valid JSON"),
    ({"Input": "{}", "InputPath": "$.detail"}, "Only one of Input, InputPath, or InputTransformer"),
    ({"InputPath": "detail"}, "InputPath"),
    ({"InputTransformer": {"InputPathsMap": {"a": "$.detail"}, "InputTemplate": '{"x": <b>}'}}, "invalid placeholder b"),
    ({"InputTransformer": {"InputPathsMap": {"aws.x": "$.detail"}, "InputTemplate": "<aws.x>"}}, "reserved"),
    ({"RetryPolicy": {"MaximumRetryAttempts": 186}}, "less than or equal to 185"),
    ({"Id": "bad id"}, "regular expression pattern"),
    ({"EcsParameters": {"TaskDefinitionArn": "arn:aws:ecs:x"}}, "EcsParameters"),
    ({"HttpParameters": {"HeaderParameters": {"Bad Header": "v"}}}, "HeaderParameters"),
])
def test_target_validation(ev, ev_tenant, rule, target, needle):
    c = ev.client(ev_tenant)
    dest = ev.destination(ev_tenant)
    e = client_error(c.put_targets, Rule=rule, Targets=[{"Id": "t", "Arn": dest["arn"]} | target])
    assert code_of(e) == "ValidationException" and needle in e.response["Error"]["Message"], e.response
    assert c.list_targets_by_rule(Rule=rule)["Targets"] == []


def test_at_most_five_targets_and_the_rule_must_exist(ev, ev_tenant, rule):
    c = ev.client(ev_tenant)
    dest = ev.destination(ev_tenant)
    c.put_targets(Rule=rule, Targets=[{"Id": f"t{i}", "Arn": dest["arn"]} for i in range(4)])
    e = client_error(c.put_targets, Rule=rule, Targets=[{"Id": "t8", "Arn": dest["arn"]}, {"Id": "t9", "Arn": dest["arn"]}])
    assert code_of(e) == "LimitExceededException"
    assert len(c.list_targets_by_rule(Rule=rule)["Targets"]) == 4
    c.put_targets(Rule=rule, Targets=[{"Id": "t0", "Arn": dest["arn"]}, {"Id": "t4", "Arn": dest["arn"]}])
    assert len(c.list_targets_by_rule(Rule=rule)["Targets"]) == 5
    e = client_error(c.put_targets, Rule=rule, Targets=[{"Id": "a", "Arn": dest["arn"]}, {"Id": "a", "Arn": dest["arn"]}])
    assert code_of(e) == "ValidationException"
    for call, kw in ((c.put_targets, dict(Targets=[{"Id": "t", "Arn": dest["arn"]}])), (c.remove_targets, dict(Ids=["t"])),
                     (c.list_targets_by_rule, {})):
        e = client_error(call, Rule="no-such-rule", **kw)
        assert code_of(e) == "ResourceNotFoundException", call


def test_what_botocore_checks_is_checked_again_here(ev, ev_tenant, rule):
    """botocore refuses these before sending; a client that does not is refused by the server."""
    dest = ev.destination(ev_tenant)
    for target, needle in (({"RetryPolicy": {"MaximumEventAgeInSeconds": 59}}, "greater than or equal to 60"),
                           ({"Arn": ""}, "length greater than or equal to 1"),
                           ({"Id": 7}, "must be a string")):
        r = ev.raw("AWSEvents.PutTargets", {"Rule": rule, "Targets": [{"Id": "t", "Arn": dest["arn"]} | target]},
                   creds=ev_tenant)
        assert r.status_code == 400 and needle in r.json()["message"], r.text
        assert r.json()["__type"] in ("ValidationException", "SerializationException"), r.text
    r = ev.raw("AWSEvents.PutTargets", {"Rule": rule}, creds=ev_tenant)
    assert (r.status_code, r.json()["__type"]) == (400, "ValidationException") and "Targets" in r.json()["message"]
    assert ev.client(ev_tenant).list_targets_by_rule(Rule=rule)["Targets"] == []
