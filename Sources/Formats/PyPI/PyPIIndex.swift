import FoundationEssentials
import EdgeKit
import GranaryCore
import HTTP

/// The simple index: the repository's project list and each project's page.
enum PyPIIndex {
    /// `simple/`: every PyPI project of the repository that has a listed version. Rendered per
    /// request (pip never reads it; people and mirrors do, rarely).
    static func root<Context: PackageProtocolContext>(_ request: Request, _ context: Context) throws -> Response {
        let target = try PyPIRequest.endpoint(request)
        let services = try context.services(for: request, domain: target.domain)
        if let redirect = slashRedirect(request) { return redirect }
        let service = PackageService(services)
        var names: [String] = []
        var after: String?
        repeat {
            let page = try service.list(
                target.domain.reference, repository: target.repository, filter: PackageFilter(format: .pypi), after: after, limit: 1000,
                action: .readFromRepository)
            names += page.map(\.coordinate.name)
            after = page.count == 1000 ? page.last.map { "pypi\u{1}\u{1}" + $0.coordinate.key.name } : nil
        } while after != nil
        let form = SimpleIndex.format(accept: request.headers["Accept"])
        return Response.bytes(.ok, contentType: form.contentType, SimpleIndex.renderRoot(projects: names, form: form))
    }

    /// `simple/{project}/`: the versions of the repository and its upstream chain, through the
    /// listing pipeline (rendered once per change, served by nginx). A name that is not
    /// normalized redirects to the normalized one.
    static func project<Context: PackageProtocolContext>(_ request: Request, _ context: Context) throws -> Response {
        let form = SimpleIndex.format(accept: request.headers["Accept"])
        let target = try PyPIRequest.endpoint(request)
        let project = request.parameters["project"] ?? ""
        return try ListingPipeline.serve(
            request, context, target, form: form.description, contentType: form.contentType,
            describe: {
                let coordinate = try PyPIRequest.coordinate(project)
                return (PyPIExternal.listed(coordinate), coordinate)
            },
            redirect: { coordinate in
                let normalized = coordinate.key.name
                guard project != normalized || !request.rawPath.hasSuffix("/") else { return nil }
                return redirect(to: "/d/\(target.domainSegment)/pypi/\(target.repository)/simple/\(normalized)/", request)
            }
        ) { coordinate, view, external, service in
            var listing = projectPage(coordinate, try service.chainListing(view))
            if let external {
                PyPIExternal.add(try PyPIExternal.files(external, coordinate, service, context.external), to: &listing, project: coordinate.key.name)
            }
            return SimpleIndex.render(listing, form: form)
        }
    }

    /// Published versions are listed; Unlisted ones too, marked yanked (PEP 592: installers take
    /// them only when pinned exactly); Archived, Disposed and Unfinished are not on the page.
    static func projectPage(_ coordinate: PackageCoordinate, _ listing: [ListedVersion]) -> ProjectPage {
        let normalized = coordinate.key.name
        var files: [ProjectFile] = []
        var versions: [String] = []
        for version in listing where version.status == .published || version.status == .unlisted {
            if version.status == .published { versions.append(version.version) }
            for asset in version.assets {
                let data = PyPIFileData.decode(asset.formatData)
                files.append(ProjectFile(
                    filename: asset.name, url: PyPIFiles.relativeURL(project: normalized, version: version.version, file: asset.name),
                    sha256: asset.blob.sha256, size: asset.blob.size, uploadTime: asset.createdTime, requiresPython: data.requiresPython,
                    coreMetadataSHA256: data.coreMetadataSHA256, yanked: version.status == .unlisted,
                    yankedReason: version.status == .unlisted ? "Unlisted in the repository" : nil))
            }
        }
        return ProjectPage(name: coordinate.name, files: files, versions: versions)
    }

    static func slashRedirect(_ request: Request) -> Response? {
        request.rawPath.hasSuffix("/") ? nil : redirect(to: request.rawPath + "/", request)
    }

    static func redirect(to path: String, _ request: Request) -> Response {
        var headers = Headers()
        headers.add("Location", path + (request.query.raw.isEmpty ? "" : "?" + request.query.raw))
        return Response(status: Status(301, "Moved Permanently"), headers: headers)
    }
}
