import ArgumentParser
import GranaryStore
import MariaDB

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep", abstract: "Remove temporary files and blob files that no row names.")

    @OptionGroup var options: ConfigOption

    @Option(help: "Only touch files older than this many seconds.")
    var graceSeconds: Double = 3600

    func run() throws {
        let configuration = try options.load()
        MariaDBLibrary.initialize()
        let connection = Connection(configuration: configuration.mariaDB)
        let sweep = OrphanSweep(
            store: try DiskBlobStore(root: configuration.blobDir), catalog: MariaDBBlobCatalog(connection: connection),
            graceSeconds: graceSeconds)
        try printJSON(try sweep.run())
    }
}
