/// The case-insensitive form of a string for `equals-ignore-case` and the ignore-case forms of
/// `prefix`, `suffix` and `anything-but`: Unicode's full case mapping to upper case, then to
/// lower case, so `ß` and `SS`, `ς`, `σ` and `Σ`, `Ä` and `ä` each fold to one form. Compared as
/// UTF-8 bytes afterwards (no normalization, like every other string comparison in a pattern).
enum CaseFolding {
    static func folded(_ text: String) -> [UInt8] {
        Array(text.uppercased().lowercased().utf8)
    }
}
