import ArgumentParser
import GranaryStore
import MariaDB

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep", abstract: "Remove temporary files, blob files that no row names, and unused rendered pages.")

    @OptionGroup var options: ConfigOption

    @Option(help: "Only touch files older than this many seconds.")
    var graceSeconds: Double = 3600

    @Option(help: "Remove rendered pages (PyPI project pages, npm packuments) unused for this many seconds.")
    var pageAgeSeconds: Double = 2 * 86_400

    func run() throws {
        let configuration = try options.load()
        MariaDBLibrary.initialize()
        let connection = try configuration.connection()
        let sweep = OrphanSweep(
            store: try DiskBlobStore(root: configuration.blobDir), catalog: MariaDBBlobCatalog(connection: connection),
            graceSeconds: graceSeconds, pageAgeSeconds: pageAgeSeconds)
        try printJSON(try sweep.run())
    }
}
