import Foundation
import HDF5
import TestSupport
import Testing

/// Values written by this layer read back identically, with the element types h5py uses.
struct RoundTripTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory("hdf5-roundtrip") }

    @Test func numericArraysKeepValuesAndTypes() throws {
        let path = directory.path("numbers.h5")
        let floats: [Float] = (0..<60).map { Float($0) * 0.25 - 3 }
        let doubles: [Double] = (0..<7).map { Double($0) / 3 }
        let int8s: [Int8] = [-128, -1, 0, 1, 127]
        let uint16s: [UInt16] = [0, 1, 65535]
        let int64s: [Int64] = [.min, -1, 0, .max]
        try File.writeAtomically(to: path) { file in
            let root = try file.root()
            try root.createDataset("floats", values: floats, shape: [20, 3])
            try root.createDataset("group/doubles", values: doubles, chunks: .contiguous, gzipLevel: nil)
            try root.createDataset("int8s", values: int8s)
            try root.createDataset("uint16s", values: uint16s, chunks: .shape([2]), gzipLevel: 9)
            try root.createDataset("int64s", values: int64s)
        }
        let root = try File(opening: path).root()
        let stored = try root.dataset("floats")
        #expect(stored.shape == [20, 3])
        #expect(stored.elementType == .float(bytes: 4))
        #expect(stored.compression == "gzip")
        #expect(stored.filters.map(\.description) == ["gzip(4)"])
        #expect(try stored.read(as: Float.self) == floats)
        #expect(try root.dataset("group/doubles").chunkShape == nil)
        #expect(try root.dataset("group/doubles").read(as: Double.self) == doubles)
        #expect(try root.dataset("int8s").elementType == .integer(bytes: 1, signed: true))
        #expect(try root.dataset("int8s").read(as: Int8.self) == int8s)
        #expect(try root.dataset("uint16s").chunkShape == [2])
        #expect(try root.dataset("uint16s").read(as: UInt16.self) == uint16s)
        #expect(try root.dataset("int64s").read(as: Int64.self) == int64s)
    }

    @Test func booleansAreH5pyEnums() throws {
        let path = directory.path("bools.h5")
        let flags = (0..<1000).map { $0 % 7 == 0 }
        try File.writeAtomically(to: path) { file in
            try file.root().createDataset("terminals", values: flags)
        }
        let dataset = try File(opening: path).root().dataset("terminals")
        #expect(dataset.elementType == .boolean)
        #expect(try dataset.read(as: Bool.self) == flags)
        #expect(try dataset.read(as: Float.self) == flags.map { $0 ? 1 : 0 })
        #expect(try dataset.read(rows: 14..<16, as: Bool.self) == [true, false])
    }

    @Test func stringsScalarsAndAttributes() throws {
        let path = directory.path("strings.h5")
        try File.writeAtomically(to: path) { file in
            let root = try file.root()
            try root.createDataset("metadata/algorithm", string: "SAC", fixedLength: true)
            try root.createDataset("metadata/description", string: "mini hopper — ünïcode")
            try root.createDataset("metadata/iteration", scalar: Int32(42))
            try root.setAttribute("env", "hopper-medium-v2")
            try root.setAttribute("obs", Int64(11))
            try root.setAttribute("lr", 3e-4)
            try root.setAttribute("dims", [Int32(11), 3])
            try root.group("metadata").setAttribute("flag", true)
        }
        let root = try File(opening: path).root()
        let algorithm = try root.dataset("metadata/algorithm")
        #expect(algorithm.shape == [])
        #expect(algorithm.elementType == .string(.fixed(length: 3, utf8: false)))
        #expect(try algorithm.readString() == "SAC")
        #expect(try root.dataset("metadata/description").readString() == "mini hopper — ünïcode")
        #expect(try root.dataset("metadata/iteration").read(as: Int.self) == [42])
        #expect(try root.stringAttribute("env") == "hopper-medium-v2")
        #expect(try root.attribute("obs", as: Int.self) == 11)
        #expect(try root.attribute("lr", as: Double.self) == 3e-4)
        #expect(try root.attribute("dims") == .integers([11, 3]))
        #expect(try root.attributeNames() == ["dims", "env", "lr", "obs"])
        #expect(try root.group("metadata").attribute("flag") == .boolean(true))
        #expect(try root.children().map(\.name) == ["metadata"])
        #expect(try root.group("metadata").children().map(\.kind) == [.dataset, .dataset, .dataset])
        #expect(try root.datasetsRecursively().map(\.path) == ["/metadata/algorithm", "/metadata/description", "/metadata/iteration"])
    }

    @Test func replacingAnAttributeKeepsOneValue() throws {
        let path = directory.path("replace.h5")
        try File.writeAtomically(to: path) { file in
            let root = try file.root()
            try root.setAttribute("step", Int64(1))
            try root.setAttribute("step", Int64(2))
        }
        #expect(try File(opening: path).root().attribute("step", as: Int64.self) == 2)
    }

    /// A child process spawned while the temporary file is open inherits its descriptor (Foundation's
    /// `Process` on Linux closes only the descriptors open when it lists them, so a test or tool
    /// spawning on another thread does this too). The finished file must still open at once.
    @Test func aFileWrittenWhileAChildInheritsItsDescriptorOpens() throws {
        let path = directory.path("inherited.h5")
        var child: pid_t = 0
        try File.writeAtomically(to: path) { file in
            try file.root().createDataset("x", values: [Float](repeating: 1, count: 10))
            var arguments: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sleep"), strdup("2"), nil]
            var environment: [UnsafeMutablePointer<CChar>?] = [nil]
            defer { arguments.forEach { free($0) } }
            // No file actions: the child inherits every descriptor, as in the race. On failure the
            // test stops here, before `child` (still 0, i.e. our process group) is ever killed.
            try #require(posix_spawn(&child, "/bin/sleep", nil, nil, &arguments, &environment) == 0)
        }
        defer { kill(child, SIGKILL); waitpid(child, nil, 0) }
        #expect(try File(opening: path).root().dataset("x").read(as: Float.self) == [Float](repeating: 1, count: 10))
    }
}
