import GranaryCore

extension APICall {
    /// The package named by `format`, `namespace` and `package`.
    func coordinate() throws -> PackageCoordinate {
        try PackageService.coordinate(format: try query("format"), namespace: optionalQuery("namespace"), name: try query("package"))
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
