/// What a URL names under the v2 feed's root (`{endpoint}v2/`), the OData resources nuget 2.x,
/// Chocolatey and PowerShellGet 2 ask for (docs/clients/nuget.md). Segments arrive decoded
/// (`Packages(Id=%27X%27,…)` is `Packages(Id='X',…)`).
enum NuGetV2Path: Equatable {
    case serviceDocument
    case metadata
    /// A collection: `Packages()`, `Search()`, `FindPackagesById()`, `GetUpdates()`; `count` for `…/$count`.
    case collection(Collection, count: Bool)
    case entry(id: String, version: String)
    /// `package/{id}/{version}`: the .nupkg (GET), unlist (DELETE).
    case package(id: String, version: String)
    /// `PUT` of the root or of `package`: a push.
    case push

    enum Collection: String, Equatable {
        case packages = "Packages", search = "Search", findPackagesById = "FindPackagesById", getUpdates = "GetUpdates"
    }

    /// `segments`: the path after `v2`.
    init?(_ segments: ArraySlice<String>) {
        let s = Array(segments)
        switch s.count {
        case 0: self = .serviceDocument
        case 1 where s[0] == "$metadata": self = .metadata
        case 1 where s[0] == "package": self = .push
        case 1, 2:
            let count = s.count == 2
            if count, s[1] != "$count" { return nil }
            if let collection = Self.collection(s[0]) {
                self = .collection(collection, count: count)
            } else if !count, let (id, version) = Self.key(s[0]) {
                self = .entry(id: id, version: version)
            } else {
                return nil
            }
        case 3 where s[0] == "package": self = .package(id: s[1], version: s[2])
        default: return nil
        }
    }

    private static func collection(_ segment: String) -> Collection? {
        let name = segment.hasSuffix("()") ? String(segment.dropLast(2)) : segment
        guard let collection = Collection(rawValue: name), collection == .packages || segment.hasSuffix("()") else { return nil }
        return collection
    }

    /// `Packages(Id='X',Version='V')`, quotes doubled inside as OData escapes them.
    private static func key(_ segment: String) -> (String, String)? {
        guard segment.hasPrefix("Packages("), segment.hasSuffix(")") else { return nil }
        let inner = segment.dropFirst("Packages(".count).dropLast()
        var values: [String: String] = [:]
        for pair in inner.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let value = unquote(parts[1]) else { return nil }
            values[parts[0].trimmedSpaces.lowercased()] = value
        }
        guard let id = values["id"], let version = values["version"], values.count == 2 else { return nil }
        return (id, version)
    }

    /// `'text'` → `text` (`''` inside is one quote); nil when not quoted.
    static func unquote(_ text: Substring) -> String? {
        let trimmed = text.trimmedSpaces
        guard trimmed.count >= 2, trimmed.hasPrefix("'"), trimmed.hasSuffix("'") else { return nil }
        return String(trimmed.dropFirst().dropLast()).replacing("''", with: "'")
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces.
    var trimmedSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
