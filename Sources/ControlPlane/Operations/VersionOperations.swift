import GranaryCore
import HTTP
import EdgeKit

/// ListPackageVersions, DescribePackageVersion, ListPackageVersionAssets, GetPackageVersionReadme,
/// ListPackageVersionDependencies, GetPackageVersionAsset.
enum VersionOperations {
    struct VersionsResult: Encodable {
        let defaultDisplayVersion: String?
        let format: String
        let namespace: String?
        let package: String
        let versions: [PackageVersionSummaryWire]
        let nextToken: String?
    }

    struct DescribeResult: Encodable { let packageVersion: PackageVersionDescriptionWire }

    struct AssetsResult: Encodable {
        let format: String
        let namespace: String?
        let package: String
        let version: String
        let versionRevision: String
        let nextToken: String?
        let assets: [AssetSummaryWire]
    }

    struct ReadmeResult: Encodable {
        let format: String
        let namespace: String?
        let package: String
        let version: String
        let versionRevision: String
        let readme: String?
    }

    struct DependenciesResult: Encodable {
        let format: String
        let namespace: String?
        let package: String
        let version: String
        let versionRevision: String
        let dependencies: [DependencyWire]
    }

    static func register<Context>(_ registrar: inout OperationRegistrar<Context>) {
        registrar.add("POST", "/v1/package/versions") { call in
            let reference = try call.domainReference()
            let repository = try call.query("repository")
            let coordinate = try call.coordinate()
            let sortBy = call.optionalQuery("sortBy")
            guard sortBy == nil || sortBy == "PUBLISHED_TIME" else { throw APIError.validation("sortBy must be PUBLISHED_TIME.") }
            let originType = try call.optionalQuery("originType").map { text in
                guard let type = OriginType(rawValue: text) else { throw APIError.validation("originType must be INTERNAL, EXTERNAL or UNKNOWN.") }
                return type
            }
            let filter = VersionFilter(
                status: try call.status(call.optionalQuery("status"), field: "status"), originType: originType, byPublishedTime: sortBy != nil)
            let limit = try call.maxResults()
            let scope = call.listScope("ListPackageVersions", repository, coordinate, extra: [sortBy ?? ""])
            let (package, versions, defaultVersion) = try PackageService(call.services).versions(
                reference, repository: repository, coordinate, filter: filter, after: try call.cursor(scope: scope), limit: limit + 1)
            let (page, next) = call.page(versions, limit: limit, scope: scope) { String($0.id) }
            return try APIResponse.json(VersionsResult(
                defaultDisplayVersion: defaultVersion, format: package.coordinate.format.rawValue, namespace: package.coordinate.namespace,
                package: package.coordinate.name, versions: page.map(PackageVersionSummaryWire.init), nextToken: next))
        }
        registrar.add("GET", "/v1/package/version") { call in
            let (_, package, version) = try PackageService(call.services).version(
                try call.domainReference(), repository: try call.query("repository"), try call.coordinate(), version: try call.versionName(),
                for: .describePackageVersion)
            return try APIResponse.json(DescribeResult(packageVersion: PackageVersionDescriptionWire(package, version)))
        }
        registrar.add("POST", "/v1/package/version/assets") { call in
            let coordinate = try call.coordinate()
            let limit = try call.maxResults()
            let repository = try call.query("repository")
            let scope = call.listScope("ListPackageVersionAssets", repository, coordinate, extra: [try call.versionName()])
            let (version, assets) = try PackageService(call.services).assets(
                try call.domainReference(), repository: repository, coordinate, version: try call.versionName(),
                after: try call.cursor(scope: scope), limit: limit + 1)
            let (page, next) = call.page(assets, limit: limit, scope: scope) { $0.name }
            return try APIResponse.json(AssetsResult(
                format: coordinate.format.rawValue, namespace: coordinate.namespace, package: coordinate.name, version: version.version,
                versionRevision: version.revision, nextToken: next, assets: page.map(AssetSummaryWire.init)))
        }
        registrar.add("GET", "/v1/package/version/readme") { call in
            let coordinate = try call.coordinate()
            let (_, _, version) = try PackageService(call.services).version(
                try call.domainReference(), repository: try call.query("repository"), coordinate, version: try call.versionName(),
                for: .getPackageVersionReadme)
            return try APIResponse.json(ReadmeResult(
                format: coordinate.format.rawValue, namespace: coordinate.namespace, package: coordinate.name, version: version.version,
                versionRevision: version.revision, readme: version.metadata.readme))
        }
        registrar.add("POST", "/v1/package/version/dependencies") { call in
            let coordinate = try call.coordinate()
            let (version, dependencies) = try PackageService(call.services).dependencies(
                try call.domainReference(), repository: try call.query("repository"), coordinate, version: try call.versionName())
            return try APIResponse.json(DependenciesResult(
                format: coordinate.format.rawValue, namespace: coordinate.namespace, package: coordinate.name, version: version.version,
                versionRevision: version.revision, dependencies: dependencies.map(DependencyWire.init)))
        }
        registrar.add("GET", "/v1/package/version/asset", readOnly: true) { call in
            let (version, asset) = try PackageService(call.services).asset(
                try call.domainReference(), repository: try call.query("repository"), try call.coordinate(), version: try call.versionName(),
                asset: try call.query("asset"), revision: call.optionalQuery("revision"))
            var response = BlobDownload.response(
                asset.blob, delivery: call.services.blobs.delivery(sha256: asset.blob.sha256), fileName: asset.name,
                ifNoneMatch: call.request.headers["If-None-Match"])
            response.headers.add("X-AssetName", BlobDownload.headerSafe(asset.name))
            response.headers.add("X-PackageVersion", BlobDownload.headerSafe(version.version))
            response.headers.add("X-PackageVersionRevision", version.revision)
            return response
        }
    }
}
