"""Golden Soft Actor-Critic updates, computed with JAX autodiff and optax's Adam.

Writes Fixtures/golden/sac_update_hopper_h32.h5: initial parameters (numpy, fixed seed), 20
batches with their policy noise, the parameters after 20 consecutive SAC updates, and per update
the losses, alpha, entropy and mean Q taken before it. Hopper sizes (observation 11, action 3),
hidden [32, 32], batch 64, float32 on CPU. The Swift SAC tests load /init, run the updates on
/batches/0..19 in order and compare /metrics and /final.

One update, every gradient at the parameters before it (alpha = exp(log_alpha) is a constant in
the actor and critic losses):
  actor   L_pi    = mean(alpha * logpi(s) - min(Q1, Q2)(s, a~))   (critic held fixed)
  alpha   L_alpha = -mean(log_alpha * stop_gradient(logpi(s) - action_dim))
  critic  L_Q     = mean((Q1(s, a) - y)^2) + mean((Q2(s, a) - y)^2),
          y = stop_gradient(r + 0.99 * mask * (min(Q1t, Q2t)(s', a') - alpha * logpi(s')))
then one optax.adam(3e-4) step for each of critic, actor and log_alpha, and
target <- critic_new * 0.005 + target * (1 - 0.005).
The policy is a tanh-squashed Gaussian: the actor's head is [mu, raw log-std], log-std clipped to
[-20, 2]. The last log-std unit's bias starts at 2.6, so it sits above the clip (zero gradient).

It also prints sanity checks, among them jax.grad of the actor loss w.r.t. the head against the
closed forms the Swift code uses, on batch 0.

Run (CPU, float32):
  python3 -m venv jaxref-venv && jaxref-venv/bin/pip install -r tools/requirements-jax.txt
  jaxref-venv/bin/python tools/sac_golden.py [--out Fixtures/golden/sac_update_hopper_h32.h5]
"""

import argparse
import os
import pathlib

os.environ["JAX_PLATFORMS"] = "cpu"
os.environ["JAX_ENABLE_X64"] = "0"
# One thread: deterministic reductions and light on a busy machine.
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")

import h5py  # noqa: E402
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import jaxlib  # noqa: E402
import numpy as np  # noqa: E402
import optax  # noqa: E402

OBS, ACT, HIDDEN, BATCH, UPDATES = 11, 3, [32, 32], 64, 20
DISCOUNT, TAU, LR = 0.99, 0.005, 3e-4
LOG_STD_MIN, LOG_STD_MAX = -20.0, 2.0
TARGET_ENTROPY = -float(ACT)
PARAM_SEED, DATA_SEED = 0, 1
ROOT = pathlib.Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- networks
def init_mlp(rng, sizes):
    """PyTorch's default init: kernel (in, out) and bias uniform in +-1/sqrt(fan_in)."""
    layers = {}
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        bound = 1.0 / np.sqrt(fan_in)
        kernel = rng.uniform(-bound, bound, (fan_in, fan_out)).astype(np.float32)
        bias = rng.uniform(-bound, bound, (fan_out,)).astype(np.float32)
        layers[f"layer{i}"] = {"kernel": kernel, "bias": bias}
    return layers


def mlp(layers, x):
    n = len(layers)
    for i in range(n):
        x = x @ layers[f"layer{i}"]["kernel"] + layers[f"layer{i}"]["bias"]
        if i < n - 1:
            x = jax.nn.relu(x)
    return x


def q_values(critic, s, a):
    sa = jnp.concatenate([s, a], axis=-1)
    return mlp(critic["q1"], sa)[:, 0], mlp(critic["q2"], sa)[:, 0]


def squash(head, eps):
    """Tanh-Gaussian sample from the actor's head [mu, raw log-std] and noise eps: (a, logpi)."""
    mu, log_std = head[:, :ACT], head[:, ACT:]
    lc = jnp.clip(log_std, LOG_STD_MIN, LOG_STD_MAX)
    u = mu + jnp.exp(lc) * eps
    log_prob = -0.5 * eps**2 - lc - 0.5 * jnp.log(2 * jnp.pi) - 2 * (jnp.log(2.0) - u - jax.nn.softplus(-2 * u))
    return jnp.tanh(u), log_prob.sum(axis=-1)


def sample(actor, s, eps):
    return squash(mlp(actor["layers"], s), eps)


# ---------------------------------------------------------------- losses
def actor_loss(actor, critic, alpha, s, eps):
    a, logp = sample(actor, s, eps)
    q1, q2 = q_values(critic, s, a)
    return jnp.mean(alpha * logp - jnp.minimum(q1, q2)), logp


