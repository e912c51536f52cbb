import CMariaDB

/// One prepared statement, owned by the connection that prepared it (same thread).
final class Statement {
    let handle: UnsafeMutablePointer<MYSQL_STMT>
    let parameterCount: Int

    init(connection: UnsafeMutablePointer<MYSQL>, sql: String) throws {
        guard let handle = mysql_stmt_init(connection) else { throw Connection.error(of: connection) }
        self.handle = handle
        var update: my_bool = 1
        mysql_stmt_attr_set(handle, STMT_ATTR_UPDATE_MAX_LENGTH, &update)
        let bytes = Array(sql.utf8)
        let status = bytes.withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) { mysql_stmt_prepare(handle, $0.baseAddress, UInt($0.count)) }
        }
        parameterCount = Int(mysql_stmt_param_count(handle))
        if status != 0 { throw error() }
    }

    deinit { mysql_stmt_close(handle) }

    func error() -> MariaDBError {
        MariaDBError(
            code: mysql_stmt_errno(handle), sqlState: String(cString: mysql_stmt_sqlstate(handle)),
            message: String(cString: mysql_stmt_error(handle)))
    }

    /// Binds `values`, executes, and reads every row into memory (results are small metadata).
    func run(_ values: [Value]) throws -> (rows: [Row], result: ExecuteResult) {
        guard values.count == parameterCount else {
            throw MariaDBError(code: 0, sqlState: "HY000", message: "statement takes \(parameterCount) parameters, got \(values.count)")
        }
        let parameters = Bindings(count: values.count)
        for (index, value) in values.enumerated() { parameters.bindParameter(index, value) }
        if values.count > 0, mysql_stmt_bind_param(handle, parameters.binds) != 0 { throw error() }
        if mysql_stmt_execute(handle) != 0 { throw error() }
        let result = ExecuteResult(
            affectedRows: Int(truncatingIfNeeded: mysql_stmt_affected_rows(handle)),
            lastInsertID: Int(truncatingIfNeeded: mysql_stmt_insert_id(handle)))
        guard let metadata = mysql_stmt_result_metadata(handle) else { return ([], result) }
        defer {
            mysql_free_result(metadata)
            mysql_stmt_free_result(handle)
        }
        if mysql_stmt_store_result(handle) != 0 { throw error() }
        let count = Int(mysql_num_fields(metadata))
        let fields = mysql_fetch_fields(metadata)!
        var columns: [String] = []
        let outputs = Bindings(count: count)
        for index in 0..<count {
            let field = fields[index]
            columns.append(String(cString: field.name))
            outputs.prepareResult(index, field: field)
        }
        if mysql_stmt_bind_result(handle, outputs.binds) != 0 { throw error() }
        var rows: [Row] = []
        while true {
            let status = mysql_stmt_fetch(handle)
            if status == MYSQL_NO_DATA { break }
            if status == 1 { throw error() }
            rows.append(Row(columns: columns, values: (0..<count).map { outputs.resultValue($0, field: fields[$0]) }))
        }
        return (rows, result)
    }
}

/// A MYSQL_BIND array and the memory its buffers, lengths and null flags point to, freed
/// together. The library copies the MYSQL_BIND structs, so every pointer aims at memory owned here.
final class Bindings {
    let binds: UnsafeMutablePointer<MYSQL_BIND>
    private let lengths: UnsafeMutablePointer<UInt>
    private let nulls: UnsafeMutablePointer<my_bool>
    private let errors: UnsafeMutablePointer<my_bool>
    private var buffers: [UnsafeMutableRawPointer] = []

    init(count: Int) {
        let capacity = max(count, 1)
        binds = .allocate(capacity: capacity)
        binds.initialize(repeating: MYSQL_BIND(), count: capacity)
        lengths = .allocate(capacity: capacity)
        lengths.initialize(repeating: 0, count: capacity)
        nulls = .allocate(capacity: capacity)
        nulls.initialize(repeating: 0, count: capacity)
        errors = .allocate(capacity: capacity)
        errors.initialize(repeating: 0, count: capacity)
        for index in 0..<count {
            binds[index].length = lengths + index
            binds[index].is_null = nulls + index
            binds[index].error = errors + index
        }
    }

