"""PutEvents and the default bus through the real aws CLI and boto3: entries written to bus_events
with the account, bus, event id and the event as EventBridge shapes it for targets; entries
EventBridge refuses one by one fail in Entries (the others are written); ListEventBuses and
DescribeEventBus show each account's implicit default bus."""
import datetime
import json

from events_support import client_error, code_of


def stored(ev, account: str) -> list[dict]:
    rows = ev.sql(f"SELECT event_id, bus_name, event_uuid, source, detail_type, body, routed_at FROM bus_events "
                  f"WHERE account_id = '{account}' ORDER BY event_id")
    return [{"bus": r[1], "uuid": r[2], "source": r[3], "detail_type": r[4], "body": json.loads(r[5]), "routed": r[6]}
            for r in rows]


def test_put_events_are_stored_as_eventbridge_shapes_them(ev, ev_tenant):
    c = ev.client(ev_tenant)
    when = datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.timezone.utc)
    out = c.put_events(Entries=[
        {"Source": "my.app", "DetailType": "Order Placed", "Detail": '{"order": 42, "items": ["a", "b"], "z": 1, "a": 2}',
         "Resources": ["arn:aws:s3:::bucket"], "Time": when},
        {"Source": "my.app", "DetailType": "Order Shipped", "Detail": "{}", "EventBusName": "default"},
    ])
    assert out["FailedEntryCount"] == 0 and len(out["Entries"]) == 2
    ids = [e["EventId"] for e in out["Entries"]]
    rows = stored(ev, ev_tenant.account)
    # Written unrouted; the dispatcher matches them against the bus's rules (none here) soon after.
    assert [r["uuid"] for r in rows] == ids and all(r["bus"] == "default" for r in rows)
    first = rows[0]["body"]
    assert list(first) == ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"]
    assert first == {"version": "0", "id": ids[0], "detail-type": "Order Placed", "source": "my.app",
                     "account": ev_tenant.account, "time": "2026-03-04T05:06:07Z", "region": ev.region,
                     "resources": ["arn:aws:s3:::bucket"], "detail": {"order": 42, "items": ["a", "b"], "z": 1, "a": 2}}
    assert list(first["detail"]) == ["order", "items", "z", "a"]  # as sent
    assert (rows[1]["source"], rows[1]["detail_type"], rows[1]["body"]["resources"]) == ("my.app", "Order Shipped", [])

    # The CLI's own shorthand.
    out = ev.aws("put-events", "--entries", json.dumps([{"Source": "cli.app", "DetailType": "T", "Detail": '{"k": "v"}'}]),
                 creds=ev_tenant)
    assert out["FailedEntryCount"] == 0 and stored(ev, ev_tenant.account)[-1]["body"]["detail"] == {"k": "v"}


def test_refused_entries_fail_alone(ev, ev_tenant):
    c = ev.client(ev_tenant)
    out = c.put_events(Entries=[
        {"Source": "ok.app", "DetailType": "T", "Detail": "{}"},
        {"Source": "aws.codeartifact", "DetailType": "CodeArtifact Package Version State Change", "Detail": "{}"},
        {"Source": "x", "DetailType": "T", "Detail": "[1, 2]"},
        {"Source": "x", "DetailType": "T", "Detail": "{nope"},
        {"DetailType": "T", "Detail": "{}"},
        {"Source": "x", "Detail": "{}"},
        {"Source": "x", "DetailType": "T"},
        {"Source": "x", "DetailType": "T", "Detail": "{}", "EventBusName": "custom"},
    ])
    codes = [e.get("ErrorCode") for e in out["Entries"]]
    assert codes == [None, "NotAuthorizedForSourceException", "MalformedDetail", "MalformedDetail", "InvalidArgument",
                     "InvalidArgument", "InvalidArgument", "ResourceNotFoundException"]
    assert out["FailedEntryCount"] == 7 and "EventId" in out["Entries"][0]
    assert [r["source"] for r in stored(ev, ev_tenant.account)] == ["ok.app"]


def test_request_limits(ev, ev_tenant):
    c = ev.client(ev_tenant)
    entry = {"Source": "x", "DetailType": "T", "Detail": "{}"}
    e = client_error(c.put_events, Entries=[entry] * 11)
    assert code_of(e) == "ValidationException"
    big = json.dumps({"blob": "x" * (130 * 1024)})
    e = client_error(c.put_events, Entries=[entry | {"Detail": big}] * 2)
    assert code_of(e) == "ValidationException" and "over the limit" in e.response["Error"]["Message"]
    assert stored(ev, ev_tenant.account) == []
    assert c.put_events(Entries=[entry | {"Detail": big}])["FailedEntryCount"] == 0


def test_the_default_bus(ev, ev_tenant):
    c = ev.client(ev_tenant)
    arn = ev.arn(ev_tenant.account, "event-bus/default")
    assert c.list_event_buses()["EventBuses"] == [{"Name": "default", "Arn": arn}]
    assert c.list_event_buses(NamePrefix="def")["EventBuses"] == [{"Name": "default", "Arn": arn}]
    assert c.list_event_buses(NamePrefix="custom")["EventBuses"] == []
    for name in (None, "default", arn):
        described = c.describe_event_bus(**({"Name": name} if name else {}))
        assert (described["Name"], described["Arn"]) == ("default", arn)
    assert ev.aws("describe-event-bus", creds=ev_tenant)["Arn"] == arn
    assert code_of(client_error(c.describe_event_bus, Name="custom")) == "ResourceNotFoundException"