def alpha_loss(log_alpha, logp):
    return -jnp.mean(log_alpha * jax.lax.stop_gradient(logp + TARGET_ENTROPY))


def critic_loss(critic, target, actor, alpha, b):
    a2, logp2 = sample(actor, b["next_observations"], b["next_noise"])
    q1t, q2t = q_values(target, b["next_observations"], a2)
    y = b["rewards"] + DISCOUNT * b["masks"] * (jnp.minimum(q1t, q2t) - alpha * logp2)
    y = jax.lax.stop_gradient(y)
    q1, q2 = q_values(critic, b["observations"], b["actions"])
    return jnp.mean((q1 - y) ** 2) + jnp.mean((q2 - y) ** 2), q1


# ---------------------------------------------------------------- one update
OPT = optax.adam(LR)


def update(state, b):
    critic, target, actor, log_alpha = state["critic"], state["target_critic"], state["actor"], state["log_alpha"]
    alpha = jnp.exp(log_alpha)
    (l_pi, logp), g_actor = jax.value_and_grad(actor_loss, has_aux=True)(
        actor, critic, alpha, b["observations"], b["noise"])
    l_alpha, g_alpha = jax.value_and_grad(alpha_loss)(log_alpha, logp)
    (l_q, q1), g_critic = jax.value_and_grad(critic_loss, has_aux=True)(critic, target, actor, alpha, b)

    new = dict(state)
    for name, grad in (("critic", g_critic), ("actor", g_actor), ("log_alpha", g_alpha)):
        updates, new[name + "_opt"] = OPT.update(grad, state[name + "_opt"], state[name])
        new[name] = optax.apply_updates(state[name], updates)
    new["target_critic"] = jax.tree.map(lambda c, t: c * TAU + t * (1 - TAU), new["critic"], target)
    metrics = {"critic_loss": l_q, "actor_loss": l_pi, "alpha_loss": l_alpha, "alpha": alpha,
               "entropy": -jnp.mean(logp), "mean_q": jnp.mean(q1)}
    return new, metrics


# ---------------------------------------------------------------- data
def initial_params():
    rng = np.random.default_rng(PARAM_SEED)
    critic = {"q1": init_mlp(rng, [OBS + ACT, *HIDDEN, 1]), "q2": init_mlp(rng, [OBS + ACT, *HIDDEN, 1])}
    actor = {"layers": init_mlp(rng, [OBS, *HIDDEN, 2 * ACT])}
    actor["layers"]["layer2"]["bias"][2 * ACT - 1] = 2.6  # last log-std unit above the clip
    actor["layers"]["layer2"]["bias"][ACT] = -1.0         # first log-std unit
    target = jax.tree.map(np.copy, critic)
    return {"critic": critic, "target_critic": target, "actor": actor, "log_alpha": np.float32(0.0)}


def batches():
    rng = np.random.default_rng(DATA_SEED)
    out = []
    for _ in range(UPDATES):
        b = {"observations": rng.standard_normal((BATCH, OBS)),
             "actions": rng.uniform(-0.99, 0.99, (BATCH, ACT)),
             "rewards": rng.standard_normal(BATCH),
             "masks": (rng.random(BATCH) >= 0.1),
             "next_observations": rng.standard_normal((BATCH, OBS)),
             "noise": rng.standard_normal((BATCH, ACT)),
             "next_noise": rng.standard_normal((BATCH, ACT))}
        out.append({k: v.astype(np.float32) for k, v in b.items()})
    return out


