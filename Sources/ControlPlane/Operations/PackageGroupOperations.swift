import GranaryCore
import HTTP

/// The package group operations: Create/Describe/Update/Delete, ListPackageGroups,
/// ListSubPackageGroups, GetAssociatedPackageGroup, ListAssociatedPackages,
/// UpdatePackageGroupOriginConfiguration and ListAllowedRepositoriesForGroup.
enum PackageGroupOperations {
    struct CreateBody: Decodable {
        let packageGroup: String
        let contactInfo: String?
        let description: String?
        let tags: [TagWire]?
    }

    struct UpdateBody: Decodable {
        let packageGroup: String
        let contactInfo: String?
        let description: String?
    }

    struct OriginBody: Decodable {
        let restrictions: [String: String]?
        let addAllowedRepositories: [PackageGroupAllowedRepositoryWire]?
        let removeAllowedRepositories: [PackageGroupAllowedRepositoryWire]?
    }

    struct GroupResult: Encodable { let packageGroup: PackageGroupWire }

    struct ListResult: Encodable {
        let packageGroups: [PackageGroupWire]
        let nextToken: String?
    }

    struct AssociatedGroupResult: Encodable {
        let packageGroup: PackageGroupWire
        let associationType: String
    }

    struct AssociatedPackagesResult: Encodable {
        let packages: [AssociatedPackageWire]
        let nextToken: String?
    }

    struct OriginResult: Encodable {
        let packageGroup: PackageGroupWire
        let allowedRepositoryUpdates: [String: [String: [String]]]
    }

    struct AllowedRepositoriesResult: Encodable {
        let allowedRepositories: [String]
        let nextToken: String?
    }

