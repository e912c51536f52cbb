import FoundationEssentials

/// Turns policy JSON into a `Policy`, rejecting what IAM rejects: unknown elements, a bad Version
/// or Effect, Action with NotAction, a principal in an identity policy or none in a resource
/// policy, malformed principals, actions, resources, condition operators and values.
struct PolicyParser {
    let kind: Policy.Kind

    static let topLevelKeys: Set<String> = ["Version", "Id", "Statement"]
    static let statementKeys: Set<String> = [
        "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition",
    ]

    func parse(_ text: String) throws(ServiceError) -> Policy {
        let document: JSONValue
        do {
            document = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            throw Self.invalid("the document is not valid JSON")
        }
        guard case .object(let fields) = document else { throw Self.invalid("the document must be a JSON object") }
        if let unknown = fields.keys.sorted().first(where: { !Self.topLevelKeys.contains($0) }) {
            throw Self.invalid("unknown element \(unknown)")
        }
        var version = Policy.Version.v2008
        if let value = fields["Version"] {
            guard let text = value.stringValue, let parsed = Policy.Version(rawValue: text) else {
                throw Self.invalid("Version must be \"2012-10-17\" or \"2008-10-17\"")
            }
            version = parsed
        }
        if let id = fields["Id"], id.stringValue == nil { throw Self.invalid("Id must be a string") }
        let rawStatements: [JSONValue]
        switch fields["Statement"] {
        case .object?: rawStatements = [fields["Statement"] ?? .null]
        case .array(let items)? where !items.isEmpty: rawStatements = items
        case nil: throw Self.invalid("the Statement element is missing")
        default: throw Self.invalid("Statement must be an object or a non-empty array of objects")
        }
        var statements: [PolicyStatement] = []
        var sids: Set<String> = []
        for (index, raw) in rawStatements.enumerated() {
            let statement: PolicyStatement
            do {
                statement = try self.statement(raw, variables: version == .v2012)
            } catch {
                throw Self.invalid("Statement[\(index)]: \(error.message)")
            }
            if let sid = statement.sid, !sids.insert(sid).inserted {
                throw Self.invalid("Statement[\(index)]: the Sid \"\(sid)\" is not unique in the policy")
            }
            statements.append(statement)
        }
        return Policy(kind: kind, version: version, id: fields["Id"]?.stringValue, statements: statements)
    }

