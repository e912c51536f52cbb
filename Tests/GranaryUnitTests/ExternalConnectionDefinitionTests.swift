import GranaryCore
import Testing

/// Defined external connections: names, origins, and which requests carry the credentials.
@Suite struct ExternalConnectionDefinitionTests {
    @Test func namesAreRepositoryLikeAndNeverPublic() throws {
        #expect(try ExternalConnectionService.validName("corp-npm.v2_x") == "corp-npm.v2_x")
        for bad in ["public:npmjs", "x", "-dash", String(repeating: "a", count: 101), "has space", "a/b"] {
            #expect(throws: ServiceError.self) { try ExternalConnectionService.validName(bad) }
        }
    }

    @Test func originsCompareSchemeHostAndPort() {
        #expect(URLOrigin.of("https://Registry.example/npm/x") == "https://registry.example:443")
        #expect(URLOrigin.of("https://registry.example:443/") == URLOrigin.of("https://registry.example/a/b"))
        #expect(URLOrigin.of("http://127.0.0.1:8080/simple/") == "http://127.0.0.1:8080")
        #expect(URLOrigin.of("http://127.0.0.1:8080/") != URLOrigin.of("http://127.0.0.1:8081/"))
        #expect(URLOrigin.of("http://registry.example/") != URLOrigin.of("https://registry.example/"))
        #expect(URLOrigin.of("https://u:p@files.example/x") == "https://files.example:443")
        #expect(URLOrigin.of("ftp://registry.example/") == nil)
        #expect(URLOrigin.of("https:///x") == nil)
        #expect(URLOrigin.of("https://h:port/") == nil)
    }

    @Test func authorizationHeaders() {
        #expect(ExternalCredentials.basic(username: "Aladdin", password: "open sesame").authorization == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
        #expect(ExternalCredentials.bearer(token: "abc").authorization == "Bearer abc")
    }

    @Test func credentialsGoOnlyToTheConnectionsOrigin() throws {
        let definition = ExternalConnectionDefinition(
            accountId: "111122223333", name: "corp", packageFormat: .npm, baseURL: "https://npm.corp.example/registry/",
            credentialsType: .basic, createdAt: "")
        let store = OneDefinition(stored: StoredExternalConnection(definition: definition, sealedCredentials: Array("u:p".utf8)))
        let access = ExternalAccess(
            registries: ExternalRegistries(client: NoClient()), documents: NoDocuments(),
            definitions: DefinedConnections(store: store, sealer: PlainSealer()))
        let holder = Repository(
            id: 1, domainId: 1, domainName: "d", domainOwner: "111122223333", name: "store", administratorAccount: "111122223333",
            description: nil, createdTime: 0, externalConnections: [ExternalConnection(name: "corp", packageFormat: .npm)])
        let expected = ExternalCredentials.basic(username: "u", password: "p").authorization
        #expect(try access.authorization(holder: holder, url: "https://npm.corp.example/registry/pkg") == expected)
        #expect(try access.authorization(holder: holder, url: "https://npm.corp.example:443/other/file.tgz") == expected)
        #expect(try access.authorization(holder: holder, url: "https://cdn.example/registry/pkg.tgz") == nil)
        #expect(try access.authorization(holder: holder, url: "http://npm.corp.example/registry/pkg") == nil)
        #expect(try access.baseURL(of: ExternalConnection(name: "corp", packageFormat: .npm), owner: "111122223333")
            == "https://npm.corp.example/registry/")
        var other = holder
        other.externalConnections = [ExternalConnection(name: "public:npmjs", packageFormat: .npm)]
        #expect(try access.authorization(holder: other, url: "https://npm.corp.example/registry/pkg") == nil)
    }
}

private struct OneDefinition: ExternalConnectionStore {
    let stored: StoredExternalConnection
    func insertDefinition(_ definition: ExternalConnectionDefinition, sealedCredentials: [UInt8]?) throws {}
    func definitions(accountId: String) throws -> [ExternalConnectionDefinition] { [stored.definition] }
    func definition(accountId: String, name: String) throws -> StoredExternalConnection? {
        accountId == stored.definition.accountId && name == stored.definition.name ? stored : nil
    }
    func lockDefinition(accountId: String, name: String) throws -> ExternalConnectionDefinition? { nil }
    func deleteDefinition(accountId: String, name: String) throws -> Bool { false }
    func repositories(using name: String, accountId: String) throws -> [String] { [] }
}

private struct PlainSealer: SecretSealer {
    func seal(_ secret: [UInt8], context: String) throws -> [UInt8] { secret }
    func open(_ sealed: [UInt8], context: String) throws -> [UInt8] { sealed }
}

private struct NoClient: UpstreamClient {
    func fetch(_ request: UpstreamRequest) throws -> UpstreamResponse { throw UpstreamFailure("none") }
    func download(_ request: UpstreamRequest, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> UpstreamResponse {
        throw UpstreamFailure("none")
    }
}

private struct NoDocuments: ExternalDocumentStore {
    func document(repositoryId: Int64, _ coordinate: PackageCoordinate, withBody: Bool) throws -> ExternalDocument? { nil }
    func saveDocument(repositoryId: Int64, _ coordinate: PackageCoordinate, _ document: ExternalDocument) throws {}
    func touchDocument(repositoryId: Int64, _ coordinate: PackageCoordinate) throws {}
}