# ---------------------------------------------------------------- checks
def check_head_gradient(params, b):
    """jax.grad of L_pi w.r.t. the head [mu, l] against the closed forms, on one batch."""
    actor, critic = params["actor"], params["critic"]
    s, eps = b["observations"], b["noise"]
    alpha = jnp.exp(params["log_alpha"])
    head = mlp(actor["layers"], s)

    def loss_of_head(h):
        a, logp = squash(h, eps)
        return jnp.mean(alpha * logp - jnp.minimum(*q_values(critic, s, a)))

    g_head = np.asarray(jax.grad(loss_of_head)(head), np.float64)
    a, _ = squash(head, eps)
    G = np.asarray(jax.grad(lambda x: -jnp.mean(jnp.minimum(*q_values(critic, s, x))))(a), np.float64)
    a, head, eps, al = (np.asarray(x, np.float64) for x in (a, head, eps, alpha))
    ell = head[:, ACT:]
    sigma = np.exp(np.clip(ell, LOG_STD_MIN, LOG_STD_MAX))
    inside = (ell > LOG_STD_MIN) & (ell < LOG_STD_MAX)
    d_mu = 2 * al * a / BATCH + G * (1 - a**2)
    d_ell = np.where(inside, al * (2 * a * sigma * eps - 1) / BATCH + G * (1 - a**2) * sigma * eps, 0.0)
    closed = np.concatenate([d_mu, d_ell], axis=1)
    print(f"batch 0: rows with l_2 > 2: {int((ell[:, -1] > LOG_STD_MAX).sum())}/{BATCH}; "
          f"rows with l_0 clipped: {int((~inside[:, 0]).sum())}, l_1 clipped: {int((~inside[:, 1]).sum())}")
    print(f"batch 0: max |jax dL/dhead| on clipped entries: {np.abs(g_head[:, ACT:][~inside]).max(initial=0):.3g}")
    print(f"batch 0: max |jax - closed form| dL/dmu: {np.abs(g_head[:, :ACT] - d_mu).max():.3g}, "
          f"dL/dl: {np.abs(g_head[:, ACT:] - d_ell).max():.3g} (max |dL/dhead| {np.abs(g_head).max():.3g})")
    # The same closed form chained into the last layer, against jax.grad w.r.t. the parameters.
    g_params = jax.grad(actor_loss, has_aux=True)(actor, critic, alpha, s, eps)[0]["layers"]["layer2"]
    h = np.asarray(jax.nn.relu(mlp({k: actor["layers"][k] for k in ("layer0", "layer1")}, s)), np.float64)
    print(f"batch 0: max |jax - closed form| layer2 kernel: {np.abs(g_params['kernel'] - h.T @ closed).max():.3g}, "
          f"bias: {np.abs(g_params['bias'] - closed.sum(0)).max():.3g}; "
          f"jax grad of bias[5]: {float(g_params['bias'][2 * ACT - 1])}")


# ---------------------------------------------------------------- file
def write_tree(f, prefix, tree):
    if isinstance(tree, dict):
        for k, v in tree.items():
            write_tree(f, f"{prefix}/{k}", v)
    else:
        f.create_dataset(prefix, data=np.asarray(tree, np.float32), track_times=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=ROOT / "Fixtures/golden/sac_update_hopper_h32.h5", type=pathlib.Path)
    out = parser.parse_args().out

    init = initial_params()
    data = batches()
    check_head_gradient(init, data[0])

    state = {k: jnp.asarray(v) if k == "log_alpha" else jax.tree.map(jnp.asarray, v) for k, v in init.items()}
    for name in ("critic", "actor", "log_alpha"):
        state[name + "_opt"] = OPT.init(state[name])
    rows = []
    for b in data:
        state, m = update(state, b)
        rows.append({k: float(v) for k, v in m.items()})
    metrics = {k: np.array([r[k] for r in rows], np.float32) for k in rows[0]}

    versions = (f"jax {jax.__version__}, jaxlib {jaxlib.__version__}, optax {optax.__version__}, "
                f"numpy {np.__version__}, h5py {h5py.__version__}")
    out.parent.mkdir(parents=True, exist_ok=True)
    with h5py.File(out, "w") as f:
        f.attrs.update({
            "observation_dim": np.int64(OBS), "action_dim": np.int64(ACT),
            "hidden_dims": np.array(HIDDEN, np.int64), "batch_size": np.int64(BATCH),
            "updates": np.int64(UPDATES), "discount": DISCOUNT, "target_update_rate": TAU,
            "learning_rate": LR, "log_std_min": LOG_STD_MIN, "log_std_max": LOG_STD_MAX,
            "target_entropy": TARGET_ENTROPY, "versions": versions,
            "description": "SAC golden update (tools/sac_golden.py): load /init, run the updates on "
                           "/batches/0..19 in order with their noise, compare /metrics (before each "
                           "update) and /final; kernels are (in, out), y = x @ kernel + bias."})
        for group, tree in (("init", init), ("final", state)):
            for name in ("critic", "target_critic", "actor"):
                write_tree(f, f"{group}/{name}", tree[name])
            write_tree(f, f"{group}/log_alpha/log_alpha", tree["log_alpha"])
        for k, b in enumerate(data):
            write_tree(f, f"batches/{k}", b)
        write_tree(f, "metrics", metrics)

    print(versions)
    for k, v in metrics.items():
        print(f"{k:12s} first {v[0]:+.6f}  last {v[-1]:+.6f}  finite {bool(np.isfinite(v).all())}")
    final_bias = np.asarray(state["actor"]["layers"]["layer2"]["bias"])
    print(f"actor layer2/bias[5]: init {init['actor']['layers']['layer2']['bias'][5]!r} final {final_bias[5]!r}")
    print(f"log_alpha final {float(state['log_alpha']):+.6g}; wrote {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
