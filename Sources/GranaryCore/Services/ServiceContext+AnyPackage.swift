extension ServiceContext {
    /// Before a publish body is read, when the path names the repository but the package's name
    /// is still in the body (twine's upload): AccessDenied unless `action` could be allowed on
    /// some package of `format` in the repository, so a caller who may publish nothing there (a
    /// read-only token) is refused before a byte of the body is read. The package's own check
    /// (`packageRepository(_:_:_:for:)`) follows as soon as the name is known.
    public func authorizeAnyPackage(_ action: Action, _ reference: DomainReference, repository name: String, format: PackageFormat) throws {
        let owner = try owner(of: reference)
        // The stored names, as every authorization resolves them; as spelled when absent.
        let spelled = (try Validate.domainName(reference.name), try Validate.repositoryName(name))
        let found = try storedRepository(owner, spelled.0, spelled.1, withLinks: false)
        let (domainName, repositoryName) = (found?.0.name ?? spelled.0, found?.1?.name ?? spelled.1)
        let repositoryArn = ARN.repository(region: region, owner: owner, domain: domainName, repository: repositoryName)
        let packagePrefix = "arn:\(ARN.partition):codeartifact:\(region):\(owner):package/\(domainName)/\(repositoryName)/\(format.rawValue)/"
        try authorizer.authorize(
            principal, action: action.qualified, anyResourceUnder: packagePrefix, governedBy: repositoryArn, resourceOwner: owner)
    }
}
