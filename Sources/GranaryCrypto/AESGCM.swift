import COpenSSL

/// AES-256-GCM sealing for small secrets (access-key secrets under the master key, domain keys).
/// The sealed form is nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes).
public enum AESGCM {
    public static let keySize = 32
    public static let nonceSize = 12
    public static let tagSize = 16

    public enum Failure: Error, Equatable {
        case badKey
        case truncated
        case authenticationFailed
    }

    public static func seal(_ plaintext: [UInt8], key: [UInt8], associatedData: [UInt8] = []) throws -> [UInt8] {
        guard key.count == keySize else { throw Failure.badKey }
        let nonce = SecureRandom.bytes(nonceSize)
        let context = CipherContext()
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + 16)
        var tag = [UInt8](repeating: 0, count: tagSize)
        var length: Int32 = 0
        var total = 0
        try context.check(EVP_EncryptInit_ex(context.pointer, EVP_aes_256_gcm(), nil, nil, nil))
        try context.check(EVP_CIPHER_CTX_ctrl(context.pointer, EVP_CTRL_GCM_SET_IVLEN, Int32(nonceSize), nil))
        try context.check(EVP_EncryptInit_ex(context.pointer, nil, nil, key, nonce))
        if !associatedData.isEmpty {
            try context.check(EVP_EncryptUpdate(context.pointer, nil, &length, associatedData, Int32(associatedData.count)))
        }
        try ciphertext.withUnsafeMutableBufferPointer { out in
            try context.check(EVP_EncryptUpdate(context.pointer, out.baseAddress, &length, plaintext, Int32(plaintext.count)))
            total = Int(length)
            try context.check(EVP_EncryptFinal_ex(context.pointer, out.baseAddress! + total, &length))
            total += Int(length)
        }
        try context.check(EVP_CIPHER_CTX_ctrl(context.pointer, EVP_CTRL_GCM_GET_TAG, Int32(tagSize), &tag))
        return nonce + ciphertext.prefix(total) + tag
    }

    public static func open(_ sealed: [UInt8], key: [UInt8], associatedData: [UInt8] = []) throws -> [UInt8] {
        guard key.count == keySize else { throw Failure.badKey }
        guard sealed.count >= nonceSize + tagSize else { throw Failure.truncated }
        let nonce = Array(sealed.prefix(nonceSize))
        var tag = Array(sealed.suffix(tagSize))
        let ciphertext = Array(sealed.dropFirst(nonceSize).dropLast(tagSize))
        let context = CipherContext()
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count + 16)
        var length: Int32 = 0
        var total = 0
        try context.check(EVP_DecryptInit_ex(context.pointer, EVP_aes_256_gcm(), nil, nil, nil))
        try context.check(EVP_CIPHER_CTX_ctrl(context.pointer, EVP_CTRL_GCM_SET_IVLEN, Int32(nonceSize), nil))
        try context.check(EVP_DecryptInit_ex(context.pointer, nil, nil, key, nonce))
        if !associatedData.isEmpty {
            try context.check(EVP_DecryptUpdate(context.pointer, nil, &length, associatedData, Int32(associatedData.count)))
        }
        try plaintext.withUnsafeMutableBufferPointer { out in
            try context.check(EVP_DecryptUpdate(context.pointer, out.baseAddress, &length, ciphertext, Int32(ciphertext.count)))
            total = Int(length)
            try context.check(EVP_CIPHER_CTX_ctrl(context.pointer, EVP_CTRL_GCM_SET_TAG, Int32(tagSize), &tag))
            guard EVP_DecryptFinal_ex(context.pointer, out.baseAddress! + total, &length) == 1 else {
                throw Failure.authenticationFailed
            }
            total += Int(length)
        }
        return Array(plaintext.prefix(total))
    }
}

/// Owns one EVP_CIPHER_CTX.
final class CipherContext {
    let pointer: OpaquePointer

    init() {
        guard let pointer = EVP_CIPHER_CTX_new() else { fatalError("EVP_CIPHER_CTX_new failed: out of memory") }
        self.pointer = pointer
    }

    deinit { EVP_CIPHER_CTX_free(pointer) }

    func check(_ result: Int32) throws {
        if result != 1 { throw AESGCM.Failure.authenticationFailed }
    }
}
