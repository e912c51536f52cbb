import EdgeKit
import GranaryCore
import HTTP

/// What every NuGet route needs from its request: the endpoint, the token's services, the
/// package an id names and the version a path names.
enum NuGetRequest {
    static let apiKeyHeader = "X-NuGet-ApiKey"

    static func endpoint(_ request: Request) throws -> RepositoryEndpoint { try RepositoryEndpoint(request, format: .nuget) }

    /// The token from Authorization (Basic `aws:TOKEN`, as nuget.config credentials send it) or
    /// from the API key header (`nuget push -ApiKey TOKEN`).
    static func services<Context: PackageProtocolContext>(_ request: Request, _ context: Context, _ target: RepositoryEndpoint) throws -> ServiceContext {
        try context.services(for: request, domain: target.domain, tokenHeader: apiKeyHeader)
    }

    /// Any spelling of an id: NuGet ids are case-insensitive, stored lower-cased with the
    /// first-pushed spelling kept for display.
    static func coordinate(_ id: String) throws -> PackageCoordinate {
        guard NuSpec.isValidId(id) else {
            throw ProtocolFailure(status: .notFound, message: "'\(id.prefix(120))' is not a NuGet package id.")
        }
        return PackageCoordinate(format: .nuget, namespace: nil, name: id)
    }

    /// A version as a path spells it, as stored (`NuGetVersion.key`: `1.0` and `1.0.0.0` are `1.0.0`).
    static func version(_ text: String) throws -> String {
        guard let version = NuGetVersion.parse(text) else {
            throw ProtocolFailure(status: .notFound, message: "'\(text.prefix(120))' is not a NuGet version.")
        }
        return version.key
    }
}

/// File names in the flat container: `{id}.{version}.nupkg` (`.snupkg` for symbols) and
/// `{id}.nuspec`, lower-cased as PackageBaseAddress/3.0.0 addresses them.
enum NuGetFiles {
    static func packageFileName(id: String, version: String, symbols: Bool = false) -> String {
        "\(id.lowercased()).\(version.lowercased()).\(symbols ? "snupkg" : "nupkg")"
    }
}
