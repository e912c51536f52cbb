import HTTP

/// The first check of every control-plane request, before its body is read or its signature
/// verified: the query string must mean one thing.
///
/// - A repeated parameter is refused (400 ValidationException naming it). SigV4's canonical query
///   sorts by name and then value, so `?domain=a&domain=b` and `?domain=b&domain=a` share one
///   signature: whichever value a handler took, an attacker holding a signed request could swap
///   it. botocore never repeats a key for a CodeArtifact operation; a route whose parameter is a
///   list (the policy templates' `principal`) names it in `repeatable` and reads it with
///   `Query.values`, whose order the handler must not depend on. (`Query`'s subscript answers nil
///   for a repeated name anyway, so no handler can read "the first".)
/// - A name or value whose `%` escapes are malformed or whose bytes are not UTF-8 is refused: the
///   handlers would read it as sent while the signature covers a decoding of it.
///
/// A 400 rather than a 403: the signature may well be valid; the request is not a well-formed
/// call, and botocore raises ValidationException with the reason.
enum UnambiguousQuery {
    static func check(_ query: Query, repeatable: Set<String> = []) throws {
        if query.hasUndecodablePiece {
            throw APIError.validation("The query string has a malformed percent-encoding or is not UTF-8.")
        }
        var seen = Set<String>()
        for item in query.items where !repeatable.contains(item.name) && !seen.insert(item.name).inserted {
            throw APIError.validation("The query parameter \(item.name) is given more than once.")
        }
    }
}
