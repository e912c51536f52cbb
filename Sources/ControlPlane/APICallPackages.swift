import GranaryCore

extension APICall {
    /// The package named by `format`, `namespace` and `package`.
    func coordinate() throws -> PackageCoordinate {
        try PackageService.coordinate(format: try query("format"), namespace: optionalQuery("namespace"), name: try query("package"))
    }

    /// What a page token of a per-package list is bound to: operation, domain, repository,
    /// package (and, via `extra`, the version or the sort order).
    func listScope(_ operation: String, _ repository: String, _ coordinate: PackageCoordinate, extra: [String] = []) -> String {
        let domain = (try? domainReference()).map { "\($0.owner ?? principal.accountId)/\($0.name)" } ?? ""
        return ([operation, domain, repository, coordinate.format.rawValue, coordinate.namespace ?? "", coordinate.name] + extra)
            .joined(separator: "\u{1}")
    }

    /// The version named by `version`.
    func versionName() throws -> String { try query("version") }

    func status(_ text: String?, field: String) throws -> PackageVersionStatus? {
        guard let text else { return nil }
        guard let status = PackageVersionStatus(rawValue: text) else {
            throw APIError.validation("\(field) must be one of \(PackageVersionStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return status
    }

    func originRule(_ text: String?, field: String) throws -> OriginRule? {
        guard let text else { return nil }
        guard let rule = OriginRule(rawValue: text) else { throw APIError.validation("\(field) must be ALLOW or BLOCK.") }
        return rule
    }
}
