import Core
import HDF5
import NN

extension Adam.State {
    /// Reads `group/{first_moment,second_moment}` and `group@step`, requiring `count` finite
    /// values in each moment, a second moment ≥ 0 and a step ≥ 0.
    public init(readingFrom group: Group, count: Int) throws(CheckpointError) {
        var moments: [[Float]] = []
        for moment in ["first_moment", "second_moment"] {
            let values = try checkpointIO { () throws(HDF5Error) in try group.dataset(moment).read(as: Float.self) }
            guard values.count == count else {
                throw .shapeMismatch(file: group.location.file, path: "\(group.path)/\(moment)", expected: [count], found: [values.count])
            }
            if let bad = values.first(where: { !$0.isFinite || (moment == "second_moment" && $0 < 0) }) {
                throw .corrupted(file: group.location.file, reason: "\(group.path)/\(moment) holds \(bad)")
            }
            moments.append(values)
        }
        let step = Int(try checkpointIO { () throws(HDF5Error) in try group.attribute("step", as: Int64.self) })
        guard step >= 0 else { throw .incompatible(file: group.location.file, reason: "\(group.path)@step \(step) is negative") }
        self.init(firstMoment: moments[0], secondMoment: moments[1], step: step)
    }

    /// Writes the layout `init(readingFrom:count:)` reads.
    public func write(to group: Group) throws(HDF5Error) {
        try group.createDataset("first_moment", values: firstMoment, chunks: .contiguous, gzipLevel: nil)
        try group.createDataset("second_moment", values: secondMoment, chunks: .contiguous, gzipLevel: nil)
        try group.setAttribute("step", Int64(step))
    }

    /// Mixes both moments and the step into `hash`.
    public func combine(into hash: inout ContentHash) {
        hash.combine(firstMoment)
        hash.combine(secondMoment)
        hash.combine([step])
    }
}
