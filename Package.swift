// swift-tools-version: 6.0
//
// d4rl-iql: read D4RL datasets, train Implicit Q-Learning on them, report scores.
// Layers (a target depends only on lower layers; siblings in a layer never import each other):
//   0 C libraries and kernels   1 Core   2 HDF5, NN, Scores   3 D4RL   4 IQL, SAC, Environments, Sweeps
//   5 Online (a learner in a simulator)   6 ToolSupport   7 tools
import PackageDescription

let package = Package(
    name: "d4rl-iql",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "d4rl-inspect", targets: ["d4rl-inspect"]),
        .executable(name: "d4rl-score", targets: ["d4rl-score"]),
        .executable(name: "d4rl-collect", targets: ["d4rl-collect"]),
        .executable(name: "d4rl-convert", targets: ["d4rl-convert"]),
        .executable(name: "iql-bench", targets: ["iql-bench"]),
        .executable(name: "iql-eval", targets: ["iql-eval"]),
        .executable(name: "iql-train", targets: ["iql-train"]),
        .executable(name: "iql-sweep", targets: ["iql-sweep"]),
        .executable(name: "sac-train", targets: ["sac-train"]),
        .library(name: "D4RL", targets: ["D4RL"]),
        .library(name: "IQL", targets: ["IQL"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // MARK: C libraries (layer 0)
        .systemLibrary(
            name: "CHDF5", pkgConfig: "hdf5",
            providers: [.apt(["libhdf5-dev"]), .brew(["hdf5"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]),
        .systemLibrary(name: "CMuJoCo", providers: [.apt(["libmujoco-dev"]), .brew(["mujoco"])]),
        .target(name: "CKernels", exclude: ["README.md"]),
        .target(name: "CLibraryGuard", exclude: ["README.md"]),

        // MARK: Core (layer 1): what every module shares
        .target(name: "Core", exclude: ["README.md"]),

        // MARK: Base (layer 2)
        .target(name: "HDF5", dependencies: ["Core", "CHDF5", "CZlib", "CLibraryGuard"], exclude: ["README.md"]),
        .target(
            name: "NN",
            dependencies: ["Core", "CKernels", .target(name: "CBLAS", condition: .when(platforms: [.linux]))],
            exclude: ["README.md"]),
        .target(name: "Scores", dependencies: ["Core"], exclude: ["README.md"]),

        // MARK: Datasets (layer 3)
        .target(name: "D4RL", dependencies: ["Core", "HDF5"], exclude: ["README.md"]),

        // MARK: Algorithms and simulation (layer 4; siblings never import each other)
        .target(name: "IQL", dependencies: ["Core", "D4RL", "NN", "HDF5", "Scores"], exclude: ["README.md"]),
        .target(
            name: "Environments", dependencies: ["Core", "D4RL", "Scores", "CMuJoCo"], exclude: ["README.md"],
            resources: [.copy("Models")]),

        .target(name: "SAC", dependencies: ["Core", "D4RL", "NN"], exclude: ["README.md"]),
        .target(name: "Sweeps", dependencies: ["Core", "D4RL", "Scores"], exclude: ["README.md"]),

        // MARK: Online learning (layer 5): a learner acting in a simulator
        .target(
            name: "Online", dependencies: ["Core", "D4RL", "NN", "HDF5", "Scores", "IQL", "SAC", "Environments"],
            exclude: ["README.md"]),

        // MARK: Tools (layers 6 and 7)
        .target(
            name: "ToolSupport",
            dependencies: [
                "Core", "D4RL", "IQL", "NN", "Online", "Scores", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["README.md"]),
        .executableTarget(
            name: "iql-train",
            dependencies: [
                "Core", "IQL", "NN", "D4RL", "Scores", "Environments", "Online", "ToolSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "iql-eval",
            dependencies: [
                "Core", "IQL", "D4RL", "Scores", "Environments", "ToolSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "d4rl-collect",
            dependencies: [
                "Core", "IQL", "D4RL", "Scores", "Environments", "Online", "SAC", "ToolSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "d4rl-convert",
            dependencies: [
                "Core", "D4RL", "Scores", "Environments", "ToolSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "d4rl-inspect",
            dependencies: ["D4RL", "Environments", "ToolSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "d4rl-score",
            dependencies: ["Core", "D4RL", "Scores", "ToolSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "iql-sweep",
            dependencies: ["Sweeps", "Scores", "ToolSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "sac-train",
            dependencies: [
                "Core", "Online", "SAC", "IQL", "Environments", "Scores", "ToolSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "iql-bench",
            dependencies: [
                "Core", "D4RL", "IQL", "NN", "Environments", "Online", "SAC", "ToolSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // MARK: Tests
        .target(name: "TestSupport", path: "Tests/_TestSupport"),
        .testTarget(name: "CoreTests", dependencies: ["Core", "TestSupport"]),
        .testTarget(name: "HDF5Tests", dependencies: ["HDF5", "Core", "TestSupport"]),
        .testTarget(name: "NNTests", dependencies: ["NN", "Core", "CKernels", "TestSupport"]),
        .testTarget(name: "ScoresTests", dependencies: ["Scores", "Core", "TestSupport"]),
        .testTarget(name: "D4RLTests", dependencies: ["D4RL", "Core", "HDF5", "TestSupport"]),
        .testTarget(name: "IQLTests", dependencies: ["IQL", "NN", "D4RL", "Core", "Scores", "HDF5", "Environments", "TestSupport"]),
        .testTarget(name: "SACTests", dependencies: ["SAC", "NN", "D4RL", "IQL", "Core", "HDF5", "TestSupport"]),
        .testTarget(
            name: "OnlineTests", dependencies: ["Online", "SAC", "IQL", "NN", "D4RL", "Core", "HDF5", "Environments", "TestSupport"]),
        .testTarget(name: "SweepsTests", dependencies: ["Sweeps", "Core", "TestSupport"]),
        .testTarget(name: "EnvironmentsTests", dependencies: ["Environments", "D4RL", "Core", "Scores", "HDF5", "TestSupport"]),
        .testTarget(
            name: "ToolTests",
            dependencies: [
                "d4rl-inspect", "d4rl-score", "iql-train", "iql-eval", "iql-sweep", "d4rl-collect", "d4rl-convert", "sac-train", "IQL", "D4RL", "Environments",
                "HDF5", "Core", "Scores", "Online", "SAC", "TestSupport",
            ]),
    ],
    swiftLanguageModes: [.v5]
)
