import GranaryCore
import HTTP

/// UpdatePackageVersionsStatus, DeletePackageVersions, DisposePackageVersions, CopyPackageVersions.
enum BatchOperations {
    struct StatusBody: Decodable {
        let versions: [String]?
        let versionRevisions: [String: String]?
        let expectedStatus: String?
        let targetStatus: String
    }

    struct DeleteBody: Decodable {
        let versions: [String]
        let expectedStatus: String?
    }

    struct DisposeBody: Decodable {
        let versions: [String]
        let versionRevisions: [String: String]?
        let expectedStatus: String?
    }

    struct CopyBody: Decodable {
        let versions: [String]?
        let versionRevisions: [String: String]?
        let allowOverwrite: Bool?
        let includeFromUpstream: Bool?
    }

    static func register<Context>(_ registrar: inout OperationRegistrar<Context>) {
        registrar.add("POST", "/v1/package/versions/update_status") { call in
            let body = try call.decode(StatusBody.self)
            guard let target = try call.status(body.targetStatus, field: "targetStatus") else {
                throw APIError.validation("targetStatus is required.")
            }
            let outcome = try VersionStatusService(call.services).updateStatus(
                try call.domainReference(), repository: try call.query("repository"), try call.coordinate(),
                selection: try .init(versions: body.versions, revisions: body.versionRevisions, requireOne: false),
                expectedStatus: try call.status(body.expectedStatus, field: "expectedStatus"), target: target)
            return try APIResponse.json(BatchResultWire(outcome))
        }
        registrar.add("POST", "/v1/package/versions/delete") { call in
            let body = try call.decode(DeleteBody.self)
            let outcome = try VersionStatusService(call.services).delete(
                try call.domainReference(), repository: try call.query("repository"), try call.coordinate(), versions: body.versions,
                expectedStatus: try call.status(body.expectedStatus, field: "expectedStatus"))
            return try APIResponse.json(BatchResultWire(outcome))
        }
        registrar.add("POST", "/v1/package/versions/dispose") { call in
            let body = try call.decode(DisposeBody.self)
            let selection = try VersionStatusService.Selection(
                versions: body.versions.isEmpty ? nil : body.versions, revisions: body.versionRevisions, requireOne: false)
            guard !selection.versions.isEmpty else { throw APIError.validation("versions is required.") }
            let outcome = try VersionStatusService(call.services).dispose(
                try call.domainReference(), repository: try call.query("repository"), try call.coordinate(), selection: selection,
                expectedStatus: try call.status(body.expectedStatus, field: "expectedStatus"))
            return try APIResponse.json(BatchResultWire(outcome))
        }
        registrar.add("POST", "/v1/package/versions/copy") { call in
            let body = try call.decode(CopyBody.self)
            let outcome = try VersionCopier(call.services).copy(
                try call.domainReference(), from: try call.query("source-repository"), to: try call.query("destination-repository"),
                try call.coordinate(), selection: try .init(versions: body.versions, revisions: body.versionRevisions),
                allowOverwrite: body.allowOverwrite ?? false)
            return try APIResponse.json(BatchResultWire(outcome))
        }
    }
}
