import FoundationEssentials

/// Structural checks of an IAM-style resource policy, applied before one is stored. (Evaluation
/// is the policy engine's.)
public enum PolicyDocument {
    public static let maximumLength = 7168
    static let versions: Set<String> = ["2012-10-17", "2008-10-17"]
    static let statementKeys: Set<String> = [
        "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition",
    ]

    /// Throws ValidationException naming the first problem.
    public static func validateResourcePolicy(_ text: String) throws {
        guard (1...maximumLength).contains(text.utf8.count) else {
            throw invalid("the document must be 1 to \(maximumLength) bytes")
        }
        let document: JSONValue
        do {
            document = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            throw invalid("the document is not valid JSON")
        }
        guard case .object(let fields) = document else { throw invalid("the document must be a JSON object") }
        if let version = fields["Version"] {
            guard let text = version.stringValue, versions.contains(text) else {
                throw invalid("Version must be 2012-10-17 or 2008-10-17")
            }
        }
        let statements: [JSONValue]
        switch fields["Statement"] {
        case .object?: statements = [fields["Statement"]!]
        case .array(let items)? where !items.isEmpty: statements = items
        default: throw invalid("Statement must be an object or a non-empty array")
        }
        for (index, statement) in statements.enumerated() {
            try validate(statement, index: index)
        }
    }

    static func validate(_ statement: JSONValue, index: Int) throws {
        guard case .object(let fields) = statement else { throw invalid("Statement[\(index)] must be an object") }
        if let unknown = fields.keys.first(where: { !statementKeys.contains($0) }) {
            throw invalid("Statement[\(index)] has an unknown element \(unknown)")
        }
        guard let effect = fields["Effect"]?.stringValue, effect == "Allow" || effect == "Deny" else {
            throw invalid("Statement[\(index)].Effect must be Allow or Deny")
        }
        guard (fields["Action"] == nil) != (fields["NotAction"] == nil) else {
            throw invalid("Statement[\(index)] needs exactly one of Action and NotAction")
        }
        guard (fields["Action"] ?? fields["NotAction"])?.stringList != nil else {
            throw invalid("Statement[\(index)] actions must be a string or a list of strings")
        }
        guard (fields["Principal"] == nil) != (fields["NotPrincipal"] == nil) else {
            throw invalid("Statement[\(index)] of a resource policy needs exactly one of Principal and NotPrincipal")
        }
        try validatePrincipal(fields["Principal"] ?? fields["NotPrincipal"]!, index: index)
        if fields["Resource"] != nil && fields["NotResource"] != nil {
            throw invalid("Statement[\(index)] may not have both Resource and NotResource")
        }
        if let resource = fields["Resource"] ?? fields["NotResource"], resource.stringList == nil {
            throw invalid("Statement[\(index)] resources must be a string or a list of strings")
        }
        if let condition = fields["Condition"] {
            guard case .object(let operators) = condition else { throw invalid("Statement[\(index)].Condition must be an object") }
            for (name, block) in operators {
                guard case .object = block else { throw invalid("Statement[\(index)].Condition.\(name) must be an object") }
            }
        }
    }

    static func validatePrincipal(_ principal: JSONValue, index: Int) throws {
        if principal.stringValue == "*" { return }
        guard case .object(let kinds) = principal, !kinds.isEmpty else {
            throw invalid("Statement[\(index)].Principal must be \"*\" or an object such as {\"AWS\": …}")
        }
        for (kind, value) in kinds {
            guard kind == "AWS" else { throw invalid("Statement[\(index)].Principal supports only AWS principals, not \(kind)") }
            guard value.stringList != nil else { throw invalid("Statement[\(index)].Principal.AWS must be a string or a list") }
        }
    }

    static func invalid(_ problem: String) -> ServiceError {
        ServiceError.validation("Invalid policy document: \(problem).")
    }
}
