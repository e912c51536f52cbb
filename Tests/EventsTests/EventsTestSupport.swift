import FormatKit
import Testing

@testable import Events

/// Whether `pattern` (valid) matches `event` (JSON text).
func matches(_ pattern: String, _ event: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
    do {
        return try EventPattern(parsing: pattern).matches(try OrderedJSON.parse(event))
    } catch {
        Issue.record("unexpected failure: \(error)", sourceLocation: sourceLocation)
        return false
    }
}

/// The message EventPattern refuses `pattern` with, or nil when it accepts it.
func refusal(_ pattern: String) -> String? {
    do {
        _ = try EventPattern(parsing: pattern)
        return nil
    } catch {
        return error.message
    }
}

/// `reason` as EventBridge's InvalidEventPatternException words it.
func invalid(_ reason: String) -> String {
    "Event pattern is not valid. Reason: \(reason)"
}

/// The EC2 state-change event of EventBridge's documentation (event patterns page).
let ec2StateChange = #"""
    {
      "version": "0",
      "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
      "detail-type": "EC2 Instance State-change Notification",
      "source": "aws.ec2",
      "account": "111122223333",
      "time": "2017-12-22T18:43:48Z",
      "region": "us-west-1",
      "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
      "detail": {"instance-id": "i-1234567890abcdef0", "state": "terminated"}
    }
    """#

/// The event of Event Ruler's README that EventBridge's content-filtering examples use.
let rulerExample = #"""
    {
      "version": "0",
      "id": "ddddd4-aaaa-7777-4444-345dd43cc333",
      "detail-type": "EC2 Instance State-change Notification",
      "source": "aws.ec2",
      "account": "012345679012",
      "time": "2017-10-02T16:24:49Z",
      "region": "us-east-1",
      "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000"],
      "detail": {
        "c-count": 5,
        "d-count": 3,
        "x-limit": 301.8,
        "source-ip": "10.0.0.33",
        "instance-id": "i-000000aaaaaa00000",
        "state": "running"
      }
    }
    """#
