/// What answered a package-protocol request, as a worker thread remembers it to answer the same
/// request again (`ListingMemo`): a rendered listing page, or a downloaded file's blob.
public enum RememberedAnswer: Sendable, Equatable {
    case page(RenderedPage)
    case file(RememberedFile)
}
