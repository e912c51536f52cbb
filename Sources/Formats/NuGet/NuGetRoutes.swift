import EdgeKit
import GranaryCore
import HTTP

/// NuGet repositories under `/d/{domain}-{owner}/nuget/{repository}/`, the NuGet v3 server API
/// from its service index at `v3/index.json` (`NuGetServiceIndex` lists every resource):
///
/// - `GET v3/flatcontainer/{id}/index.json`, `…/{id}/{version}/{id}.{version}.nupkg`,
///   `…/{id}.nuspec` (PackageBaseAddress/3.0.0, `NuGetReads`);
/// - `GET v3/registration[-semver2]/{id}/index.json`, pages and leaves (RegistrationsBaseUrl);
/// - `GET v3/query`, `v3/autocomplete` (`NuGetSearch`);
/// - `PUT v3/package` push, `DELETE`/`POST v3/package/{id}/{version}` unlist/relist,
///   `PUT v3/symbolpackage` (`NuGetPush`).
///
/// Errors are plain text with the message as the status line's reason phrase (what nuget and
/// dotnet print) and a Basic challenge on 401 (nuget sends its credentials only after one).
public enum NuGetRoutes {
    public static func register<Context: PackageProtocolContext>(into router: inout Router<Context>) {
        let path = "/d/:domain/nuget/:repository/*path"
        let routeClass = PackageFormat.nuget.routeClass
        router.add("GET", path, routeClass: routeClass) { request, context in
            try ProtocolFailure.rendering(PlainTextFailure.init) {
                if let v2 = v2Path(request) { return try NuGetV2Feed.get(request, context, v2) }
                return try NuGetReads.get(request, context)
            }
        }
        router.add("PUT", path, routeClass: routeClass) { request, context in
            try ProtocolFailure.rendering(PlainTextFailure.init) {
                switch (NuGetPath(request.parameters["path"] ?? ""), v2Path(request)) {
                case (.publish?, _), (_, .push?), (_, .serviceDocument?): return try NuGetPush.push(&request, context)
                case (.symbolPublish?, _): return try NuGetPush.push(&request, context, symbols: true)
                default: return try refused(request, context, "Push with PUT to the service index's PackagePublish resource (v3/package) or to v2/.")
                }
            }
        }
        for (method, listed) in [("DELETE", false), ("POST", true)] {
            router.add(method, path, routeClass: routeClass) { request, context in
                try ProtocolFailure.rendering(PlainTextFailure.init) {
                    switch (NuGetPath(request.parameters["path"] ?? ""), v2Path(request)) {
                    case (.publishedVersion(let id, let version)?, _):
                        return try NuGetPush.setListed(request, context, id: id, version: version, listed: listed)
                    case (_, .package(let id, let version)?) where !listed:  // `nuget delete`
                        return try NuGetPush.setListed(request, context, id: id, version: version, listed: false)
                    default:
                        return try refused(request, context, "\(method) applies to v3/package/{id}/{version} only.")
                    }
                }
            }
        }
    }

    /// The v2 feed's resource a `v2/…` path names (nil: not under v2, or nothing there).
    static func v2Path(_ request: Request) -> NuGetV2Path? {
        let segments = (request.parameters["path"] ?? "").split(separator: "/").map(String.init)
        guard segments.first == "v2" else { return nil }
        return NuGetV2Path(segments.dropFirst())
    }

    /// A write to a path that takes none: 405 for a caller who could publish here, 403 (as every
    /// write) for one who could not, after the token is checked.
    private static func refused<Context: PackageProtocolContext>(_ request: Request, _ context: Context, _ message: String) throws -> Response {
        let target = try NuGetRequest.endpoint(request)
        let services = try NuGetRequest.services(request, context, target)
        try services.authorizeAnyPackage(.publishPackageVersion, target.domain.reference, repository: target.repository, format: .nuget)
        throw ProtocolFailure(status: .methodNotAllowed, message: message)
    }
}
