import ArgumentParser
import FoundationEssentials
import GranaryCore
import GranaryStore
import MariaDB

/// `granary admin policies …` (users' identity policies) and `granary admin tokens revoke`.
extension AdminCommand {
    struct Policies: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "policies", abstract: "Identity policies attached to users.", subcommands: [Put.self, List.self, Delete.self])

        struct Put: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Attach (or replace) an inline policy.")
            @OptionGroup var options: ConfigOption
            @Option var account: String
            @Option var user: String
            @Option var name: String
            @Option(help: "The policy JSON, or @FILE to read it from a file.") var document: String

            func run() throws {
                let text: String
                if document.hasPrefix("@") {
                    guard let data = FileManager.default.contents(atPath: String(document.dropFirst())) else {
                        throw ValidationError("cannot read \(document.dropFirst())")
                    }
                    text = String(decoding: data, as: UTF8.self)
                } else {
                    text = document
                }
                try accountService(options).putUserPolicy(accountId: account, userName: user, name: name, document: text)
                try printJSON(["accountId": account, "userName": user, "policyName": name])
            }
        }

        struct List: ParsableCommand {
            @OptionGroup var options: ConfigOption
            @Option var account: String
            @Option var user: String

            func run() throws {
                let policies = try accountService(options).userPolicies(accountId: account, userName: user)
                try printJSON(policies.map { ["policyName": $0.name, "document": $0.document] })
            }
        }

        struct Delete: ParsableCommand {
            @OptionGroup var options: ConfigOption
            @Option var account: String
            @Option var user: String
            @Option var name: String

            func run() throws {
                try accountService(options).deleteUserPolicy(accountId: account, userName: user, name: name)
                try printJSON(["deleted": name])
            }
        }
    }

    struct Tokens: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tokens", abstract: "Authorization tokens.", subcommands: [Revoke.self])

        struct Revoke: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Revoke one token (--token), or every token issued so far to a user (--account and --user).")
            @OptionGroup var options: ConfigOption
            @Option var token: String?
            @Option var account: String?
            @Option var user: String?

            func validate() throws {
                guard (token != nil) != (account != nil && user != nil) else {
                    throw ValidationError("give either --token, or --account and --user")
                }
            }

            func run() throws {
                let configuration = try options.load()
                MariaDBLibrary.initialize()
                let connection = try configuration.connection()
                let key = try FileMasterKey(path: configuration.masterKeyFile)
                let tokens = TokenService(key: key.derivedKey(purpose: "authorization-tokens"), store: MariaDBTokenStore(connection: connection))
                if let token {
                    let revoked = try tokens.revoke(token)
                    try printJSON(["revokedTokenOf": revoked.userId, "expiredAnywayAt": String(revoked.expiresMs / 1000)])
                } else if let account, let user {
                    let found = try accountService(options).existingUser(account, user)
                    try tokens.revokeAll(userId: found.userId)
                    try printJSON(["revokedAllTokensOf": found.arn])
                }
            }
        }
    }
}
