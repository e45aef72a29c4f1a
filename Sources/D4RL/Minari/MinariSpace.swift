import Core

/// A gymnasium space as Minari serialises it in `metadata.json` (`observation_space`,
/// `action_space`): Box, Discrete, Dict (keys in order) and Tuple, nested.
///
///     {"type": "Box", "dtype": "float32", "shape": [11], "low": [-Infinity, …], "high": [Infinity, …]}
///     {"type": "Dict", "subspaces": {"observation": {…}, "desired_goal": {…}}}
///
/// A Box flattens to its element count; a Dict to its subspaces in key order, a Tuple in index
/// order (the datasets of `observations/<key>` and `observations/_index_<i>`).
public indirect enum MinariSpace: Equatable, Sendable {
    case box(dtype: String, shape: [Int], low: [Double], high: [Double])
    case discrete(n: Int, start: Int)
    case dict([(key: String, space: MinariSpace)])
    case tuple([MinariSpace])
    /// A space this reader does not train on (Text, MultiBinary, …), by its type name.
    case other(String)

    public static func == (a: MinariSpace, b: MinariSpace) -> Bool { a.json == b.json }

    /// Reads the serialised form; nil when it is not a space.
    public init?(_ json: JSONValue) {
        switch json["type"]?.string {
        case "Box":
            guard let dtype = json["dtype"]?.string, let shape = json["shape"]?.array?.compactMap(\.integer),
                  shape.count == json["shape"]?.array?.count, shape.allSatisfy({ $0 >= 0 }) else { return nil }
            self = .box(dtype: dtype, shape: shape, low: Self.flatNumbers(json["low"]), high: Self.flatNumbers(json["high"]))
        case "Discrete":
            guard let n = json["n"]?.integer else { return nil }
            self = .discrete(n: n, start: json["start"]?.integer ?? 0)
        case "Dict":
            guard let members = json["subspaces"]?.members else { return nil }
            var subspaces: [(key: String, space: MinariSpace)] = []
            for member in members {
                guard let space = MinariSpace(member.value) else { return nil }
                subspaces.append((member.key, space))
            }
            self = .dict(subspaces)
        case "Tuple":
            guard let elements = json["subspaces"]?.array else { return nil }
            let subspaces = elements.compactMap(MinariSpace.init)
            guard subspaces.count == elements.count else { return nil }
            self = .tuple(subspaces)
        case let type?:
            self = .other(type)
        case nil:
            return nil
        }
    }

    /// The serialised form (what `metadata.json` holds, as a JSON value).
    public var json: JSONValue {
        switch self {
        case .box(let dtype, let shape, let low, let high):
            return .object([("type", .string("Box")), ("dtype", .string(dtype)), ("shape", .array(shape.map { .integer($0) })),
                            ("low", Self.nested(low, shape: shape)), ("high", Self.nested(high, shape: shape))])
        case .discrete(let n, let start):
            return .object([("type", .string("Discrete")), ("dtype", .string("int64")), ("start", .integer(start)),
                            ("n", .integer(n))])
        case .dict(let subspaces):
            return .object([("type", .string("Dict")), ("subspaces", .object(subspaces.map { ($0.key, $0.space.json) }))])
        case .tuple(let subspaces):
            return .object([("type", .string("Tuple")), ("subspaces", .array(subspaces.map(\.json)))])
        case .other(let type):
            return .object([("type", .string(type))])
        }
    }

    /// The leaf spaces with their dataset paths below `observations/` (`""` for a Box at the
    /// top), depth first in key or index order.
    public var leaves: [(path: String, space: MinariSpace)] {
        switch self {
        case .dict(let subspaces):
            return subspaces.flatMap { key, space in space.leaves.map { (Self.join(key, $0.path), $0.space) } }
        case .tuple(let subspaces):
            return subspaces.enumerated().flatMap { index, space in space.leaves.map { (Self.join("_index_\(index)", $0.path), $0.space) } }
        default:
            return [("", self)]
        }
    }

    /// Floats in one row of the flattened space: a Box's element count (Discrete: 1), summed
    /// over the leaves; nil for `.other`.
    public var flatWidth: Int? {
        var total = 0
        for (_, leaf) in leaves {
            switch leaf {
            case .box(_, let shape, _, _): total += shape.reduce(1, *)
            case .discrete: total += 1
            default: return nil
            }
        }
        return total
    }

    /// A Box's description for messages: `Box(float32, (11,))`.
    public var summary: String {
        switch self {
        case .box(let dtype, let shape, _, _): return "Box(\(dtype), (\(shape.map(String.init).joined(separator: ", "))\(shape.count == 1 ? "," : "")))"
        case .discrete(let n, _): return "Discrete(\(n))"
        case .dict(let subspaces): return "Dict(" + subspaces.map { "\($0.key): \($0.space.summary)" }.joined(separator: ", ") + ")"
        case .tuple(let subspaces): return "Tuple(" + subspaces.map(\.summary).joined(separator: ", ") + ")"
        case .other(let type): return type
        }
    }

    private static func join(_ key: String, _ rest: String) -> String { rest.isEmpty ? key : key + "/" + rest }

    /// The numbers of a nested list, row-major (a scalar bound becomes one number).
    private static func flatNumbers(_ json: JSONValue?) -> [Double] {
        switch json {
        case .number(let value)?: return [value]
        case .array(let elements)?: return elements.flatMap { flatNumbers($0) }
        default: return []
        }
    }

    /// `values` as nested lists of `shape` (numpy's `tolist`).
    private static func nested(_ values: [Double], shape: [Int]) -> JSONValue {
        guard let first = shape.first else { return values.first.map { .number($0) } ?? .array([]) }
        let stride = shape.dropFirst().reduce(1, *)
        return .array((0..<first).map { index in
            nested(Array(values[min(index * stride, values.count)..<min((index + 1) * stride, values.count)]), shape: Array(shape.dropFirst()))
        })
    }
}
