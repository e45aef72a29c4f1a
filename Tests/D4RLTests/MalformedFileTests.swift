import Core
import D4RL
import TestSupport
import Testing

/// Every malformed fixture gives the one-line error `Fixtures/malformed/expected.json` names,
/// from the loader or, for a file without q-learning transitions, the transition builder.
struct MalformedFileTests {
    static let expected: [String: ExpectedFailure] = (try? Fixtures.json("malformed/expected.json")) ?? [:]

    @Test func everyKindIsCovered() {
        let kinds = Set(Self.expected.values.map(\.kind))
        #expect(kinds.isSuperset(of: ["missing_key", "length_mismatch", "non_finite", "unreadable", "wrong_rank",
                                      "no_columns", "no_transitions"]))
    }

    @Test(arguments: expected.keys.sorted())
    func clearError(file: String) {
        let expectation = Self.expected[file]!
        let path = Fixtures.path("malformed/\(file)")
        #expect {
            _ = try Transitions(qLearningFrom: D4RLDataset(contentsOf: path))
        } throws: { error in
            guard let error = error as? DatasetError else { return false }
            let message = error.description
            let oneLine = !message.contains("\n") && message.contains(file)
            switch (expectation.kind, error) {
            case ("missing_key", .missingKey(_, let key)),
                 ("length_mismatch", .lengthMismatch(_, let key, _, _)),
                 ("wrong_rank", .wrongRank(_, let key, _, _)),
                 ("dimension_mismatch", .dimensionMismatch(_, let key, _, _)),
                 ("no_columns", .noColumns(_, let key, _)):
                return oneLine && key == expectation.key && message.contains(key)
            case ("no_transitions", .noTransitions(let name, _)):
                return name == DatasetName(file).name && message.hasPrefix("\(name): no q-learning transitions")
            case ("non_finite", .nonFinite(_, let key, let row, _)):
                return oneLine && key == expectation.key && row == expectation.row && message.contains("row \(row)")
            case ("unreadable", .unreadable):
                return oneLine
            default:
                Issue.record("\(file): got \(message)")
                return false
            }
        }
    }

    @Test("a directory is reported as a directory, not as a missing file")
    func directory() {
        #expect {
            _ = try D4RLDataset(contentsOf: Fixtures.path("d4rl"))
        } throws: { error in
            "\(error)" == "\(Fixtures.path("d4rl")):/: is a directory, not a file"
        }
    }

    @Test("a missing file is reported as such")
    func missingFile() {
        #expect {
            _ = try D4RLDataset(contentsOf: "/nonexistent/hopper-medium-v2.hdf5")
        } throws: { error in
            "\(error)".contains("/nonexistent/hopper-medium-v2.hdf5")
        }
    }
}
