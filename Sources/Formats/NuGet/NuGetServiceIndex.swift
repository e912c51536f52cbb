import FoundationEssentials

/// The v3 service index (`{endpoint}v3/index.json`): every resource Granary serves for the
/// repository, under the types the NuGet clients look for (each version of a type a client may
/// ask for listed once).
enum NuGetServiceIndex {
    static let resources: [(path: String, types: [String], comment: String)] = [
        ("v3/package", ["PackagePublish/2.0.0"], "Push (PUT), unlist (DELETE) and relist (POST)"),
        ("v3/symbolpackage", ["SymbolPackagePublish/4.9.0"], "Push of .snupkg symbol packages"),
        (NuGetPath.flatContainer, ["PackageBaseAddress/3.0.0"], "Package versions, .nupkg and .nuspec files"),
        (NuGetPath.registration, ["RegistrationsBaseUrl", "RegistrationsBaseUrl/3.0.0-rc", "RegistrationsBaseUrl/3.0.0-beta"],
         "Package metadata, SemVer 1.0.0 versions"),
        (NuGetPath.registrationSemVer2, ["RegistrationsBaseUrl/3.6.0", "RegistrationsBaseUrl/Versioned"],
         "Package metadata, SemVer 2.0.0 versions included"),
        ("v3/query", ["SearchQueryService", "SearchQueryService/3.0.0-rc", "SearchQueryService/3.0.0-beta", "SearchQueryService/3.5.0"],
         "Search"),
        ("v3/autocomplete", ["SearchAutocompleteService", "SearchAutocompleteService/3.0.0-rc", "SearchAutocompleteService/3.5.0"],
         "Package ids and versions by prefix"),
    ]

    struct Resource: Encodable {
        let id: String
        let type: String
        let comment: String
        enum CodingKeys: String, CodingKey { case id = "@id", type = "@type", comment }
    }

    struct Index: Encodable {
        let version = "3.0.0"
        let resources: [Resource]
    }

    static func render(base: String) -> [UInt8] {
        let list = resources.flatMap { resource in resource.types.map { Resource(id: base + resource.path, type: $0, comment: resource.comment) } }
        return NuGetJSON.encode(Index(resources: list))
    }
}
