import GranaryCore
import HTTP

/// A package's index document from the external connection of a chain (a PyPI project page, an
/// npm packument), as every format asks for it.
public enum ExternalIndex {
    public struct Found {
        public let holder: Repository
        public let document: ExternalDocument
    }

    /// The document of what `listed` names (its path after the connection's base URL, its
    /// Accept); nil when the chain has no usable connection or the registry does not have the
    /// package. A registry that cannot be asked, with nothing cached, is a 502 when the chain has
    /// nothing else to offer, and is passed over when it has.
    public static func find(_ view: PackageChainView, _ listed: ListedPackage, _ service: PackageService, _ access: ExternalAccess) throws
        -> Found?
    {
        guard let (holder, connection) = view.connection, let base = try access.baseURL(of: connection, owner: holder.domainOwner) else {
            return nil
        }
        do {
            return try service.externalDocument(
                access, holder: holder, listed.coordinate, url: base + listed.externalPath, accept: listed.externalAccept
            ).map { Found(holder: holder, document: $0) }
        } catch let failure as UpstreamFailure {
            guard view.holders.isEmpty else { return nil }
            throw ProtocolFailure.upstream(failure, connection: connection.name)
        }
    }
}
