/// A package as a request to one repository sees it through the repository's upstream chain.
public struct PackageChainView {
    public let chain: UpstreamChain
    /// The repositories of the chain that hold the package, in chain order, with it; no
    /// repository beyond one whose origin controls keep upstream versions out (see `chainView`).
    public let holders: [(repository: Repository, package: Package)]
    /// The first repository of the chain with an external connection for the package's format
    /// that its origin controls let through (see `chainView`).
    public let connection: (repository: Repository, connection: ExternalConnection)?

    init(
        chain: UpstreamChain, holders: [(repository: Repository, package: Package)],
        connection: (repository: Repository, connection: ExternalConnection)?
    ) {
        self.chain = chain
        self.holders = holders
        self.connection = connection
    }

    public var requested: Repository { chain.requested }
    public var requestedPackage: Package? { holders.first { $0.repository.id == chain.requested.id }?.package }

    /// Names exactly what a listing over the chain shows: each holder's package and its stamp.
    public var stampKey: String { holders.map { "\($0.package.id).\($0.package.listingStamp)" }.joined(separator: "+") }
}

extension PackageService {
    /// Authorizes ReadFromRepository on the requested repository (the upstreams' own policies are
    /// not consulted, as in CodeArtifact), then finds the package along the chain. 404 when no
    /// repository of the chain has it.
    ///
    /// `external`: a chain whose only source is an external connection is a view too (the
    /// caller asks the registry); otherwise such a chain is a 404.
    public func chainView(
        _ reference: DomainReference, repository name: String, _ coordinate: PackageCoordinate, external: Bool = false
    ) throws -> PackageChainView {
        try chainView(from: try context.packageRepository(reference, name, coordinate, for: .readFromRepository), coordinate, external: external)
    }

    /// The same, from a repository the caller has authorized ReadFromRepository on already.
    ///
    /// Origin controls apply at every repository of the chain, as each would apply them if asked
    /// itself: a repository whose package blocks upstream versions (`upstream: BLOCK`, the
    /// default once a version was published there directly) contributes its own versions only,
    /// neither its upstreams' nor its external connection's; one whose package group restricts
    /// INTERNAL_UPSTREAM for it contributes its own and its connection's, not its upstreams'. So
    /// a package published in an intermediate repository cannot be shadowed from further up
    /// (dependency confusion), whichever repository of the chain is asked. EXTERNAL_UPSTREAM is
    /// checked for the repository holding the connection.
    public func chainView(from requested: Repository, _ coordinate: PackageCoordinate, external: Bool = false) throws -> PackageChainView {
        let domainRepositories = try context.repositories.allRepositories(domainId: requested.domainId)
        let reachable = UpstreamChain(from: requested, in: domainRepositories)
        let found = try context.packages.packages(repositoryIds: reachable.repositories.map(\.id), coordinate)
        let byRepository = Dictionary(found.map { ($0.repositoryId, $0) }) { first, _ in first }
        let groups = PackageGroupService(context)
        guard let domain = try context.domains.domain(owner: requested.domainOwner, name: requested.domainName) else {
            throw notFound(coordinate, in: requested)
        }
        var closed: Set<Int64> = []
        var ownOnly: Set<Int64> = []
        for repository in reachable.repositories where !repository.upstreams.isEmpty || !repository.externalConnections.isEmpty {
            if byRepository[repository.id]?.upstream == .block {
                closed.insert(repository.id)
                ownOnly.insert(repository.id)
            } else if !repository.upstreams.isEmpty,
                !(try groups.effectiveRestriction(domain: domain, repository: repository, coordinate: coordinate, kind: .internalUpstream))
            {
                closed.insert(repository.id)
            }
        }
        let chain = closed.isEmpty ? reachable : UpstreamChain(from: requested, in: domainRepositories, closed: closed)
        let holders: [(repository: Repository, package: Package)] = chain.repositories.compactMap { repository in
            byRepository[repository.id].map { (repository, $0) }
        }
        var connection = chain.repositories.lazy.filter { !ownOnly.contains($0.id) }.compactMap { repository in
            repository.externalConnections.first { $0.packageFormat == coordinate.format }.map { (repository, $0) }
        }.first
        if let (holder, _) = connection,
            !(try groups.effectiveRestriction(domain: domain, repository: holder, coordinate: coordinate, kind: .externalUpstream))
        {
            connection = nil
        }
        let view = PackageChainView(chain: chain, holders: holders, connection: connection)
        guard !holders.isEmpty || (external && view.connection != nil) else { throw notFound(coordinate, in: requested) }
        return view
    }

