import Foundation

/// Work spread over the machine's cores with one private context per worker (a simulator, a
/// network workspace), so contexts are never shared between threads.
public enum Parallel {
    /// `body(i, context)` for every i in `0..<count`, in index order. Worker w of
    /// min(workers, count) handles i = w, w + workers, … with its own `makeContext()`.
    ///
    ///     let returns = try Parallel.map(count: 10, makeContext: { try LocomotionEnvironment(.hopper) }) { episode, env in … }
    ///
    /// - Parameter workers: threads to use (default: the active processor count).
    /// - Throws: the first error `makeContext` threw; `body` then ran for no index of that worker.
    public static func map<Context, Result>(
        count: Int, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        makeContext: () throws -> Context, _ body: (Int, Context) -> Result
    ) throws -> [Result] {
        let workers = max(1, min(workers, count))
        let lock = NSLock()
        var results = [Result?](repeating: nil, count: count)
        var failure: Error?
        withoutActuallyEscaping(makeContext) { makeContext in
            withoutActuallyEscaping(body) { body in
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    do {
                        let context = try makeContext()
                        let mine = stride(from: worker, to: count, by: workers).map { ($0, body($0, context)) }
                        lock.withLock { for (index, result) in mine { results[index] = result } }
                    } catch {
                        lock.withLock { failure = failure ?? error }
                    }
                }
            }
        }
        if let failure { throw failure }
        return results.map { $0! }
    }
}
