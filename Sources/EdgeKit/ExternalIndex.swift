import GranaryCore
import HTTP

/// A package's index document from the external connection of a chain (a PyPI project page, an
/// npm packument), as every format asks for it.
public enum ExternalIndex {
    public struct Found {
        public let holder: Repository
        public let document: ExternalDocument
    }

    /// `find` for what a listing names (`ListedPackage`: the document's path and Accept).
    public static func find(_ view: PackageChainView, _ listed: ListedPackage, _ service: PackageService, _ access: ExternalAccess) throws
        -> Found?
    {
        try find(view, listed.coordinate, service, access, accept: listed.externalAccept) { $0 + listed.externalPath }
    }

    /// nil when the chain has no usable connection or the registry does not have the package. A
    /// registry that cannot be asked, with nothing cached, is a 502 when the chain has nothing
    /// else to offer, and is passed over when it has.
    public static func find(
        _ view: PackageChainView, _ coordinate: PackageCoordinate, _ service: PackageService, _ access: ExternalAccess, accept: String,
        url: (String) -> String
    ) throws -> Found? {
        guard let (holder, connection) = view.connection, let base = try access.baseURL(of: connection, owner: holder.domainOwner) else {
            return nil
        }
        do {
            return try service.externalDocument(access, holder: holder, coordinate, url: url(base), accept: accept)
                .map { Found(holder: holder, document: $0) }
        } catch let failure as UpstreamFailure {
            guard view.holders.isEmpty else { return nil }
            throw ProtocolFailure.upstream(failure, connection: connection.name)
        }
    }
}
