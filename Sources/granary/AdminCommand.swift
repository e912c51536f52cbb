import ArgumentParser
import FoundationEssentials
import GranaryCore
import GranaryStore
import MariaDB

/// `granary admin …`: accounts, users and access keys, straight against the database. Prints JSON.
struct AdminCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin", abstract: "Manage accounts, users and access keys.",
        subcommands: [Bootstrap.self, Accounts.self, Users.self, AccessKeys.self, Policies.self, Tokens.self])

    struct Bootstrap: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the first account, its admin user and an access key, once.")
        @OptionGroup var options: ConfigOption
        @Option var accountName = "bootstrap"
        @Option var userName = "admin"

        func run() throws {
            let service = try accountService(options)
            if let (account, user, key) = try service.bootstrap(accountName: accountName, userName: userName) {
                try printJSON(BootstrapResult(
                    created: true, accountId: account.accountId, accountName: account.name, userName: user.userName,
                    userArn: user.arn, accessKeyId: key.accessKey.accessKeyId, secretAccessKey: key.secretAccessKey))
            } else {
                let account = try service.accounts()[0]
                try printJSON(BootstrapResult(
                    created: false, accountId: account.accountId, accountName: account.name, userName: nil, userArn: nil,
                    accessKeyId: nil, secretAccessKey: nil))
            }
        }
    }

    struct BootstrapResult: Encodable {
        let created: Bool
        let accountId: String
        let accountName: String
        let userName: String?
        let userArn: String?
        let accessKeyId: String?
        let secretAccessKey: String?
    }

    struct Accounts: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "accounts", subcommands: [Create.self, List.self])

        struct Create: ParsableCommand {
            @OptionGroup var options: ConfigOption
            @Option var name: String
            @Option(help: "Organization id (o-…), for aws:PrincipalOrgID.") var organization: String?
            func run() throws { try printJSON(try accountService(options).createAccount(name: name, organizationId: organization)) }
        }

        struct List: ParsableCommand {
            @OptionGroup var options: ConfigOption
            func run() throws { try printJSON(try accountService(options).accounts()) }
        }
    }

    struct Users: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "users", subcommands: [Create.self, List.self])

        struct Create: ParsableCommand {
            @OptionGroup var options: ConfigOption
            @Option var account: String
            @Option var name: String
            func run() throws { try printJSON(try accountService(options).createUser(accountId: account, name: name)) }
        }

        struct List: ParsableCommand {
            @OptionGroup var options: ConfigOption
            @Option var account: String?
            func run() throws { try printJSON(try accountService(options).users(accountId: account)) }
        }
    }

    struct AccessKeys: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "access-keys", subcommands: [Create.self, List.self])

        struct Create: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Create a key; its secret is printed this once.")
            @OptionGroup var options: ConfigOption
            @Option var account: String
            @Option var user: String
            func run() throws {
                let key = try accountService(options).createAccessKey(accountId: account, userName: user)
                try printJSON(NewKeyOutput(
                    accessKeyId: key.accessKey.accessKeyId, secretAccessKey: key.secretAccessKey, accountId: key.accessKey.accountId,
                    userName: key.accessKey.userName, status: key.accessKey.status, createdAt: key.accessKey.createdAt))
            }
        }

        struct List: ParsableCommand {
            @OptionGroup var options: ConfigOption
            @Option var account: String?
            @Option var user: String?
            func run() throws { try printJSON(try accountService(options).accessKeys(accountId: account, userName: user)) }
        }
    }

    struct NewKeyOutput: Encodable {
        let accessKeyId: String
        let secretAccessKey: String
        let accountId: String
        let userName: String
        let status: String
        let createdAt: String
    }
}

func accountService(_ options: ConfigOption) throws -> AccountService {
    let configuration = try options.load()
    MariaDBLibrary.initialize()
    let connection = try configuration.connection()
    return AccountService(
        store: MariaDBAccountStore(connection: connection), sealer: try FileMasterKey(path: configuration.masterKeyFile),
        policies: MariaDBIdentityPolicyStore(connection: connection), transactions: MariaDBTransactions(connection: connection))
}

func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