    /// The 404 of a package that neither the chain nor its external connection has.
    public func notFoundInChain(_ coordinate: PackageCoordinate, _ view: PackageChainView) -> ServiceError {
        notFound(coordinate, in: view.requested)
    }

    /// The requested repository's own package only (what npm edits with `?write=true`), as a view.
    public func ownView(_ reference: DomainReference, repository name: String, _ coordinate: PackageCoordinate) throws -> PackageChainView {
        let (repository, package) = try locate(reference, repository: name, coordinate, for: .readFromRepository)
        return PackageChainView(chain: UpstreamChain(from: repository, in: [repository]), holders: [(repository, package)], connection: nil)
    }

    /// A version for download through the chain: the requested repository's own, else the first
    /// upstream's that holds it, retained in the requested repository (a reference copy: rows,
    /// not bytes, its origin kept, with its Created event).
    public func chainVersion(_ view: PackageChainView, version: String) throws -> PackageVersion {
        guard Names.isPackageToken(version) else {
            throw ServiceError.validation("version must be 1-255 characters without '#', '/' or white space.")
        }
        for (repository, package) in view.holders {
            guard let found = try context.packages.version(packageId: package.id, version) else { continue }
            if repository.id == view.requested.id { return found }
            guard found.status == .published || found.status == .unlisted else { break }
            return try retain(found, of: package, into: view.requested)
        }
        throw ServiceError.notFound(
            "Version \(version) does not exist in repository \(view.requested.name) or its upstreams.", id: version, type: "package-version")
    }

    /// The asset of a version found through the chain.
    public func chainAsset(_ view: PackageChainView, version: String, asset name: String) throws -> (PackageVersion, Asset) {
        let found = try chainVersion(view, version: version)
        guard found.status != .disposed, let asset = try context.packages.asset(versionId: found.id, name: name) else {
            throw ServiceError.notFound("Asset \(name) does not exist in version \(version).", id: name, type: "asset")
        }
        return (found, asset)
    }

    /// A version found through the chain (`chainVersion`) with its files, in name order, at most
    /// `limit` of them (a format resolving a file by another name: Maven's `-SNAPSHOT`).
    public func chainAssets(_ view: PackageChainView, version: String, limit: Int) throws -> (PackageVersion, [Asset]) {
        let found = try chainVersion(view, version: version)
        guard found.status != .disposed else { return (found, []) }
        return (found, try context.packages.assets(versionId: found.id, after: nil, limit: limit))
    }

    /// In one transaction: the package in `target` (created with the defaults of a package that
    /// arrives from upstream: publish BLOCK, upstream ALLOW), the version with its metadata,
    /// dependencies, assets and format data, and the event. A concurrent retention of the same
    /// version wins harmlessly: the version then exists and is returned.
    func retain(_ version: PackageVersion, of source: Package, into target: Repository) throws -> PackageVersion {
        try context.transactions.atomically {
            let package = try packageCreatingIfNeeded(target, source.coordinate, publish: .block, upstream: .allow)
            if let existing = try context.packages.version(packageId: package.id, version.version) { return existing }
            do {
                _ = try insertCopy(of: version, into: package, of: target)
            } catch is DuplicateKey {}
            guard let retained = try context.packages.version(packageId: package.id, version.version) else {
                throw ServiceError(.internalServer, "version vanished")
            }
            return retained
        }
    }

    /// The chain's listings merged: for each version, the first repository of the chain that has
    /// it (in any status) decides; the rest are shadowed.
    public func chainListing(_ view: PackageChainView) throws -> [ListedVersion] {
        var seen: Set<String> = []
        var merged: [ListedVersion] = []
        for (_, package) in view.holders {
            for version in try context.packages.listing(packageId: package.id) where seen.insert(version.version).inserted {
                merged.append(version)
            }
        }
        return merged
    }

    /// npm's dist-tags along the chain: every holder's tags; a tag several holders have points
    /// where it was most recently set (CodeArtifact's rule, so a new upstream `latest` reaches
    /// `npm update` downstream).
    public func chainDistTags(_ view: PackageChainView) throws -> [String: String] {
        var merged: [String: (version: String, updated: Double)] = [:]
        for (_, package) in view.holders {
            for (tag, value) in try context.packages.datedDistTags(packageId: package.id) where value.updated > (merged[tag]?.updated ?? -1) {
                merged[tag] = value
            }
        }
        return merged.mapValues(\.version)
    }
}
