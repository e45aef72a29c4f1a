import CMuJoCo
import Foundation

/// One MuJoCo simulation: a compiled model (`mjModel`) and its state (`mjData`), both owned and
/// freed in `deinit`. The only file that imports `CMuJoCo`.
///
/// Each instance loads its own model and data, so instances never share mutable state and may
/// step on different threads at once (one instance from one thread at a time).
///
///     let simulation = try Simulation(bundledModel: "hopper")
///     simulation.setState(qpos: simulation.initialQpos, qvel: [Double](repeating: 0, count: 6))
///     simulation.step(action: [0.1, 0, -0.1], frameSkip: 4)
public final class Simulation {
    private let model: UnsafeMutablePointer<mjModel>
    private let data: UnsafeMutablePointer<mjData>

    /// Compiles the MJCF file at `path` (`mj_loadXML`) and allocates its data (`mj_makeData`).
    /// - Throws: `SimulationError` with MuJoCo's message when the file cannot be read or compiled.
    public init(modelPath path: String) throws(SimulationError) {
        Self.silenceWarnings
        var message = [CChar](repeating: 0, count: 1000)
        let loaded = Self.loading.withLock { mj_loadXML(path, nil, &message, Int32(message.count)) }
        guard let loaded else { throw SimulationError(path: path, message: String(cString: message)) }
        guard let made = mj_makeData(loaded) else {
            mj_deleteModel(loaded)
            throw SimulationError(path: path, message: "cannot allocate mjData")
        }
        model = loaded
        data = made
    }

    /// Compiles one of the models shipped in `Environments/Models/`, e.g. `"hopper"`.
    public convenience init(bundledModel name: String) throws(SimulationError) {
        guard let url = Bundle.module.url(forResource: name, withExtension: "xml", subdirectory: "Models") else {
            throw SimulationError(path: "Models/\(name).xml", message: "no such bundled model")
        }
        try self.init(modelPath: url.path)
    }

    deinit {
        mj_deleteData(data)
        mj_deleteModel(model)
    }

    /// The linked MuJoCo library's version, e.g. `2.2.2` (`mj_versionString`).
    public static var version: String { String(cString: mj_versionString()) }

    /// nq: the number of position coordinates.
    public var positionCount: Int { Int(model.pointee.nq) }
    /// nv: the number of degrees of freedom (velocity coordinates).
    public var velocityCount: Int { Int(model.pointee.nv) }
    /// nu: the number of actuators.
    public var actuatorCount: Int { Int(model.pointee.nu) }
    /// nbody: the number of bodies, the world body (index 0) included.
    public var bodyCount: Int { Int(model.pointee.nbody) }
    /// The physics timestep in seconds (`mjOption.timestep`).
    public var timestep: Double { model.pointee.opt.timestep }
    /// The model's reference configuration `qpos0` (the initial state before reset noise).
    public var initialQpos: [Double] { Array(UnsafeBufferPointer(start: model.pointee.qpos0, count: positionCount)) }

    /// Generalised positions (`mjData.qpos`, nq values). Setting them does not recompute
    /// derived quantities; call `forward()` or `setState(qpos:qvel:)` for that.
    public var qpos: [Double] {
        get { Array(UnsafeBufferPointer(start: data.pointee.qpos, count: positionCount)) }
        set { Self.copy(newValue, into: data.pointee.qpos, count: positionCount, name: "qpos") }
    }

    /// Generalised velocities (`mjData.qvel`, nv values); like `qpos`, setting them is raw.
    public var qvel: [Double] {
        get { Array(UnsafeBufferPointer(start: data.pointee.qvel, count: velocityCount)) }
        set { Self.copy(newValue, into: data.pointee.qvel, count: velocityCount, name: "qvel") }
    }

    /// Resets the data (`mj_resetData`), sets `qpos` and `qvel` and recomputes every derived
    /// quantity (`mj_forward`): gymnasium's `reset` followed by `set_state`.
    public func setState(qpos: [Double], qvel: [Double]) {
        mj_resetData(model, data)
        self.qpos = qpos
        self.qvel = qvel
        mj_forward(model, data)
    }

    /// Simulated seconds since the last reset (`mjData.time`).
    public var time: Double {
        get { data.pointee.time }
        set { data.pointee.time = newValue }
    }

