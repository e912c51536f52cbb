import FormatKit

/// The v2 feed's documents: the AtomPub service document, the EDMX `$metadata` (NuGetGallery's
/// shape, which nuget 2.x reads to learn that `Search` and `FindPackagesById` exist), and Atom
/// feeds and entries of `NuGetV2Entry` with OData's `m:properties`. Every value is escaped.
enum NuGetV2Atom {
    static let feedType = "application/atom+xml;type=feed;charset=utf-8"
    static let entryType = "application/atom+xml;type=entry;charset=utf-8"
    static let xmlType = "application/xml;charset=utf-8"
    static let namespaces = """
        xmlns="http://www.w3.org/2005/Atom" xmlns:d="http://schemas.microsoft.com/ado/2007/08/dataservices" \
        xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"
        """

    static func serviceDocument(root: String) -> [UInt8] {
        Array("""
            <?xml version="1.0" encoding="utf-8"?>
            <service xml:base="\(Escaping.xmlAttribute(root))" xmlns="http://www.w3.org/2007/app" xmlns:atom="http://www.w3.org/2005/Atom">
              <workspace><atom:title>Default</atom:title><collection href="Packages"><atom:title>Packages</atom:title></collection></workspace>
            </service>

            """.utf8)
    }

    /// `next`: the URL of the following page, when there is one.
    static func feed(root: String, title: String, entries: [NuGetV2Entry], updated: String, next: String?) -> [UInt8] {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xml:base=\"\(Escaping.xmlAttribute(root))\" \(namespaces)>\n"
        xml += "  <id>\(Escaping.xmlText(root + title))</id>\n  <title type=\"text\">\(title)</title>\n"
        xml += "  <updated>\(updated)Z</updated>\n  <link rel=\"self\" title=\"\(title)\" href=\"\(title)\" />\n"
        for entry in entries { xml += self.entry(entry, root: root, standalone: false) }
        if let next { xml += "  <link rel=\"next\" href=\"\(Escaping.xmlAttribute(next))\" />\n" }
        xml += "</feed>\n"
        return Array(xml.utf8)
    }

