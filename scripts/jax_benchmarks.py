"""JAX (jit, CPU) peer of `swift run -c release Benchmarks`.

Computes the same three workloads as Sources/Benchmarks so the README can
report ratios measured in one run on one machine. JAX is a benchmark peer
only: nothing in the Swift package depends on it.

    pip install jax        # once
    python3 scripts/jax_benchmarks.py [--json] [--quick]
"""
import argparse
import json
import math
import time

import jax
import jax.numpy as jnp

BETA_MIN, BETA_MAX = 0.1, 20.0
SIZES = [18, 128, 128, 128, 2]


def init_mlp(key):
    params = []
    for fan_in, fan_out in zip(SIZES[:-1], SIZES[1:]):
        key, sub = jax.random.split(key)
        limit = math.sqrt(6.0 / (fan_in + fan_out))
        params.append((jax.random.uniform(sub, (fan_in, fan_out), jnp.float32, -limit, limit),
                       jnp.zeros((fan_out,), jnp.float32)))
    return params


def mlp(params, x):
    for weight, bias in params[:-1]:
        x = jax.nn.silu(x @ weight + bias)
    weight, bias = params[-1]
    return x @ weight + bias


def embed(t):
    # 16-dim sinusoidal embedding of 1000·t, max period 10000 (as the Swift core).
    half = 8
    freqs = jnp.exp(-math.log(10000.0) * jnp.arange(half, dtype=jnp.float32) / half)
    angles = (1000.0 * t)[:, None] * freqs[None, :]
    return jnp.concatenate([jnp.sin(angles), jnp.cos(angles)], axis=1)


def log_mean_coeff(t):
    return -0.25 * t ** 2 * (BETA_MAX - BETA_MIN) - 0.5 * t * BETA_MIN


def ring(key, n):
    k1, k2 = jax.random.split(key)
    angle = 2 * jnp.pi * jax.random.uniform(k1, (n,))
    radius = 1 + 0.05 * jax.random.normal(k2, (n,))
    return jnp.stack([radius * jnp.cos(angle), radius * jnp.sin(angle)], axis=1)


def loss_fn(params, key, batch):
    k1, k2, k3 = jax.random.split(key, 3)
    x0 = ring(k1, batch)
    t = jax.random.uniform(k2, (batch,), minval=0.001, maxval=1.0)
    z = jax.random.normal(k3, (batch, 2))
    mean = jnp.exp(log_mean_coeff(t))[:, None]
    std = jnp.sqrt(1 - mean ** 2)
    xt = mean * x0 + std * z
    score = mlp(params, jnp.concatenate([xt, embed(t)], axis=1))
    return jnp.mean(jnp.sum((std * score + z) ** 2, axis=1))


def adam_init(params):
    zeros = jax.tree_util.tree_map(jnp.zeros_like, params)
    return (zeros, zeros, 0)


@jax.jit
def train_step(params, state, key):
    m, v, step = state
    loss, grads = jax.value_and_grad(loss_fn)(params, key, 512)
    step = step + 1
    m = jax.tree_util.tree_map(lambda m, g: 0.9 * m + 0.1 * g, m, grads)
    v = jax.tree_util.tree_map(lambda v, g: 0.999 * v + 0.001 * g * g, v, grads)
    c1 = 1 - 0.9 ** step
    c2 = 1 - 0.999 ** step
    params = jax.tree_util.tree_map(lambda p, m, v: p - 1e-3 * (m / c1) / (jnp.sqrt(v / c2) + 1e-8), params, m, v)
    return params, (m, v, step), loss


def reverse_sample(params, key, particles, steps):
    eps = 1e-3
    dt = (1 - eps) / steps

    def body(i, carry):
        x, key = carry
        key, sub = jax.random.split(key)
        t = 1 - i * dt
        features = jnp.broadcast_to(embed(jnp.array([t], jnp.float32)), (particles, 16))
        score = mlp(params, jnp.concatenate([x, features], axis=1))
        beta = BETA_MIN + t * (BETA_MAX - BETA_MIN)
        x = x + (0.5 * beta * x + beta * score) * dt + jnp.sqrt(beta * dt) * jax.random.normal(sub, x.shape)
        return x, key

    key, sub = jax.random.split(key)
    x0 = jax.random.normal(sub, (particles, 2))
    x, _ = jax.lax.fori_loop(0, steps, body, (x0, key))
    return x


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    results = {}

    for n in (512, 128):
        a = jax.random.normal(jax.random.PRNGKey(1), (n, n), jnp.float32)
        b = jax.random.normal(jax.random.PRNGKey(2), (n, n), jnp.float32)
        matmul = jax.jit(lambda a, b: a @ b)
        matmul(a, b).block_until_ready()
        reps, start = 0, time.perf_counter()
        while time.perf_counter() - start < (0.05 if args.quick else 1.0):
            matmul(a, b).block_until_ready()
            reps += 1
        elapsed = time.perf_counter() - start
        results[f"sgemm-{n}"] = {"value": 2 * n ** 3 * reps / elapsed / 1e9, "unit": "GFLOP/s"}

    params = init_mlp(jax.random.PRNGKey(2))
    state = adam_init(params)
    key = jax.random.PRNGKey(3)
    for _ in range(20):
        key, sub = jax.random.split(key)
        params, state, loss = train_step(params, state, sub)
    loss.block_until_ready()
    steps = 50 if args.quick else 2000
    keys = jax.random.split(key, steps)
    start = time.perf_counter()
    for i in range(steps):
        params, state, loss = train_step(params, state, keys[i])
    loss.block_until_ready()
    elapsed = time.perf_counter() - start
    results["score-mlp-train"] = {"value": steps / elapsed, "unit": "steps/s", "final_loss": float(loss)}

    particles = 1000 if args.quick else 10000
    sde_steps = 50 if args.quick else 500
    sampler = jax.jit(reverse_sample, static_argnums=(2, 3))
    sampler(params, jax.random.PRNGKey(4), particles, sde_steps).block_until_ready()  # compile
    start = time.perf_counter()
    x = sampler(params, jax.random.PRNGKey(5), particles, sde_steps).block_until_ready()
    elapsed = time.perf_counter() - start
    results["reverse-sde-sample"] = {"value": particles * sde_steps / elapsed / 1e6, "unit": "M particle-steps/s",
                                     "mean_radius": float(jnp.mean(jnp.linalg.norm(x, axis=1)))}

    if args.json:
        print(json.dumps({"implementation": f"jax-{jax.__version__}-jit-cpu", **results}))
    else:
        print(f"JAX {jax.__version__} (jit, CPU)")
        for name, entry in results.items():
            print(f"{name:22s}{entry['value']:<12.2f}{entry['unit']}")


if __name__ == "__main__":
    main()
