/// A failure `iql-bench` reports as one line (`Error: …`) and exit status 1.
struct BenchError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
