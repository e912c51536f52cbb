import ArgumentParser
import GranaryStore
import MariaDB

struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply the schema migrations in sql/ that the database has not seen.")

    @OptionGroup var options: ConfigOption

    func run() throws {
        let configuration = try options.load()
        MariaDBLibrary.initialize()
        let connection = try configuration.connection()
        let applied = try Migrator(connection: connection, directory: configuration.sqlDir).migrate()
        print(applied.isEmpty ? "schema is up to date" : applied.map { "applied \($0)" }.joined(separator: "\n"))
    }
}
