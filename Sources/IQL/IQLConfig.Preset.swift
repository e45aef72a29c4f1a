import Core

extension IQLConfig {
    /// The paper's per-domain hyperparameters (SPEC §3); everything else is shared.
    public enum Preset: String, Hashable, Sendable, CaseIterable {
        case locomotion, antmaze, kitchen, adroit

        /// The preset for a dataset of this name; locomotion when the domain is unknown.
        public init(for name: DatasetName) {
            switch name.family {
            case .antmaze: self = .antmaze
            case .kitchen: self = .kitchen
            case .adroit: self = .adroit
            case .locomotion, nil: self = .locomotion
            }
        }

        /// τ: 0.7, antmaze 0.9.
        public var expectile: Float { self == .antmaze ? 0.9 : 0.7 }

        /// β: locomotion 3, antmaze 10, kitchen and adroit 0.5.
        public var temperature: Float {
            switch self {
            case .locomotion: return 3
            case .antmaze: return 10
            case .kitchen, .adroit: return 0.5
            }
        }

        /// Actor dropout: 0.1 for kitchen and adroit, none otherwise.
        public var dropoutRate: Float { self == .kitchen || self == .adroit ? 0.1 : 0 }
    }
}