    /// The accelerations the next physics step's constraint solver starts from
    /// (`mjData.qacc_warmstart`, nv values): the last step's result. Part of what decides the
    /// next step bit for bit, so a saved state must carry it.
    public var warmStartAccelerations: [Double] {
        get { Array(UnsafeBufferPointer(start: data.pointee.qacc_warmstart, count: velocityCount)) }
        set { Self.copy(newValue, into: data.pointee.qacc_warmstart, count: velocityCount, name: "qacc_warmstart") }
    }

    /// Writes `action` into `ctrl` unclipped (MuJoCo clamps it to each actuator's `ctrlrange`)
    /// and advances `frameSkip` physics steps (`mj_step`), as gymnasium's `do_simulation`.
    public func step(action: [Double], frameSkip: Int) {
        Self.copy(action, into: data.pointee.ctrl, count: actuatorCount, name: "ctrl")
        for _ in 0..<frameSkip { mj_step(model, data) }
    }

    /// The index of the body called `name` (`mj_name2id`), or nil.
    public func bodyIndex(named name: String) -> Int? {
        let index = Int(mj_name2id(model, Int32(mjOBJ_BODY.rawValue), name))
        return index < 0 ? nil : index
    }

    /// The world position (x, y, z) of body `index`'s frame (`mjData.xpos`) as of the last
    /// kinematics pass. After `step` that pass ran inside the last physics step, before its
    /// integration, which is what gymnasium's `get_body_com` returns.
    public func bodyPosition(_ index: Int) -> [Double] {
        precondition((0..<bodyCount).contains(index), "body \(index) out of range 0..<\(bodyCount)")
        return Array(UnsafeBufferPointer(start: data.pointee.xpos + 3 * index, count: 3))
    }

    /// The index of the geom called `name` (`mj_name2id`), or nil.
    public func geomIndex(named name: String) -> Int? {
        let index = Int(mj_name2id(model, Int32(mjOBJ_GEOM.rawValue), name))
        return index < 0 ? nil : index
    }

    /// The sliding (tangential) friction coefficient μ of geom `index`, dimensionless: the first
    /// of its three `geom_friction` values (slide, spin, roll) in the compiled model. MuJoCo
    /// combines a contact's two geoms by taking the larger coefficient. Setting it changes the
    /// compiled model as compiling an MJCF file with that `friction` would.
    public func slidingFriction(geom index: Int) -> Double {
        model.pointee.geom_friction[3 * checkedGeom(index)]
    }

    /// Sets geom `index`'s sliding friction coefficient μ (see `slidingFriction(geom:)`).
    public func setSlidingFriction(_ value: Double, geom index: Int) {
        model.pointee.geom_friction[3 * checkedGeom(index)] = value
    }

    /// Computes the bodies' external contact forces from the last physics step's contacts and
    /// constraint forces (`mj_rnePostConstraint`, which also fills `cacc` and `cfrc_int`).
    /// `mj_step` leaves `cfrc_ext` stale; gymnasium calls this after every `do_simulation`.
    public func computeExternalForces() {
        mj_rnePostConstraint(model, data)
    }

    /// The external forces on `bodies` (`mjData.cfrc_ext`) as of the last
    /// `computeExternalForces()`, six values per body in body order: torque (N·m) then force (N)
    /// in MuJoCo's com-based frame (world orientation, origin at the centre of mass of the
    /// body's kinematic tree). Body 0, the world, always gets zeros. All zero after `setState`
    /// (`mj_resetData` clears them; `mj_forward` does not compute them).
    public func externalForces(bodies: Range<Int>) -> [Double] {
        precondition(bodies.clamped(to: 0..<bodyCount) == bodies, "bodies \(bodies) out of range 0..<\(bodyCount)")
        return Array(UnsafeBufferPointer(start: data.pointee.cfrc_ext + 6 * bodies.lowerBound, count: 6 * bodies.count))
    }

    private func checkedGeom(_ index: Int) -> Int {
        precondition((0..<Int(model.pointee.ngeom)).contains(index), "geom \(index) out of range 0..<\(model.pointee.ngeom)")
        return index
    }

    private static func copy(_ values: [Double], into destination: UnsafeMutablePointer<mjtNum>, count: Int, name: String) {
        precondition(values.count == count, "\(name) takes \(count) values, got \(values.count)")
        values.withUnsafeBufferPointer { destination.update(from: $0.baseAddress!, count: count) }
    }

    /// `mj_loadXML` keeps global parser state: one load at a time.
    private static let loading = NSLock()

    /// MuJoCo's default warning handler appends to `MUJOCO_LOG.TXT` in the working directory;
    /// warnings stay counted in `mjData.warning`, so none is printed or written.
    private static let silenceWarnings: Void = { mju_user_warning = { _ in } }()
}
