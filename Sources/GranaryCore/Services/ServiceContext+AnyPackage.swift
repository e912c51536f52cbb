extension ServiceContext {
    /// Before a publish body is read, when the path names the repository but the package's name
    /// is still in the body (twine's upload): AccessDenied unless `action` could be allowed on
    /// some package of `format` in the repository, so a caller who may publish nothing there (a
    /// read-only token) is refused before a byte of the body is read. The package's own check
    /// (`packageRepository(_:_:_:for:)`) follows as soon as the name is known.
    public func authorizeAnyPackage(_ action: Action, _ reference: DomainReference, repository name: String, format: PackageFormat) throws {
        var domainName = try Validate.domainName(reference.name)
        var repositoryName = try Validate.repositoryName(name)
        let owner = try owner(of: reference)
        // The stored names, as every authorization (`authorizeResolved`); as spelled when absent.
        if let domain = try domains.domain(owner: owner, name: domainName) {
            domainName = domain.name
            if let repository = try repositories.repositorySummary(domainId: domain.id, name: repositoryName) { repositoryName = repository.name }
        }
        let repositoryArn = ARN.repository(region: region, owner: owner, domain: domainName, repository: repositoryName)
        let packagePrefix = "arn:\(ARN.partition):codeartifact:\(region):\(owner):package/\(domainName)/\(repositoryName)/\(format.rawValue)/"
        try authorizer.authorize(
            principal, action: action.qualified, anyResourceUnder: packagePrefix, governedBy: repositoryArn, resourceOwner: owner)
    }
}
