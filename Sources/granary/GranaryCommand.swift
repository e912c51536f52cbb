import ArgumentParser

@main
struct GranaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "granary",
        abstract: "A self-hosted artifact repository that speaks the AWS CodeArtifact API.",
        subcommands: [ServeCommand.self, MigrateCommand.self, AdminCommand.self, SweepCommand.self]
    )
}

/// `--config`, shared by every subcommand.
struct ConfigOption: ParsableArguments {
    @Option(name: .long, help: "Path of granary.json (default: $GRANARY_CONFIG, else .run/granary.json).")
    var config: String?

    func load() throws -> GranaryConfiguration {
        try GranaryConfiguration.load(path: config)
    }
}
