import GranaryCore
import HTTP

/// ListPackages, DescribePackage, DeletePackage, PutPackageOriginConfiguration.
enum PackageOperations {
    struct PackagesResult: Encodable {
        let packages: [PackageSummaryWire]
        let nextToken: String?
    }

    struct DescribeResult: Encodable { let package: PackageDescriptionWire }
    struct DeleteResult: Encodable { let deletedPackage: PackageSummaryWire }

    struct OriginBody: Decodable {
        struct Restrictions: Decodable {
            let publish: String
            let upstream: String
        }

        let restrictions: Restrictions
    }

    struct OriginResult: Encodable { let originConfiguration: OriginConfigurationWire }

    static func register<Context>(_ registrar: inout OperationRegistrar<Context>) {
        registrar.add("POST", "/v1/packages") { call in
            let reference = try call.domainReference()
            let repository = try call.query("repository")
            let filter = PackageFilter(
                format: try call.optionalQuery("format").map { try PackageService.coordinate(format: $0, namespace: nil, name: "x").format },
                namespace: call.optionalQuery("namespace"), prefix: call.optionalQuery("package-prefix"),
                publish: try call.originRule(call.optionalQuery("publish"), field: "publish"),
                upstream: try call.originRule(call.optionalQuery("upstream"), field: "upstream"))
            let limit = try call.maxResults()
            let scope = "ListPackages/\(reference.owner ?? call.principal.accountId)/\(reference.name)/\(repository)"
            let packages = try PackageService(call.services).list(
                reference, repository: repository, filter: filter, after: try call.cursor(scope: scope), limit: limit + 1)
            let (page, next) = call.page(packages, limit: limit, scope: scope) { package in
                let key = package.coordinate.key
                return "\(package.coordinate.format.rawValue)\u{1}\(key.namespace)\u{1}\(key.name)"
            }
            return try APIResponse.json(PackagesResult(packages: page.map(PackageSummaryWire.init), nextToken: next))
        }
        registrar.add("GET", "/v1/package") { call in
            let package = try PackageService(call.services).describe(
                try call.domainReference(), repository: try call.query("repository"), try call.coordinate())
            return try APIResponse.json(DescribeResult(package: PackageDescriptionWire(package)))
        }
        registrar.add("DELETE", "/v1/package") { call in
            let package = try PackageService(call.services).delete(
                try call.domainReference(), repository: try call.query("repository"), try call.coordinate())
            return try APIResponse.json(DeleteResult(deletedPackage: PackageSummaryWire(package)))
        }
        registrar.add("POST", "/v1/package") { call in
            let body = try call.decode(OriginBody.self)
            guard let publish = try call.originRule(body.restrictions.publish, field: "publish"),
                let upstream = try call.originRule(body.restrictions.upstream, field: "upstream")
            else { throw APIError.validation("restrictions.publish and restrictions.upstream are required.") }
            let (setPublish, setUpstream) = try PackageService(call.services).putOrigin(
                try call.domainReference(), repository: try call.query("repository"), try call.coordinate(), publish: publish,
                upstream: upstream)
            return try APIResponse.json(OriginResult(originConfiguration: OriginConfigurationWire(publish: setPublish, upstream: setUpstream)))
        }
    }
}
