/// Per worker thread: which rendered page answered a listing request (repository, package, form,
/// registry URL), kept while neither change counter moves — no package changed anywhere, nothing
/// that authorization or the upstream chain reads changed. A request that finds its answer here
/// skips the package lookup; it is still authenticated and authorized like any other. Listings
/// that involve an external connection are not remembered (their freshness is a TTL, not a
/// counter). An entry also lapses after `lifetime` seconds, so the page file is touched through
/// `RenderedPages` now and then and never swept from under a remembered answer.
///
/// It also remembers whole answers: the page that answered a request with given credentials,
/// path and form, when authorizing it read nothing but the token and cached, context-free
/// decisions. The same request again, while both counters stand and before the token expires,
/// gets the same page without being decoded, authenticated or authorized again: every input of
/// that answer is in the key or behind the counters. Downloads are remembered the same way: the
/// blob that answered a file request with given credentials, path and query — a version's
/// status, its assets, the policies and the token are all behind the two counters, so an
/// Archived, deleted or denied file is refused by the next request on every thread.
public final class ListingMemo {
    private var counters = (access: Int64(-1), listings: Int64(-1))
    private var pages: [String: (page: RenderedPage, until: Double)] = [:]
    private var answers: [String: (answer: RememberedAnswer, until: Double)] = [:]
    static let capacity = 5_000
    static let lifetime = 600.0

    public init() {}

    public func validate(access: Int64, listings: Int64) {
        guard access != counters.access || listings != counters.listings else { return }
        pages.removeAll(keepingCapacity: true)
        answers.removeAll(keepingCapacity: true)
        counters = (access, listings)
    }

    public func page(_ key: String, now: Double) -> RenderedPage? {
        guard let entry = pages[key], now < entry.until else { return nil }
        return entry.page
    }

    public func remember(_ key: String, _ page: RenderedPage, now: Double) {
        if pages.count >= Self.capacity { pages.removeAll(keepingCapacity: true) }
        pages[key] = (page, now + Self.lifetime)
    }

    /// The answer remembered for this exact request (see the type's note), if still valid at `now`.
    public func answer(_ key: String, now: Double) -> RememberedAnswer? {
        guard let entry = answers[key], now < entry.until else { return nil }
        return entry.answer
    }

    /// `until`: the token's expiry, or sooner.
    public func rememberAnswer(_ key: String, _ answer: RememberedAnswer, until: Double, now: Double) {
        if answers.count >= Self.capacity { answers.removeAll(keepingCapacity: true) }
        answers[key] = (answer, min(until, now + Self.lifetime))
    }
}
