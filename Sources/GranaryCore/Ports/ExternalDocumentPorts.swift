/// The cached answers of external connections (sql/0009), one per package and repository.
public protocol ExternalDocumentStore {
    /// Without `withBody` the body is left empty (checking freshness needs only the rest).
    func document(repositoryId: Int64, _ coordinate: PackageCoordinate, withBody: Bool) throws -> ExternalDocument?
    /// Writes a fetched answer; the stamp grows when the body or status changed.
    func saveDocument(repositoryId: Int64, _ coordinate: PackageCoordinate, _ document: ExternalDocument) throws
    /// The upstream confirmed the cached answer (a 304): only the check time moves.
    func touchDocument(repositoryId: Int64, _ coordinate: PackageCoordinate) throws
}

/// One cached answer of a registry.
public struct ExternalDocument: Sendable, Equatable {
    public var url: String
    /// 200, or 404 (the negative cache).
    public var status: Int
    public var etag: String?
    public var lastModified: String?
    public var body: [UInt8]
    public var stamp: Int64
    /// Epoch seconds.
    public var checkedAt: Double

    public init(url: String, status: Int, etag: String?, lastModified: String?, body: [UInt8], stamp: Int64 = 0, checkedAt: Double = 0) {
        self.url = url
        self.status = status
        self.etag = etag
        self.lastModified = lastModified
        self.body = body
        self.stamp = stamp
        self.checkedAt = checkedAt
    }
}
