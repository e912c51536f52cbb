import FoundationEssentials
import GranaryCrypto

/// A package-version change, shaped like CodeArtifact's EventBridge event
/// ("CodeArtifact Package Version State Change" from "aws.codeartifact").
public struct PackageVersionEvent: Sendable {
    public enum Operation: String, Sendable {
        case created = "Created"
        case updated = "Updated"
        case deleted = "Deleted"
    }

    public struct Changes: Sendable, Encodable {
        public var assetsAdded = 0
        public var assetsRemoved = 0
        public var assetsUpdated = 0
        public var metadataUpdated = false
        public var statusChanged = false

        public init(assetsAdded: Int = 0, assetsRemoved: Int = 0, metadataUpdated: Bool = false, statusChanged: Bool = false) {
            self.assetsAdded = assetsAdded
            self.assetsRemoved = assetsRemoved
            self.metadataUpdated = metadataUpdated
            self.statusChanged = statusChanged
        }
    }

    public static let detailType = "CodeArtifact Package Version State Change"

    public let id: String
    public let domainId: Int64
    public let region: String
    public let repository: Repository
    public let coordinate: PackageCoordinate
    public let version: String
    public let state: PackageVersionStatus
    public let revision: String
    public let operation: Operation
    public let changes: Changes
    public let time: Date

    public init(
        region: String, repository: Repository, coordinate: PackageCoordinate, version: String, state: PackageVersionStatus,
        revision: String, operation: Operation, changes: Changes, time: Date = Date()
    ) {
        self.id = Identifiers.newUUID()
        self.domainId = repository.domainId
        self.region = region
        self.repository = repository
        self.coordinate = coordinate
        self.version = version
        self.state = state
        self.revision = revision
        self.operation = operation
        self.changes = changes
        self.time = time
    }

    struct Envelope: Encodable {
        let version = "0"
        let id: String
        let detailType: String
        let source = "aws.codeartifact"
        let account: String
        let time: String
        let region: String
        let resources: [String]
        let detail: Detail

        enum CodingKeys: String, CodingKey {
            case version, id, detailType = "detail-type", source, account, time, region, resources, detail
        }
    }

    struct Detail: Encodable {
        let domainOwner: String
        let domainName: String
        let repositoryName: String
        let repositoryAdministrator: String
        let packageFormat: String
        let packageNamespace: String?
        let packageName: String
        let packageVersion: String
        let packageVersionState: String
        let packageVersionRevision: String
        let changes: Changes
        let operationType: String
        let sequenceNumber: Int64
        let eventDeduplicationId: String

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(domainOwner, forKey: .domainOwner)
            try container.encode(domainName, forKey: .domainName)
            try container.encode(repositoryName, forKey: .repositoryName)
            try container.encode(repositoryAdministrator, forKey: .repositoryAdministrator)
            try container.encode(packageFormat, forKey: .packageFormat)
            try container.encode(packageNamespace, forKey: .packageNamespace)  // null when absent, as CodeArtifact writes it
            try container.encode(packageName, forKey: .packageName)
            try container.encode(packageVersion, forKey: .packageVersion)
            try container.encode(packageVersionState, forKey: .packageVersionState)
            try container.encode(packageVersionRevision, forKey: .packageVersionRevision)
            try container.encode(changes, forKey: .changes)
            try container.encode(operationType, forKey: .operationType)
            try container.encode(sequenceNumber, forKey: .sequenceNumber)
            try container.encode(eventDeduplicationId, forKey: .eventDeduplicationId)
        }

        enum Keys: String, CodingKey {
            case domainOwner, domainName, repositoryName, repositoryAdministrator, packageFormat, packageNamespace, packageName
            case packageVersion, packageVersionState, packageVersionRevision, changes, operationType, sequenceNumber, eventDeduplicationId
        }
    }

    /// The ARN of the package, the event's one resource.
    public var packageArn: String { coordinate.arn(region: region, repository: repository) }

    /// The whole EventBridge-shaped event as JSON text; `sequenceNumber` is the package's event
    /// count (CodeArtifact's detail.sequenceNumber: it grows with every event of the package).
    public func json(sequenceNumber: Int64) throws -> String {
        let envelope = Envelope(
            id: id, detailType: Self.detailType, account: repository.domainOwner, time: Self.timestamp(time), region: region,
            resources: [packageArn],
            detail: Detail(
                domainOwner: repository.domainOwner, domainName: repository.domainName, repositoryName: repository.name,
                repositoryAdministrator: repository.administratorAccount, packageFormat: coordinate.format.rawValue,
                packageNamespace: coordinate.namespace, packageName: coordinate.name, packageVersion: version,
                packageVersionState: state.rawValue, packageVersionRevision: revision, changes: changes,
                operationType: operation.rawValue, sequenceNumber: sequenceNumber, eventDeduplicationId: id))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(envelope), as: UTF8.self)
    }

    static func timestamp(_ date: Date) -> String { Timestamps.iso8601Seconds(date) }
}
