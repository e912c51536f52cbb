/// A download's answer as a worker thread remembers it (`ListingMemo.files`): the blob a request
/// for this file with these credentials got, and where nginx reads it. Only blobs nginx sends
/// itself (X-Accel-Redirect) are remembered; what the worker streams is answered afresh.
public struct RememberedFile: Sendable, Equatable {
    public let blob: BlobRecord
    public let fileName: String
    /// The path under nginx's internal blob location.
    public let internalPath: String

    public init(blob: BlobRecord, fileName: String, internalPath: String) {
        self.blob = blob
        self.fileName = fileName
        self.internalPath = internalPath
    }
}
