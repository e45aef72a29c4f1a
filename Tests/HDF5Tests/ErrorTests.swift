import Foundation
import HDF5
import TestSupport
import Testing

/// Bad input gives a typed error naming the file and object, with libhdf5's own words.
struct ErrorTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory("hdf5-errors") }

    private func validFile() throws -> String {
        let path = directory.path("valid.h5")
        try File.writeAtomically(to: path) { file in
            try file.root().createDataset("observations", values: [Float](repeating: 1, count: 4000), shape: [1000, 4])
            try file.root().createDataset("name", string: "x")
        }
        return path
    }

    @Test func missingFile() {
        #expect { try File(opening: directory.path("absent.h5")) } throws: { error in
            (error as? HDF5Error)?.code == .fileNotFound
        }
    }

    @Test func notHDF5() throws {
        let path = directory.path("text.h5")
        try "just text\n".write(toFile: path, atomically: true, encoding: .utf8)
        let error = try #require(throws: HDF5Error.self) { try File(opening: path) }
        #expect(error.code == .notHDF5)
        #expect(error.description.hasPrefix(path))
    }

    @Test func truncatedFileCarriesLibraryMessage() throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: try validFile()))
        let path = directory.path("cut.h5")
        try original.prefix(original.count / 2).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: HDF5Error.self) { try File(opening: path) }
        #expect(error.code == .cannotOpen)
        #expect(error.libraryMessage?.contains("truncated") == true, "\(error)")
    }

    @Test func missingObjectsAndWrongTypes() throws {
        let root = try File(opening: try validFile()).root()
        let missing = try #require(throws: HDF5Error.self) { try root.dataset("actions") }
        #expect(missing.code == .objectNotFound)
        #expect(missing.location.object == "/actions")
        #expect(missing.description.contains("/actions: dataset not found"))
        let nested = try #require(throws: HDF5Error.self) { try root.dataset("infos/qpos") }
        #expect(nested.code == .objectNotFound)
        #expect(throws: HDF5Error.self) { try root.dataset("name").read(as: Float.self) }
        #expect(throws: HDF5Error.self) { try root.dataset("observations").readStrings() }
        #expect(throws: HDF5Error.self) { try root.dataset("observations").read(rows: 990..<1001, as: Float.self) }
        #expect(throws: HDF5Error.self) { try root.attribute("missing") }
    }

    @Test func atomicWriteLeavesNothingOnFailure() throws {
        let path = try validFile()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        struct Interrupted: Error {}
        #expect(throws: Interrupted.self) {
            try File.writeAtomically(to: path) { file in
                try file.root().createDataset("partial", values: [Float](repeating: 0, count: 100))
                throw Interrupted()
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try directory.contents() == ["valid.h5"])
    }
}
