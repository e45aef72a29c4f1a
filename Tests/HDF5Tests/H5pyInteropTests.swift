import Foundation
import HDF5
import TestSupport
import Testing

/// h5py, the writer of every D4RL file, is the independent judge of our files,
/// and the writer of the files we must read. Runs when h5py is importable; in CI always.
@Suite(.enabled(if: PythonH5py.isAvailable || PythonH5py.isRequired, "h5py is not importable"))
struct H5pyInteropTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory("h5py-interop") }

    /// What h5py reports for one dataset.
    struct Described: Decodable, Equatable {
        var dtype: String
        var shape: [Int]
        var chunks: [Int]?
        var compression: String?
        var values: [Double]?
        var text: String?
    }

    @Test func h5pyReadsOurFilesWithTheRightDtypes() throws {
        let path = directory.path("ours.h5")
        let observations: [Float] = (0..<30).map { Float($0) / 7 }
        let flags = [true, false, false, true]
        try File.writeAtomically(to: path) { file in
            let root = try file.root()
            try root.createDataset("observations", values: observations, shape: [10, 3])
            try root.createDataset("replay/actions", values: observations.map(Double.init), shape: [10, 3])
            try root.createDataset("terminals", values: flags)
            try root.createDataset("metadata/iteration", scalar: Int32(7))
            try root.createDataset("metadata/algorithm", string: "SAC", fixedLength: true)
            try root.createDataset("metadata/description", string: "written by Swift")
            try root.setAttribute("obs", Int64(11))
            try root.setAttribute("env", "hopper")
        }
        let script = """
        import h5py, json, sys
        out = {}
        with h5py.File(sys.argv[1], "r") as f:
            def visit(name, obj):
                if isinstance(obj, h5py.Dataset):
                    value = obj[()]
                    d = {"dtype": str(obj.dtype), "shape": list(obj.shape),
                         "chunks": list(obj.chunks) if obj.chunks else None, "compression": obj.compression}
                    if obj.dtype.kind in "fiub":
                        d["values"] = [float(v) for v in obj[()].reshape(-1)]
                    else:
                        d["text"] = value.decode() if isinstance(value, bytes) else str(value)
                    out[name] = d
            f.visititems(visit)
            out["attrs"] = {"obs": int(f.attrs["obs"]), "obs_type": type(f.attrs["obs"]).__name__,
                            "env": f.attrs["env"], "env_type": type(f.attrs["env"]).__name__}
        print(json.dumps(out))
        """
        let json = try PythonH5py.run(script, arguments: [path])
        let report = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        func described(_ name: String) throws -> Described {
            let data = try JSONSerialization.data(withJSONObject: try #require(report[name]))
            return try JSONDecoder().decode(Described.self, from: data)
        }
        #expect(try described("observations").dtype == "float32")
        #expect(try described("observations").shape == [10, 3])
        #expect(try described("observations").compression == "gzip")
        #expect(try described("observations").values == observations.map(Double.init))
        #expect(try described("replay/actions").dtype == "float64")
        #expect(try described("terminals").dtype == "bool")
        #expect(try described("terminals").values == [1, 0, 0, 1])
        #expect(try described("metadata/iteration").dtype == "int32")
        #expect(try described("metadata/iteration").shape == [])
        #expect(try described("metadata/iteration").values == [7])
        #expect(try described("metadata/algorithm").dtype == "|S3")
        #expect(try described("metadata/algorithm").text == "SAC")
        #expect(try described("metadata/description").dtype == "object")
        #expect(try described("metadata/description").text == "written by Swift")
        let attributes = try #require(report["attrs"] as? [String: Any])
        #expect(attributes["obs"] as? Int == 11)
        #expect(attributes["obs_type"] as? String == "int64")
        #expect(attributes["env"] as? String == "hopper")
        #expect(attributes["env_type"] as? String == "str")
    }

    @Test func weReadH5pyFilesWithTheRightTypes() throws {
        let path = directory.path("theirs.h5")
        let script = """
        import h5py, numpy as np, sys
        with h5py.File(sys.argv[1], "w") as f:
            f.create_dataset("observations", data=np.arange(200 * 11, dtype=np.float32).reshape(200, 11) / 3, compression="gzip")
            f.create_dataset("actions", data=(np.arange(600) / 8 - 1).reshape(200, 3), compression="gzip")
            f.create_dataset("terminals", data=np.arange(200) % 9 == 0, compression="gzip")
            f.create_dataset("rewards", data=np.ones((200, 1), dtype=np.float32), compression="gzip")
            f.create_dataset("counts", data=np.arange(5, dtype=np.uint8))
            f["metadata/algorithm"] = np.bytes_("SAC")
            f["metadata/iteration"] = np.int32(3)
            f["metadata/note"] = "vlen ünïcode"
            f["metadata/names"] = np.array([b"fc0", b"fc1"])
            f.attrs["version"] = 2
            f.attrs["scale"] = 0.5
            f.attrs["label"] = "d4rl"
            f["observations"].attrs["units"] = np.bytes_("m")
        """
        _ = try PythonH5py.run(script, arguments: [path])
        let root = try File(opening: path).root()
        let observations = try root.dataset("observations")
        #expect(observations.elementType == .float(bytes: 4))
        #expect(observations.compression == "gzip")
        #expect(observations.chunkShape != nil)
        #expect(try observations.read(as: Float.self) == (0..<2200).map { Float($0) / 3 })
        #expect(try root.dataset("actions").elementType == .float(bytes: 8))
        #expect(try root.dataset("actions").read(as: Double.self) == (0..<600).map { Double($0) / 8 - 1 })
        #expect(try root.dataset("terminals").elementType == .boolean)
        #expect(try root.dataset("terminals").read(as: Bool.self) == (0..<200).map { $0 % 9 == 0 })
        #expect(try root.dataset("rewards").shape == [200, 1])
        #expect(try root.dataset("counts").elementType == .integer(bytes: 1, signed: false))
        #expect(try root.dataset("counts").read(as: Int.self) == [0, 1, 2, 3, 4])
        #expect(try root.dataset("metadata/algorithm").readString() == "SAC")
        #expect(try root.dataset("metadata/iteration").read(as: Int32.self) == [3])
        #expect(try root.dataset("metadata/note").elementType == .string(.variable(utf8: true)))
        #expect(try root.dataset("metadata/note").readString() == "vlen ünïcode")
        #expect(try root.dataset("metadata/names").readStrings() == ["fc0", "fc1"])
        #expect(try root.attribute("version") == .integer(2))
        #expect(try root.attribute("scale") == .real(0.5))
        #expect(try root.attribute("label") == .string("d4rl"))
        #expect(try observations.attribute("units") == .string("m"))
    }

    @Test(arguments: [[1_000_000, 11], [2_000_000, 3], [1_000_000], [999, 17], [10, 10, 10], [0, 4]])
    func automaticChunkShapeMatchesH5py(shape: [Int]) throws {
        let script = """
        import h5py, json, sys
        from h5py._hl.filters import guess_chunk
        print(json.dumps(list(guess_chunk(tuple(json.loads(sys.argv[1])), None, 4))))
        """
        let expected = try JSONDecoder().decode(
            [Int].self, from: Data(try PythonH5py.run(script, arguments: ["\(shape)"]).utf8))
        let path = directory.path("guess.h5")
        try File.writeAtomically(to: path) { file in
            try file.root().createDataset("x", values: [Float](repeating: 0, count: shape.reduce(1, *)), shape: shape)
        }
        #expect(try File(opening: path).root().dataset("x").chunkShape == expected)
    }
}