    deinit {
        for buffer in buffers { buffer.deallocate() }
        binds.deallocate()
        lengths.deallocate()
        nulls.deallocate()
        errors.deallocate()
    }

    private func allocate(_ size: Int) -> UnsafeMutableRawPointer {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(size, 1), alignment: 8)
        buffers.append(buffer)
        return buffer
    }

    func bindParameter(_ index: Int, _ value: Value) {
        switch value {
        case .null:
            binds[index].buffer_type = MYSQL_TYPE_NULL
            nulls[index] = 1
        case .int(let number):
            let buffer = allocate(8)
            buffer.storeBytes(of: number, as: Int64.self)
            binds[index].buffer_type = MYSQL_TYPE_LONGLONG
            binds[index].buffer = buffer
        case .double(let number):
            let buffer = allocate(8)
            buffer.storeBytes(of: number, as: Double.self)
            binds[index].buffer_type = MYSQL_TYPE_DOUBLE
            binds[index].buffer = buffer
        case .text(let text):
            bindBytes(index, Array(text.utf8), type: MYSQL_TYPE_STRING)
        case .bytes(let bytes):
            bindBytes(index, bytes, type: MYSQL_TYPE_BLOB)
        }
    }

    private func bindBytes(_ index: Int, _ bytes: [UInt8], type: enum_field_types) {
        let buffer = allocate(bytes.count)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(buffer), byteCount: bytes.count) }
        binds[index].buffer_type = type
        binds[index].buffer = buffer
        binds[index].buffer_length = UInt(bytes.count)
        lengths[index] = UInt(bytes.count)
    }

    static func isInteger(_ type: enum_field_types) -> Bool {
        [MYSQL_TYPE_TINY, MYSQL_TYPE_SHORT, MYSQL_TYPE_LONG, MYSQL_TYPE_INT24, MYSQL_TYPE_LONGLONG, MYSQL_TYPE_YEAR]
            .contains(type)
    }

    func prepareResult(_ index: Int, field: MYSQL_FIELD) {
        if Self.isInteger(field.type) {
            binds[index].buffer_type = MYSQL_TYPE_LONGLONG
            binds[index].buffer = allocate(8)
            binds[index].buffer_length = 8
            binds[index].is_unsigned = (field.flags & UInt32(UNSIGNED_FLAG)) != 0 ? 1 : 0
        } else if field.type == MYSQL_TYPE_DOUBLE || field.type == MYSQL_TYPE_FLOAT {
            binds[index].buffer_type = MYSQL_TYPE_DOUBLE
            binds[index].buffer = allocate(8)
            binds[index].buffer_length = 8
        } else {
            // Temporal and decimal columns arrive as their text form; give them room for it.
            let size = max(Int(field.max_length), 64)
            binds[index].buffer_type = field.charsetnr == 63 && !Self.isTextual(field.type) ? MYSQL_TYPE_BLOB : MYSQL_TYPE_STRING
            binds[index].buffer = allocate(size)
            binds[index].buffer_length = UInt(size)
        }
    }

    static func isTextual(_ type: enum_field_types) -> Bool {
        [MYSQL_TYPE_DATETIME, MYSQL_TYPE_TIMESTAMP, MYSQL_TYPE_DATE, MYSQL_TYPE_TIME, MYSQL_TYPE_NEWDECIMAL,
         MYSQL_TYPE_DECIMAL].contains(type)
    }

    func resultValue(_ index: Int, field: MYSQL_FIELD) -> Value {
        let bind = binds[index]
        if nulls[index] != 0 { return .null }
        let buffer = UnsafeRawPointer(bind.buffer!)
        switch bind.buffer_type {
        case MYSQL_TYPE_LONGLONG:
            return .int(buffer.loadUnaligned(as: Int64.self))
        case MYSQL_TYPE_DOUBLE:
            return .double(buffer.loadUnaligned(as: Double.self))
        default:
            let length = min(Int(lengths[index]), Int(bind.buffer_length))
            let bytes = Array(UnsafeRawBufferPointer(start: buffer, count: length))
            if bind.buffer_type == MYSQL_TYPE_BLOB { return .bytes(bytes) }
            return .text(String(decoding: bytes, as: UTF8.self))
        }
    }
}
