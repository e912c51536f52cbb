"""EventBridge rules through the real aws CLI and boto3: PutRule (create and update), DescribeRule,
ListRules (NamePrefix, Limit/NextToken, the CLI's own pagination), EnableRule, DisableRule,
DeleteRule (idempotent; refused while the rule has targets), with the model's validation,
InvalidEventPatternException from the real matcher, and TestEventPattern answering from it."""
import json

import pytest

from events_support import client_error, code_of
from cp_support import unique

PATTERN = json.dumps({"source": ["aws.codeartifact"], "detail-type": ["CodeArtifact Package Version State Change"]})


def test_put_describe_enable_disable_delete_with_the_cli(ev, ev_tenant):
    name = unique("rule")
    out = ev.aws("put-rule", "--name", name, "--event-pattern", PATTERN, "--description", "package changes",
                 creds=ev_tenant)
    arn = ev.arn(ev_tenant.account, f"rule/{name}")
    assert out == {"RuleArn": arn}
    described = ev.aws("describe-rule", "--name", name, creds=ev_tenant)
    assert described == {"Name": name, "Arn": arn, "EventPattern": PATTERN, "State": "ENABLED",
                         "Description": "package changes", "EventBusName": "default", "CreatedBy": ev_tenant.account}
    ev.aws("disable-rule", "--name", name, creds=ev_tenant)
    assert ev.aws("describe-rule", "--name", name, creds=ev_tenant)["State"] == "DISABLED"
    ev.aws("enable-rule", "--name", name, "--event-bus-name", "default", creds=ev_tenant)
    assert ev.aws("describe-rule", "--name", name, creds=ev_tenant)["State"] == "ENABLED"

    # PutRule again replaces what the rule says; the ARN stays.
    other = json.dumps({"source": ["my.app"]})
    assert ev.aws("put-rule", "--name", name, "--event-pattern", other, "--state", "DISABLED",
                  creds=ev_tenant) == {"RuleArn": arn}
    described = ev.aws("describe-rule", "--name", name, creds=ev_tenant)
    assert (described["EventPattern"], described["State"]) == (other, "DISABLED") and "Description" not in described

    ev.aws("delete-rule", "--name", name, creds=ev_tenant)
    ev.aws_error("ResourceNotFoundException", "describe-rule", "--name", name, creds=ev_tenant)
    # Deleting what is not there is not an error, as in EventBridge.
    ev.aws("delete-rule", "--name", name, creds=ev_tenant)
    for command in ("enable-rule", "disable-rule"):
        err = ev.aws_error("ResourceNotFoundException", command, "--name", name, creds=ev_tenant)
        assert f"Rule {name} does not exist on EventBus default" in err.stderr


def test_rule_names_are_exact(ev, ev_tenant):
    c = ev.client(ev_tenant)
    c.put_rule(Name="Orders", EventPattern=PATTERN)
    e = client_error(c.describe_rule, Name="orders")
    assert code_of(e) == "ResourceNotFoundException"
    c.put_rule(Name="orders", EventPattern=json.dumps({"source": ["x"]}))
    assert c.describe_rule(Name="Orders")["EventPattern"] == PATTERN


def test_list_rules_pages_and_prefixes(ev, ev_tenant):
    c = ev.client(ev_tenant)
    names = [f"page-{i:02d}" for i in range(7)] + ["other-1", "pag_e"]
    for name in names:
        c.put_rule(Name=name, EventPattern=PATTERN)
    seen, token, pages = [], None, 0
    while True:
        kw = {"NamePrefix": "page-", "Limit": 3} | ({"NextToken": token} if token else {})
        page = c.list_rules(**kw)
        pages += 1
        assert len(page["Rules"]) <= 3
        seen += [r["Name"] for r in page["Rules"]]
        token = page.get("NextToken")
        if not token:
            break
    assert seen == [f"page-{i:02d}" for i in range(7)] and pages == 3
    # `_` in a prefix is a character, not a wildcard.
    assert [r["Name"] for r in c.list_rules(NamePrefix="pag_")["Rules"]] == ["pag_e"]
    # The CLI follows NextToken by itself (botocore's paginator for ListRules).
    listed = ev.aws("list-rules", "--page-size", "2", creds=ev_tenant)
    assert [r["Name"] for r in listed["Rules"]] == sorted(names)
    assert all(r["Arn"] == ev.arn(ev_tenant.account, f"rule/{r['Name']}") and r["EventBusName"] == "default"
               for r in listed["Rules"])
    # A token is bound to its list: another prefix (or a forged token) is refused.
    token = c.list_rules(NamePrefix="page-", Limit=1)["NextToken"]
    for bad in (dict(NamePrefix="other", NextToken=token), dict(NextToken=token[:-2] + "00")):
        assert code_of(client_error(c.list_rules, **bad)) == "ValidationException"
    # Another account lists none of them.
    assert ev.client(ev.tenant()).list_rules()["Rules"] == []


