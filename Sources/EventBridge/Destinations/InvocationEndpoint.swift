import GranaryCore

/// An API destination's InvocationEndpoint: the model's HttpsEndpoint pattern, and an absolute
/// http or https URL with a host and no user info (EventBridge takes https only; Granary also
/// takes http, for receivers on the site's own network). Where it leads is checked again at
/// every delivery by the dispatcher's guard; this refuses what could never be a web address.
enum InvocationEndpoint {
    static let pattern = "^((%[0-9A-Fa-f]{2}|[-()_.!~*';/?:@\\x26=+$,A-Za-z0-9])+)([).!';/?:,])?$"

    static func validate(_ text: String, member: String = "InvocationEndpoint") throws -> String {
        try EventsValidation.length(text, member, 1...2048)
        let punctuation = "-()_.!~*';/?:@&=+$,%"
        guard text.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || punctuation.unicodeScalars.contains($0)) })
        else { throw EventsValidation.failure(text, member, "Member must satisfy regular expression pattern: \(pattern)") }
        let lower = text.lowercased()
        let scheme = lower.hasPrefix("https://") ? 8 : lower.hasPrefix("http://") ? 7 : 0
        let authority = text.dropFirst(scheme).prefix { $0 != "/" && $0 != "?" }
        guard scheme > 0, !authority.isEmpty, !authority.contains("@"), URLOrigin.of(text) != nil else {
            throw ServiceError.validation(
                "Parameter \(member) is not valid. Reason: \(text) must be an absolute http:// or https:// URL with a host and no user info.")
        }
        return text
    }
}
