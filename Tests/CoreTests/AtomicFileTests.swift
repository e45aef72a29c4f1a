import Core
import Foundation
import TestSupport
import Testing

/// `writeAtomically`: the new contents or the old, never a temporary file left behind.
struct AtomicFileTests {
    @Test("writes, replaces, and leaves only the file in its directory")
    func replaces() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("result.json")
        try writeAtomically(Data("first".utf8), to: path)
        try writeAtomically(Data("second, longer".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second, longer")
        #expect(try directory.contents() == ["result.json"])
    }

    @Test("a failed write names the path and the reason and leaves the directory as it was")
    func failure() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.path("no-such-directory/metrics.csv")
        #expect(throws: FileWriteError.self) { try writeAtomically(Data("x".utf8), to: missing) }
        do {
            try writeAtomically(Data("x".utf8), to: missing)
        } catch {
            #expect(error.description == "cannot write \(missing): No such file or directory")
        }
        // Renaming onto a directory fails after the temporary file was written: it must be removed.
        let occupied = directory.path("occupied")
        try FileManager.default.createDirectory(atPath: occupied, withIntermediateDirectories: false)
        #expect(throws: FileWriteError.self) { try writeAtomically(Data("x".utf8), to: occupied) }
        #expect(try directory.contents() == ["occupied"])
    }
}