    private func statement(_ raw: JSONValue, variables: Bool) throws(PolicyTextError) -> PolicyStatement {
        guard case .object(let fields) = raw else { throw PolicyTextError(message: "a statement must be a JSON object") }
        if let unknown = fields.keys.sorted().first(where: { !Self.statementKeys.contains($0) }) {
            throw PolicyTextError(message: "unknown element \(unknown)")
        }
        var sid: String?
        if let value = fields["Sid"] {
            guard let text = value.stringValue else { throw PolicyTextError(message: "Sid must be a string") }
            if kind == .identity, !text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
                throw PolicyTextError(message: "the Sid \"\(text)\" must be alphanumeric")
            }
            sid = text
        }
        guard let effectText = fields["Effect"]?.stringValue, let effect = PolicyStatement.Effect(rawValue: effectText) else {
            throw PolicyTextError(message: "Effect must be \"Allow\" or \"Deny\"")
        }
        return PolicyStatement(
            sid: sid, effect: effect, principals: try principals(fields), actions: try actions(fields),
            resources: try resources(fields, variables: variables), conditions: try conditions(fields["Condition"], variables: variables))
    }

    private func principals(_ fields: [String: JSONValue]) throws(PolicyTextError) -> PolicyStatement.Clause<PrincipalPattern>? {
        let principal = fields["Principal"]
        let notPrincipal = fields["NotPrincipal"]
        if kind == .identity {
            guard principal == nil, notPrincipal == nil else {
                throw PolicyTextError(message: "an identity policy must not specify a Principal or NotPrincipal")
            }
            return nil
        }
        switch (principal, notPrincipal) {
        case (let element?, nil): return .init(values: try PrincipalPattern.parseElement(element, name: "Principal"), negated: false)
        case (nil, let element?): return .init(values: try PrincipalPattern.parseElement(element, name: "NotPrincipal"), negated: true)
        case (nil, nil): throw PolicyTextError(message: "a resource policy statement needs a Principal or NotPrincipal")
        case (_?, _?): throw PolicyTextError(message: "Principal and NotPrincipal may not both be present")
        }
    }

    private func actions(_ fields: [String: JSONValue]) throws(PolicyTextError) -> PolicyStatement.Clause<String> {
        let (element, negated, name): (JSONValue, Bool, String)
        switch (fields["Action"], fields["NotAction"]) {
        case (let value?, nil): (element, negated, name) = (value, false, "Action")
        case (nil, let value?): (element, negated, name) = (value, true, "NotAction")
        case (nil, nil): throw PolicyTextError(message: "an Action or NotAction element is required")
        case (_?, _?): throw PolicyTextError(message: "Action and NotAction may not both be present")
        }
        guard let list = element.stringList else {
            throw PolicyTextError(message: "\(name) must be a string or a non-empty list of strings")
        }
        for action in list where !Self.isAction(action) {
            throw PolicyTextError(message: "\(name) \"\(action)\" must be \"*\" or service:Action, like codeartifact:ReadFromRepository")
        }
        return .init(values: list.map { $0.lowercased() }, negated: negated)
    }

    private func resources(_ fields: [String: JSONValue], variables: Bool) throws(PolicyTextError) -> PolicyStatement.Clause<PolicyText>? {
        let (element, negated, name): (JSONValue, Bool, String)
        switch (fields["Resource"], fields["NotResource"]) {
        case (let value?, nil): (element, negated, name) = (value, false, "Resource")
        case (nil, let value?): (element, negated, name) = (value, true, "NotResource")
        case (_?, _?): throw PolicyTextError(message: "Resource and NotResource may not both be present")
        case (nil, nil):
            if kind == .identity { throw PolicyTextError(message: "a Resource or NotResource element is required") }
            return nil
        }
        guard let list = element.stringList else {
            throw PolicyTextError(message: "\(name) must be a string or a non-empty list of strings")
        }
        var texts: [PolicyText] = []
        for resource in list {
            guard resource == "*" || (resource.hasPrefix("arn:") && resource.split(separator: ":", omittingEmptySubsequences: false).count >= 6)
            else {
                throw PolicyTextError(message: "\(name) \"\(resource)\" must be \"*\" or an ARN arn:partition:service:region:account:resource")
            }
            texts.append(try PolicyText(resource, variables: variables))
        }
        return .init(values: texts, negated: negated)
    }

    private func conditions(_ element: JSONValue?, variables: Bool) throws(PolicyTextError) -> [ConditionClause] {
        guard let element else { return [] }
        guard case .object(let operators) = element else { throw PolicyTextError(message: "Condition must be a JSON object") }
        var clauses: [ConditionClause] = []
        for (name, block) in operators.sorted(by: { $0.key < $1.key }) {
            guard let op = ConditionOperator(name: name) else {
                throw PolicyTextError(message: "unknown condition operator \(name)")
            }
            guard case .object(let keys) = block, !keys.isEmpty else {
                throw PolicyTextError(message: "Condition.\(name) must be a non-empty object of condition keys")
            }
            for (key, values) in keys.sorted(by: { $0.key < $1.key }) {
                clauses.append(try ConditionClause(operator: op, key: key, values: values, variables: variables))
            }
        }
        return clauses
    }

    /// `*`, or `service:pattern` with a plain service prefix and a non-empty action glob.
    static func isAction(_ text: String) -> Bool {
        if text == "*" { return true }
        let pieces = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard pieces.count == 2, !pieces[0].isEmpty, !pieces[1].isEmpty else { return false }
        return pieces[0].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            && pieces[1].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "*" || $0 == "?" || $0 == "-") }
    }

    static func invalid(_ problem: String) -> ServiceError {
        ServiceError.validation("Invalid policy document: \(problem).")
    }
}
