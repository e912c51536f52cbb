import COpenSSL

/// HMAC over SHA-256 (SigV4, token MACs).
public enum HMAC {
    public static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = key.withUnsafeBufferPointer { keyBuffer in
            message.withUnsafeBufferPointer { messageBuffer in
                COpenSSL.HMAC(
                    EVP_sha256(), keyBuffer.baseAddress, Int32(keyBuffer.count),
                    messageBuffer.baseAddress, messageBuffer.count, &out, &length)
            }
        }
        precondition(result != nil, "HMAC failed")
        return Array(out.prefix(Int(length)))
    }

    public static func sha256(key: [UInt8], message: String) -> [UInt8] {
        sha256(key: key, message: Array(message.utf8))
    }
}

/// Compares two byte strings in time that depends only on their lengths.
public func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    if a.isEmpty { return true }
    return a.withUnsafeBytes { ab in
        b.withUnsafeBytes { bb in CRYPTO_memcmp(ab.baseAddress, bb.baseAddress, a.count) == 0 }
    }
}
