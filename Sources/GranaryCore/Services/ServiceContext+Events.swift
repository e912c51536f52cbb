/// The one door for the EventBridge API: `events:<Action>` through the same Authorizer, with
/// the same rule — find the stored row, authorize the ARN built from it (the name as spelled
/// when there is none).
extension ServiceContext {
    public func authorize(_ action: EventsAction, arn: String, owner: String) throws {
        try authorize(qualified: action.qualified, arn: arn, owner: owner, keys: [:])
    }

    public func authorizeResolved<Row>(_ action: EventsAction, owner: String, find: () throws -> Row?, arn: (Row?) -> String) throws
        -> Row?
    {
        try authorizeResolved(qualified: action.qualified, owner: owner, keys: [:], find: find, arn: arn)
    }
}
