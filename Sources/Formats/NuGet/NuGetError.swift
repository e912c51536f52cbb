import FormatKit

/// A problem with what a NuGet client sent: a .nupkg or .nuspec Granary cannot read, a version
/// or id that is not NuGet's. The message is what nuget and dotnet print (the status line's
/// reason phrase).
public typealias NuGetError = FormatError<NuGetErrorKind>

public enum NuGetErrorKind: Sendable, Equatable {
    /// Not a package Granary reads: not a zip, no single root .nuspec, over the limits.
    case invalidPackage
    /// The .nuspec is not XML Granary reads, or lacks what a package must have.
    case invalidNuspec
    case invalidVersion
    case invalidId
    /// A v2 feed query (`$filter`, `$orderby`, a function's parameters) Granary does not understand.
    case invalidQuery
}