@pytest.mark.parametrize("kw,code,needle", [
    (dict(Name="bad name!", EventPattern=PATTERN), "ValidationException", "regular expression pattern"),
    (dict(Name="x" * 65, EventPattern=PATTERN), "ValidationException", "length less than or equal to 64"),
    (dict(Name="r"), "ValidationException", "EventPattern or ScheduleExpression must be specified"),
    (dict(Name="r", ScheduleExpression="rate(5 minutes)"), "ValidationException", "ScheduleExpression is not supported"),
    (dict(Name="r", EventPattern=PATTERN, State="ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"), "ValidationException",
     "not supported"),
    (dict(Name="r", EventPattern="{not json"), "InvalidEventPatternException", "Event pattern is not valid"),
    (dict(Name="r", EventPattern='{"source": "aws.ec2"}'), "InvalidEventPatternException", "Event pattern is not valid"),
    (dict(Name="r", EventPattern='{"detail": {"n": [{"numeric": [">", "x"]}]}}'), "InvalidEventPatternException", ""),
    (dict(Name="r", EventPattern=PATTERN, Tags=[{"Key": "k", "Value": "v"}]), "ValidationException", "Tags"),
    (dict(Name="r", EventPattern=PATTERN, EventBusName="not-there"), "ResourceNotFoundException",
     "Event bus not-there does not exist"),
])
def test_put_rule_refusals(ev, ev_tenant, kw, code, needle):
    c = ev.client(ev_tenant)
    e = client_error(c.put_rule, **kw)
    assert code_of(e) == code and needle in e.response["Error"]["Message"], e.response
    assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert c.list_rules()["Rules"] == []


def test_a_rule_with_targets_is_not_deleted(ev, ev_tenant):
    c = ev.client(ev_tenant)
    dest = ev.destination(ev_tenant)
    c.put_rule(Name="r1", EventPattern=PATTERN)
    assert c.put_targets(Rule="r1", Targets=[{"Id": "t1", "Arn": dest["arn"]}])["FailedEntryCount"] == 0
    e = client_error(c.delete_rule, Name="r1")
    assert code_of(e) == "ValidationException" and "has targets" in e.response["Error"]["Message"]
    assert c.describe_rule(Name="r1")["Name"] == "r1"
    c.remove_targets(Rule="r1", Ids=["t1"])
    c.delete_rule(Name="r1")
    assert c.list_rules()["Rules"] == []


def test_test_event_pattern_answers_from_the_matcher(ev, ev_tenant):
    event = {"id": "e1", "account": ev_tenant.account, "source": "aws.codeartifact", "time": "2024-01-01T00:00:00Z",
             "region": ev.region, "resources": [], "detail-type": "CodeArtifact Package Version State Change",
             "detail": {"packageFormat": "npm", "packageName": "left-pad", "size": 12}}
    cases = [
        ({"source": ["aws.codeartifact"]}, True),
        ({"source": ["aws.ec2"]}, False),
        ({"detail": {"packageName": [{"prefix": "left"}]}}, True),
        ({"detail": {"packageName": [{"anything-but": "left-pad"}]}}, False),
        ({"detail": {"size": [{"numeric": [">", 10, "<=", 12]}]}}, True),
        ({"detail": {"missing": [{"exists": True}]}}, False),
        ({"$or": [{"source": ["x"]}, {"detail": {"packageFormat": ["npm"]}}]}, True),
    ]
    c = ev.client(ev_tenant)
    for pattern, expected in cases:
        assert c.test_event_pattern(EventPattern=json.dumps(pattern), Event=json.dumps(event))["Result"] is expected, pattern
    out = ev.aws("test-event-pattern", "--event-pattern", json.dumps({"source": ["aws.codeartifact"]}),
                 "--event", json.dumps(event), creds=ev_tenant)
    assert out == {"Result": True}
    e = client_error(c.test_event_pattern, EventPattern='{"source": 5}', Event=json.dumps(event))
    assert code_of(e) == "InvalidEventPatternException"
    e = client_error(c.test_event_pattern, EventPattern='{"source": ["x"]}', Event=json.dumps({"source": "x"}))
    assert code_of(e) == "ValidationException" and "mandatory field" in e.response["Error"]["Message"]
    e = client_error(c.test_event_pattern, EventPattern='{"source": ["x"]}', Event="[1, 2")
    assert code_of(e) == "ValidationException"
