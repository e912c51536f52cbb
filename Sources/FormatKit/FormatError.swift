/// A problem with what a package client sent, of one kind from a format's own list (`Kind`), with
/// a message written for the person at the terminal: the clients print it (twine shows the
/// response reason, npm the `error` member). Each format names its kinds and spells its error as
/// a specialization (`NpmError`, `PyPIError`; FormatKit's readers have `MultipartError`,
/// `ArchiveError`, `OrderedJSONError`, `SemVerError`, `Base64Error`), so a route can choose the
/// status by kind and a parser can only throw its own list.
public struct FormatError<K: Sendable & Equatable>: Error, Sendable, Equatable, CustomStringConvertible {
    /// The format's list of kinds (`NpmError.Kind` is `NpmErrorKind`).
    public typealias Kind = K

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