    static func register<Context>(_ registrar: inout OperationRegistrar<Context>) {
        registrar.add("POST", "/v1/package-group") { call in
            let body = try call.decode(CreateBody.self)
            let group = try PackageGroupService(call.services).create(
                try call.domainReference(), pattern: body.packageGroup, description: body.description, contactInfo: body.contactInfo,
                tags: (body.tags ?? []).map(\.tag))
            return try result(group, call)
        }
        registrar.add("GET", "/v1/package-group") { call in
            try result(try PackageGroupService(call.services).describe(try call.domainReference(), pattern: try call.query("package-group")), call)
        }
        registrar.add("PUT", "/v1/package-group") { call in
            let body = try call.decode(UpdateBody.self)
            let group = try PackageGroupService(call.services).update(
                try call.domainReference(), pattern: body.packageGroup, description: body.description, contactInfo: body.contactInfo)
            return try result(group, call)
        }
        registrar.add("DELETE", "/v1/package-group") { call in
            try result(try PackageGroupService(call.services).delete(try call.domainReference(), pattern: try call.query("package-group")), call)
        }
        registrar.add("POST", "/v1/package-groups") { call in
            let reference = try call.domainReference()
            let limit = try call.maxResults()
            let scope = "ListPackageGroups\u{1}\(reference.owner ?? call.principal.accountId)/\(reference.name)\u{1}\(call.optionalQuery("prefix") ?? "")"
            let groups = try PackageGroupService(call.services).list(
                reference, prefix: call.optionalQuery("prefix"), after: try call.cursor(scope: scope), limit: limit + 1)
            let (page, next) = call.page(groups, limit: limit, scope: scope) { $0.group.pattern.key }
            return try APIResponse.json(ListResult(packageGroups: page.map { PackageGroupWire($0, region: call.region) }, nextToken: next))
        }
        registrar.add("POST", "/v1/package-groups/sub-groups") { call in
            let reference = try call.domainReference()
            let pattern = try call.query("package-group")
            let limit = try call.maxResults()
            let scope = "ListSubPackageGroups\u{1}\(reference.owner ?? call.principal.accountId)/\(reference.name)\u{1}\(pattern)"
            let groups = try PackageGroupService(call.services).listSubGroups(
                reference, pattern: pattern, after: try call.cursor(scope: scope), limit: limit + 1)
            let (page, next) = call.page(groups, limit: limit, scope: scope) { $0.group.pattern.key }
            return try APIResponse.json(ListResult(packageGroups: page.map { PackageGroupWire($0, region: call.region) }, nextToken: next))
        }
        registrar.add("GET", "/v1/get-associated-package-group") { call in
            let (group, association) = try PackageGroupService(call.services).associatedGroup(try call.domainReference(), try call.coordinate())
            return try APIResponse.json(
                AssociatedGroupResult(packageGroup: PackageGroupWire(group, region: call.region), associationType: association.rawValue))
        }
        registrar.add("GET", "/v1/list-associated-packages") { call in
            let reference = try call.domainReference()
            let pattern = try call.query("package-group")
            let preview = try call.boolQuery("preview") ?? false
            let limit = try call.maxResults()
            let scope =
                "ListAssociatedPackages\u{1}\(reference.owner ?? call.principal.accountId)/\(reference.name)\u{1}\(pattern)\u{1}\(preview)"
            let packages = try PackageGroupService(call.services).associatedPackages(
                reference, pattern: pattern, preview: preview, after: try call.cursor(scope: scope), limit: limit + 1)
            let (page, next) = call.page(packages, limit: limit, scope: scope) { $0.coordinate.associatedPackageCursor }
            return try APIResponse.json(
                AssociatedPackagesResult(packages: page.map { AssociatedPackageWire($0.coordinate, $0.association) }, nextToken: next))
        }
        registrar.add("PUT", "/v1/package-group-origin-configuration") { call in
            let body = try call.decode(OriginBody.self)
            var restrictions: [PackageGroupRestriction: PackageGroupRestrictionMode] = [:]
            for (type, mode) in body.restrictions ?? [:] {
                restrictions[try restriction(type, field: "restrictions")] = try Self.mode(mode)
            }
            let (group, updates) = try PackageGroupService(call.services).updateOriginConfiguration(
                try call.domainReference(), pattern: try call.query("package-group"), restrictions: restrictions,
                add: try changes(body.addAllowedRepositories, field: "addAllowedRepositories"),
                remove: try changes(body.removeAllowedRepositories, field: "removeAllowedRepositories"))
            var wire: [String: [String: [String]]] = [:]
            for (restriction, update) in updates {
                var entry: [String: [String]] = [:]
                if !update.added.isEmpty { entry["ADDED"] = update.added }
                if !update.removed.isEmpty { entry["REMOVED"] = update.removed }
                wire[restriction.rawValue] = entry
            }
            return try APIResponse.json(OriginResult(packageGroup: PackageGroupWire(group, region: call.region), allowedRepositoryUpdates: wire))
        }
        registrar.add("GET", "/v1/package-group-allowed-repositories") { call in
            let reference = try call.domainReference()
            let pattern = try call.query("package-group")
            let type = try restriction(try call.query("originRestrictionType"), field: "originRestrictionType")
            let limit = try call.maxResults()
            let scope =
                "ListAllowedRepositoriesForGroup\u{1}\(reference.owner ?? call.principal.accountId)/\(reference.name)\u{1}\(pattern)\u{1}\(type.rawValue)"
            let names = try PackageGroupService(call.services).allowedRepositories(
                reference, pattern: pattern, restriction: type, after: try call.cursor(scope: scope), limit: limit + 1)
            let (page, next) = call.page(names, limit: limit, scope: scope) { $0 }
            return try APIResponse.json(AllowedRepositoriesResult(allowedRepositories: page, nextToken: next))
        }
    }

    static func result(_ group: PackageGroupDetails, _ call: APICall) throws -> Response {
        try APIResponse.json(GroupResult(packageGroup: PackageGroupWire(group, region: call.region)))
    }

    static func restriction(_ text: String, field: String) throws -> PackageGroupRestriction {
        guard let restriction = PackageGroupRestriction(rawValue: text) else {
            throw APIError.validation(
                "\(field): \(text) is not one of \(PackageGroupRestriction.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return restriction
    }

    static func mode(_ text: String) throws -> PackageGroupRestrictionMode {
        guard let mode = PackageGroupRestrictionMode(rawValue: text) else {
            throw APIError.validation(
                "restrictions: \(text) is not one of \(PackageGroupRestrictionMode.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return mode
    }

    static func changes(_ list: [PackageGroupAllowedRepositoryWire]?, field: String) throws -> [PackageGroupService.AllowedRepositoryChange] {
        try (list ?? []).map { item in
            guard let name = item.repositoryName, let type = item.originRestrictionType else {
                throw APIError.validation("\(field): each entry needs repositoryName and originRestrictionType.")
            }
            return PackageGroupService.AllowedRepositoryChange(restriction: try restriction(type, field: field), repository: name)
        }
    }
}
