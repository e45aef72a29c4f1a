/// A JSON document as Minari writes it: objects keep their keys in order (a Dict space's key
/// order is its flattening order, and Foundation's decoders lose it), and Python's non-standard
/// `Infinity`, `-Infinity` and `NaN` are numbers (Box bounds are written with them).
///
///     let space = try JSONValue(parsing: #"{"type": "Box", "low": [-Infinity], "high": [Infinity]}"#)
///     space["low"]?[0]?.number   // -inf
///
/// `text` writes it back the way Python's `json.dumps` does (`", "` and `": "` separators, floats
/// in their shortest round-trip form), so metadata we write reads like minari's own.
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// A number written without a fraction or exponent (Python's `int`).
    case integer(Int)
    /// A number written with a fraction or exponent, or Infinity / NaN (Python's `float`).
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Key–value pairs in document order.
    case object([(key: String, value: JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.integer(let x), .integer(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)): return x.map(\.key) == y.map(\.key) && x.map(\.value) == y.map(\.value)
        default: return false
        }
    }

    /// Parses `text`; throws `JSONValue.ParseError` naming the offset and what was expected.
    public init(parsing text: String) throws(ParseError) {
        var parser = Parser(bytes: Array(text.utf8))
        self = try parser.value()
        parser.skipSpace()
        guard parser.offset == parser.bytes.count else { throw ParseError(offset: parser.offset, expected: "end of text") }
    }

    /// The member `key` of an object (nil for other values or absent keys).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// Element `index` of an array, or nil.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// Either kind of number, as a Double.
    public var number: Double? {
        switch self {
        case .number(let value): return value
        case .integer(let value): return Double(value)
        default: return nil
        }
    }
    public var string: String? { if case .string(let value) = self { return value } else { return nil } }
    public var array: [JSONValue]? { if case .array(let value) = self { return value } else { return nil } }
    public var members: [(key: String, value: JSONValue)]? { if case .object(let value) = self { return value } else { return nil } }
    /// A number that is a whole `Int` (`3`, or `3.0`), or nil.
    public var integer: Int? {
        if case .integer(let value) = self { return value }
        return number.flatMap { $0.rounded() == $0 && abs($0) < 9e15 ? Int($0) : nil }
    }
    public var isNull: Bool { self == .null }

    /// The text `json.dumps` writes for this value.
    public var text: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .integer(let value): return "\(value)"
        case .number(let value): return Self.pythonText(value)
        case .string(let value): return Self.quoted(value)
        case .array(let elements): return "[" + elements.map(\.text).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.map { Self.quoted($0.key) + ": " + $0.value.text }.joined(separator: ", ") + "}"
        }
    }

    /// Python's `repr` of a float (shortest round trip, `3.0` for a whole number), and `Infinity`,
    /// `-Infinity`, `NaN` as `json.dumps` writes them.
    static func pythonText(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Infinity" : "-Infinity" }
        return "\(value)"
    }

    /// A JSON string with `json.dumps`'s escapes (non-ASCII as \uXXXX, as `ensure_ascii`).
    static func quoted(_ text: String) -> String {
        var result = "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: result += "\\\""
            case 0x5C: result += "\\\\"
            case 0x0A: result += "\\n"
            case 0x0D: result += "\\r"
            case 0x09: result += "\\t"
            case 0x08: result += "\\b"
            case 0x0C: result += "\\f"
            case 0x20..<0x7F: result.unicodeScalars.append(Unicode.Scalar(unit)!)
            default:
                let hex = String(unit, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        return result + "\""
    }

    /// Where a document stops being JSON.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var offset: Int
        public var expected: String
        public var description: String { "not JSON at byte \(offset): expected \(expected)" }
    }

    private struct Parser {
        let bytes: [UInt8]
        var offset = 0
        /// Nesting depth, bounded so that a hostile document cannot exhaust the stack.
        var depth = 0

        mutating func skipSpace() {
            while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) { offset += 1 }
        }

        mutating func value() throws(ParseError) -> JSONValue {
            skipSpace()
            guard offset < bytes.count else { throw ParseError(offset: offset, expected: "a value") }
            switch bytes[offset] {
            case UInt8(ascii: "{"): return try object()
            case UInt8(ascii: "["): return try array()
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try word("true"); return .bool(true)
            case UInt8(ascii: "f"): try word("false"); return .bool(false)
            case UInt8(ascii: "n"): try word("null"); return .null
            case UInt8(ascii: "N"): try word("NaN"); return .number(.nan)
            case UInt8(ascii: "I"): try word("Infinity"); return .number(.infinity)
            default: return try number()
            }
        }

        mutating func word(_ text: String) throws(ParseError) {
            let expected = Array(text.utf8)
            guard bytes.count - offset >= expected.count, Array(bytes[offset..<offset + expected.count]) == expected else {
                throw ParseError(offset: offset, expected: text)
            }
            offset += expected.count
        }

        mutating func nest() throws(ParseError) {
            depth += 1
            guard depth <= 256 else { throw ParseError(offset: offset, expected: "at most 256 levels of nesting") }
        }

        mutating func object() throws(ParseError) -> JSONValue {
            try nest()
            defer { depth -= 1 }
            offset += 1
            var members: [(key: String, value: JSONValue)] = []
            skipSpace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") { offset += 1; return .object(members) }
            while true {
                skipSpace()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw ParseError(offset: offset, expected: "a key") }
                let key = try string()
                skipSpace()
                try word(":")
                members.append((key, try value()))
                skipSpace()
                guard offset < bytes.count else { throw ParseError(offset: offset, expected: "',' or '}'") }
                offset += 1
                if bytes[offset - 1] == UInt8(ascii: "}") { return .object(members) }
                guard bytes[offset - 1] == UInt8(ascii: ",") else { throw ParseError(offset: offset - 1, expected: "',' or '}'") }
            }
        }

        mutating func array() throws(ParseError) -> JSONValue {
            try nest()
            defer { depth -= 1 }
            offset += 1
            var elements: [JSONValue] = []
            skipSpace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") { offset += 1; return .array(elements) }
            while true {
                elements.append(try value())
                skipSpace()
                guard offset < bytes.count else { throw ParseError(offset: offset, expected: "',' or ']'") }
                offset += 1
                if bytes[offset - 1] == UInt8(ascii: "]") { return .array(elements) }
                guard bytes[offset - 1] == UInt8(ascii: ",") else { throw ParseError(offset: offset - 1, expected: "',' or ']'") }
            }
        }

        mutating func number() throws(ParseError) -> JSONValue {
            let start = offset
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") {
                offset += 1
                if offset < bytes.count, bytes[offset] == UInt8(ascii: "I") { try word("Infinity"); return .number(-.infinity) }
            }
            while offset < bytes.count, "0123456789.eE+-".utf8.contains(bytes[offset]) { offset += 1 }
            let token = String(decoding: bytes[start..<offset], as: UTF8.self)
            guard offset > start, let value = Double(token) else { throw ParseError(offset: start, expected: "a value") }
            if !token.contains(where: { ".eE".contains($0) }), let whole = Int(token) { return .integer(whole) }
            return .number(value)
        }

        mutating func string() throws(ParseError) -> String {
            offset += 1
            var units: [UInt16] = []
            var raw: [UInt8] = []
            func flushRaw() {
                units += String(decoding: raw, as: UTF8.self).utf16
                raw.removeAll()
            }
            while offset < bytes.count {
                let byte = bytes[offset]
                offset += 1
                switch byte {
                case UInt8(ascii: "\""):
                    flushRaw()
                    return String(decoding: units, as: UTF16.self)
                case UInt8(ascii: "\\"):
                    flushRaw()
                    guard offset < bytes.count else { break }
                    let escape = bytes[offset]
                    offset += 1
                    switch escape {
                    case UInt8(ascii: "n"): units.append(0x0A)
                    case UInt8(ascii: "t"): units.append(0x09)
                    case UInt8(ascii: "r"): units.append(0x0D)
                    case UInt8(ascii: "b"): units.append(0x08)
                    case UInt8(ascii: "f"): units.append(0x0C)
                    case UInt8(ascii: "u"):
                        guard bytes.count - offset >= 4, let unit = UInt16(String(decoding: bytes[offset..<offset + 4], as: UTF8.self), radix: 16)
                        else { throw ParseError(offset: offset, expected: "four hex digits") }
                        units.append(unit)
                        offset += 4
                    default: units.append(UInt16(escape))
                    }
                default:
                    raw.append(byte)
                }
            }
            throw ParseError(offset: offset, expected: "the end of a string")
        }
    }
}
