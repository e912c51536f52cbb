#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser

@main
struct GranaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "granary",
        abstract: "A self-hosted artifact repository that speaks the AWS CodeArtifact API.",
        subcommands: [ServeCommand.self, DispatchCommand.self, MigrateCommand.self, AdminCommand.self, SweepCommand.self]
    )

    /// Whatever a Granary process creates in the state directory (blobs, pages, sockets, metrics,
    /// pid files) is its user's alone, however it was started: nginx's workers run as that user.
    static func main() {
        umask(0o077)
        main(nil)
    }
}

/// `--config`, shared by every subcommand.
struct ConfigOption: ParsableArguments {
    @Option(name: .long, help: "Path of granary.json (default: $GRANARY_CONFIG, else .run/granary.json).")
    var config: String?

    func load() throws -> GranaryConfiguration {
        try GranaryConfiguration.load(path: config)
    }
}