    static func entryDocument(_ entry: NuGetV2Entry, root: String) -> [UInt8] {
        Array(("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + self.entry(entry, root: root, standalone: true)).utf8)
    }

    static func entry(_ entry: NuGetV2Entry, root: String, standalone: Bool) -> String {
        let data = entry.data
        let key = "Packages(Id='\(data.id)',Version='\(data.version)')"
        let content = "\(root)package/\(data.id)/\(data.version)"
        var xml = standalone ? "<entry xml:base=\"\(Escaping.xmlAttribute(root))\" \(namespaces)>\n" : "  <entry>\n"
        xml += "    <id>\(Escaping.xmlText(root + key))</id>\n"
        xml += "    <category term=\"NuGetGallery.OData.V2FeedPackage\" scheme=\"http://schemas.microsoft.com/ado/2007/08/dataservices/scheme\" />\n"
        xml += "    <link rel=\"edit\" title=\"V2FeedPackage\" href=\"\(Escaping.xmlAttribute(key))\" />\n"
        xml += "    <title type=\"text\">\(Escaping.xmlText(data.id))</title>\n"
        xml += "    <summary type=\"text\">\(Escaping.xmlText(data.summary ?? ""))</summary>\n"
        xml += "    <updated>\(entry.createdText)Z</updated>\n"
        xml += "    <author><name>\(Escaping.xmlText(data.authors))</name></author>\n"
        xml += "    <link rel=\"edit-media\" title=\"V2FeedPackage\" href=\"\(Escaping.xmlAttribute(key))/$value\" />\n"
        xml += "    <content type=\"application/zip\" src=\"\(Escaping.xmlAttribute(content))\" />\n"
        xml += "    <m:properties>\n"
        func text(_ name: String, _ value: String?) {
            if let value { xml += "      <d:\(name)>\(Escaping.xmlText(value))</d:\(name)>\n" } else { xml += "      <d:\(name) m:null=\"true\" />\n" }
        }
        func typed(_ name: String, _ type: String, _ value: String) { xml += "      <d:\(name) m:type=\"Edm.\(type)\">\(value)</d:\(name)>\n" }
        text("Id", data.id)
        text("Version", data.version)
        text("NormalizedVersion", data.version)
        text("Authors", data.authors)
        text("Copyright", data.copyright)
        typed("Created", "DateTime", entry.createdText)
        text("Dependencies", entry.dependencies)
        text("Description", data.description)
        typed("DownloadCount", "Int32", "0")
        text("GalleryDetailsUrl", nil)
        text("IconUrl", data.iconURL)
        typed("IsLatestVersion", "Boolean", String(entry.isLatest))
        typed("IsAbsoluteLatestVersion", "Boolean", String(entry.isAbsoluteLatest))
        typed("IsPrerelease", "Boolean", String(entry.version.isPrerelease))
        text("Language", data.language)
        typed("LastUpdated", "DateTime", entry.createdText)
        typed("Published", "DateTime", entry.publishedText)
        text("PackageHash", entry.hash)
        text("PackageHashAlgorithm", "SHA512")
        typed("PackageSize", "Int64", String(entry.size))
        text("ProjectUrl", data.projectURL)
        text("ReportAbuseUrl", nil)
        text("ReleaseNotes", data.releaseNotes)
        typed("RequireLicenseAcceptance", "Boolean", String(data.requireLicenseAcceptance))
        text("Summary", data.summary)
        text("Tags", data.tags.isEmpty ? nil : data.tags.joined(separator: " "))
        text("Title", data.title)
        typed("VersionDownloadCount", "Int32", "0")
        text("MinClientVersion", nil)
        text("LicenseUrl", data.licenseURL)
        text("LicenseNames", data.licenseExpression)
        typed("Listed", "Boolean", String(entry.listed))
        xml += "    </m:properties>\n"
        xml += standalone ? "</entry>\n" : "  </entry>\n"
        return xml
    }

    /// NuGetGallery's EDMX: the entity type with its properties and the three functions.
    static let metadata: [UInt8] = {
        let strings = [
            "Id", "Version", "NormalizedVersion", "Authors", "Copyright", "Dependencies", "Description", "GalleryDetailsUrl", "IconUrl",
            "Language", "PackageHash", "PackageHashAlgorithm", "ProjectUrl", "ReportAbuseUrl", "ReleaseNotes", "Summary", "Tags", "Title",
            "MinClientVersion", "LicenseUrl", "LicenseNames",
        ]
        let typed = [
            ("Created", "DateTime"), ("DownloadCount", "Int32"), ("IsLatestVersion", "Boolean"), ("IsAbsoluteLatestVersion", "Boolean"),
            ("IsPrerelease", "Boolean"), ("LastUpdated", "DateTime"), ("Published", "DateTime"), ("PackageSize", "Int64"),
            ("RequireLicenseAcceptance", "Boolean"), ("VersionDownloadCount", "Int32"), ("Listed", "Boolean"),
        ]
        var properties = strings.map { name in
            "<Property Name=\"\(name)\" Type=\"Edm.String\" Nullable=\"\(name == "Id" || name == "Version" ? "false" : "true")\" />"
        }
        properties += typed.map { "<Property Name=\"\($0.0)\" Type=\"Edm.\($0.1)\" Nullable=\"false\" />" }
        let collection = "ReturnType=\"Collection(NuGetGallery.OData.V2FeedPackage)\" EntitySet=\"Packages\" m:HttpMethod=\"GET\""
        let xml = """
            <?xml version="1.0" encoding="utf-8" standalone="yes"?>
            <edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx">
              <edmx:DataServices xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" m:DataServiceVersion="2.0">
                <Schema Namespace="NuGetGallery.OData" xmlns:d="http://schemas.microsoft.com/ado/2007/08/dataservices" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" xmlns="http://schemas.microsoft.com/ado/2006/04/edm">
                  <EntityType Name="V2FeedPackage" m:HasStream="true">
                    <Key><PropertyRef Name="Id" /><PropertyRef Name="Version" /></Key>
                    \(properties.joined(separator: "\n        "))
                  </EntityType>
                  <EntityContainer Name="V2FeedContext" m:IsDefaultEntityContainer="true">
                    <EntitySet Name="Packages" EntityType="NuGetGallery.OData.V2FeedPackage" />
                    <FunctionImport Name="Search" \(collection)>
                      <Parameter Name="searchTerm" Type="Edm.String" Mode="In" />
                      <Parameter Name="targetFramework" Type="Edm.String" Mode="In" />
                      <Parameter Name="includePrerelease" Type="Edm.Boolean" Mode="In" />
                    </FunctionImport>
                    <FunctionImport Name="FindPackagesById" \(collection)>
                      <Parameter Name="id" Type="Edm.String" Mode="In" />
                    </FunctionImport>
                    <FunctionImport Name="GetUpdates" \(collection)>
                      <Parameter Name="packageIds" Type="Edm.String" Mode="In" />
                      <Parameter Name="versions" Type="Edm.String" Mode="In" />
                      <Parameter Name="includePrerelease" Type="Edm.Boolean" Mode="In" />
                      <Parameter Name="includeAllVersions" Type="Edm.Boolean" Mode="In" />
                      <Parameter Name="targetFrameworks" Type="Edm.String" Mode="In" />
                      <Parameter Name="versionConstraints" Type="Edm.String" Mode="In" />
                    </FunctionImport>
                  </EntityContainer>
                </Schema>
              </edmx:DataServices>
            </edmx:Edmx>

            """
        return Array(xml.utf8)
    }()
}
