"""EventBridge archives and replays through the real aws CLI and boto3: Create/Describe/List/
Update/DeleteArchive on the default bus (EventPattern validated by the real matcher), StartReplay
stored STARTING for the dispatcher to run, DescribeReplay, ListReplays, CancelReplay (and
IllegalStatusException once it is cancelling); replays go to the archive's own bus only."""
import datetime
import json
import time

import pytest

from cp_support import unique
from events_support import client_error, code_of


def test_archive_lifecycle(ev, ev_tenant):
    c = ev.client(ev_tenant)
    bus = ev.arn(ev_tenant.account, "event-bus/default")
    name = unique("arch")
    pattern = json.dumps({"source": ["aws.codeartifact"]})
    created = ev.aws("create-archive", "--archive-name", name, "--event-source-arn", bus, "--event-pattern", pattern,
                     "--retention-days", "7", "--description", "package events", creds=ev_tenant)
    assert created["ArchiveArn"] == ev.arn(ev_tenant.account, f"archive/{name}") and created["State"] == "ENABLED"
    described = c.describe_archive(ArchiveName=name)
    assert (described["ArchiveArn"], described["EventSourceArn"], described["EventPattern"], described["RetentionDays"],
            described["Description"], described["EventCount"], described["SizeBytes"], described["State"]) == (
        created["ArchiveArn"], bus, pattern, 7, "package events", 0, 0, "ENABLED")
    c.update_archive(ArchiveName=name, RetentionDays=30)
    described = c.describe_archive(ArchiveName=name)
    assert (described["RetentionDays"], described["EventPattern"], described["Description"]) == (30, pattern, "package events")
    e = client_error(c.update_archive, ArchiveName=name, EventPattern='{"source": "x"}')
    assert code_of(e) == "InvalidEventPatternException"
    e = client_error(c.create_archive, ArchiveName=name, EventSourceArn=bus)
    assert code_of(e) == "ResourceAlreadyExistsException"
    other = c.create_archive(ArchiveName=unique("arch"), EventSourceArn=bus)["ArchiveArn"]
    assert c.describe_archive(ArchiveName=other.split("/")[-1])["RetentionDays"] == 0
    listed = c.list_archives(EventSourceArn=bus, Limit=1)
    rest = c.list_archives(EventSourceArn=bus, Limit=1, NextToken=listed["NextToken"])
    assert sorted(a["ArchiveName"] for a in listed["Archives"] + rest["Archives"]) == sorted([name, other.split("/")[-1]])
    assert c.list_archives(NamePrefix=name)["Archives"][0]["EventSourceArn"] == bus
    assert c.list_archives(State="DISABLED")["Archives"] == []
    c.delete_archive(ArchiveName=name)
    assert code_of(client_error(c.describe_archive, ArchiveName=name)) == "ResourceNotFoundException"


@pytest.mark.parametrize("source,code", [
    ("arn:aws:events:{region}:{account}:event-bus/custom", "ResourceNotFoundException"),
    ("arn:aws:events:{region}:111122223333:event-bus/default", "ValidationException"),
    ("default", "ValidationException"),
])
def test_an_archive_is_of_an_existing_bus_of_the_account(ev, ev_tenant, source, code):
    c = ev.client(ev_tenant)
    arn = source.format(region=ev.region, account=ev_tenant.account)
    assert code_of(client_error(c.create_archive, ArchiveName=unique("a"), EventSourceArn=arn)) == code
    assert c.list_archives()["Archives"] == []


def test_replays(ev, ev_tenant):
    c = ev.client(ev_tenant)
    bus = ev.arn(ev_tenant.account, "event-bus/default")
    archive = c.create_archive(ArchiveName=unique("arch"), EventSourceArn=bus)["ArchiveArn"]
    c.put_rule(Name="r1", EventPattern=json.dumps({"source": ["my.app"]}))
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    end = start + datetime.timedelta(hours=2)
    name = unique("replay")
    started = ev.aws("start-replay", "--replay-name", name, "--event-source-arn", archive, "--event-start-time",
                     start.isoformat(), "--event-end-time", end.isoformat(), "--destination",
                     json.dumps({"Arn": bus, "FilterArns": [ev.arn(ev_tenant.account, "rule/r1")]}), creds=ev_tenant)
    assert started["ReplayArn"] == ev.arn(ev_tenant.account, f"replay/{name}") and started["State"] == "STARTING"
    # The dispatcher runs it (the archive holds nothing in that window): COMPLETED soon after.
    deadline = time.time() + 30
    while (described := c.describe_replay(ReplayName=name))["State"] == "STARTING":
        assert time.time() < deadline, "the dispatcher did not run the replay"
        time.sleep(0.2)
    assert (described["ReplayArn"], described["EventSourceArn"], described["State"], described["EventStartTime"],
            described["EventEndTime"], described["Destination"]) == (
        started["ReplayArn"], archive, "COMPLETED", start, end, {"Arn": bus, "FilterArns": [ev.arn(ev_tenant.account, "rule/r1")]})
    assert "ReplayEndTime" in described
    row = ev.sql(f"SELECT state, archive_name, destination_bus FROM event_replays WHERE name = '{name}'")
    assert row == [["COMPLETED", archive.split("/")[-1], "default"]]
    assert [r["ReplayName"] for r in c.list_replays(State="COMPLETED")["Replays"]] == [name]
    assert c.list_replays(State="STARTING")["Replays"] == []
    assert [r["ReplayName"] for r in c.list_replays(EventSourceArn=archive)["Replays"]] == [name]
    e = client_error(c.start_replay, ReplayName=name, EventSourceArn=archive, EventStartTime=start, EventEndTime=end,
                     Destination={"Arn": bus})
    assert code_of(e) == "ResourceAlreadyExistsException"
    # A replay that ended cannot be cancelled.
    assert code_of(client_error(c.cancel_replay, ReplayName=name)) == "IllegalStatusException"
    assert code_of(client_error(c.cancel_replay, ReplayName="no-such")) == "ResourceNotFoundException"


@pytest.mark.parametrize("change,code", [
    ({"EventEndTime": datetime.datetime(2025, 12, 31, tzinfo=datetime.timezone.utc)}, "ValidationException"),
    ({"Destination": {"Arn": "arn:aws:events:{region}:{account}:event-bus/other"}}, "ValidationException"),
    ({"Destination": {"Arn": "{bus}", "FilterArns": ["arn:aws:lambda:{region}:{account}:function:f"]}}, "ValidationException"),
    ({"EventSourceArn": "arn:aws:events:{region}:{account}:archive/none"}, "ResourceNotFoundException"),
    ({"EventSourceArn": "arn:aws:events:{region}:111122223333:archive/x"}, "ValidationException"),
])
def test_replay_refusals(ev, ev_tenant, change, code):
    c = ev.client(ev_tenant)
    bus = ev.arn(ev_tenant.account, "event-bus/default")
    archive = c.create_archive(ArchiveName=unique("arch"), EventSourceArn=bus)["ArchiveArn"]
    fill = lambda v: json.loads(json.dumps(v).replace("{region}", ev.region).replace("{account}", ev_tenant.account)
                                .replace("{bus}", bus)) if isinstance(v, (dict, str)) else v
    kw = {"ReplayName": unique("rp"), "EventSourceArn": archive,
          "EventStartTime": datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc),
          "EventEndTime": datetime.datetime(2026, 1, 2, tzinfo=datetime.timezone.utc), "Destination": {"Arn": bus}}
    kw |= {k: fill(v) for k, v in change.items()}
    assert code_of(client_error(c.start_replay, **kw)) == code
    assert c.list_replays()["Replays"] == []
