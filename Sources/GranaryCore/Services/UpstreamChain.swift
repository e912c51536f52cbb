/// The repositories a request to one repository searches, in CodeArtifact's order: the
/// repository itself, then its upstreams in list order, each followed depth-first by its own
/// upstreams; every repository once, at most 25 in all. The first repository of the chain that
/// holds a version serves it. A repository in `closed` is searched but not its upstreams (its
/// origin controls for the package keep upstream versions out).
public struct UpstreamChain: Sendable, Equatable {
    public static let maximumRepositories = 25

    public let repositories: [Repository]

    public init(from start: Repository, in domain: [Repository], closed: Set<Int64> = []) {
        let byName = Dictionary(domain.map { ($0.name, $0) }) { first, _ in first }
        var order: [Repository] = []
        var seen: Set<String> = []
        func visit(_ repository: Repository) {
            guard order.count < Self.maximumRepositories, seen.insert(repository.name).inserted else { return }
            order.append(repository)
            guard !closed.contains(repository.id) else { return }
            for name in repository.upstreams {
                guard let upstream = byName[name] else { continue }
                visit(upstream)
            }
        }
        visit(byName[start.name] ?? start)
        repositories = order
    }

    public var requested: Repository { repositories[0] }
    public var upstreams: ArraySlice<Repository> { repositories.dropFirst() }
}
