"""Runs the Swift core, JAX and C benchmarks back to back and prints the ratios.

    pip install jax                      # once; JAX is a benchmark peer only
    python3 scripts/compare_benchmarks.py [--rounds 3] [--markdown]

Each round runs the three implementations in turn on the same machine with
the same environment (so the same OPENBLAS_CORETYPE); the table reports the
median over rounds, because the project machine's speed drifts by ±20%
between minutes. Ratios are Swift / peer: above 1.0 means the Swift core is faster.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_json(command, env=None):
    output = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table for the README")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--save", metavar="PATH", help="also write every round's raw results to this JSON file")
    args = parser.parse_args()

    subprocess.run(["swift", "build", "-c", "release", "--product", "Benchmarks"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    reference = "/tmp/dgm_sgemm_reference"
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "openblas"], check=True, capture_output=True,
                           text=True).stdout.split()
    subprocess.run(["cc", "-O2", os.path.join(ROOT, "scripts", "sgemm_reference.c"), *flags, "-o", reference], check=True)

    extra = ["--quick"] if args.quick else []
    rounds = {"swift": [], "jax": [], "c": []}
    for _ in range(args.rounds):
        rounds["swift"].append(run_json([os.path.join(ROOT, ".build", "release", "Benchmarks"), "--json", *extra]))
        rounds["jax"].append(run_json([sys.executable, os.path.join(ROOT, "scripts", "jax_benchmarks.py"), "--json", *extra]))
        rounds["c"].append(run_json([reference] + (["q"] if args.quick else [])))

    def median(source, workload):
        values = [r[workload]["value"] for r in rounds[source] if workload in r]
        return statistics.median(values) if values else None

    kernels = rounds["swift"][0].get("blas_kernels", "?")
    rows = []
    for workload, unit in [("sgemm-512", "GFLOP/s"), ("sgemm-128", "GFLOP/s"),
                           ("score-mlp-train", "steps/s"), ("reverse-sde-sample", "M particle-steps/s")]:
        swift, jax, c = median("swift", workload), median("jax", workload), median("c", workload)
        rows.append((workload, unit, swift, jax, c,
                     swift / jax if jax else None, swift / c if c else None))

    def fmt(value, digits=2):
        return "—" if value is None else f"{value:.{digits}f}"

    def median_of(source, workload, key):
        values = [r[workload][key] for r in rounds[source] if workload in r and key in r[workload]]
        return statistics.median(values) if values else None

    # The machine's peak, measured by the Swift benchmark (FMA chains at 256 and 512 bits, one core and all cores).
    peaks = {width: (median_of("swift", f"peak-{width}", "per_core"), median_of("swift", f"peak-{width}", "all_cores"))
             for width in (256, 512)}
    peak = max((all_cores for _, all_cores in peaks.values() if all_cores), default=None)

    if args.save:
        with open(args.save, "w") as file:
            json.dump(rounds, file, indent=1)
    first = rounds["swift"][0]
    header = (f"{first.get('cpu', '?')}; OpenBLAS kernels: {kernels}; the core's vector kernels at "
              f"{first.get('vector_bits', '?')} bits; median of {args.rounds} rounds")
    if args.markdown:
        print(header + "\n")
        print("| workload | unit | Swift core | JAX jit (CPU) | C + OpenBLAS | Swift / JAX | Swift / C |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for w, u, s, j, c, rj, rc in rows:
            digits = 2 if s is not None and s < 10 else 1   # the sampler's M particle-steps/s need two decimals
            print(f"| {w} | {u} | {fmt(s, digits)} | {fmt(j, digits)} | {fmt(c, digits)} | {fmt(rj)} | {fmt(rc)} |")
        print()
        # Each round runs Swift then JAX back to back, so a round's ratio shows how much the machine drifted.
        for workload in ("score-mlp-train", "reverse-sde-sample"):
            ratios = [sw[workload]["value"] / jx[workload]["value"] for sw, jx in zip(rounds["swift"], rounds["jax"])
                      if workload in sw and workload in jx]
            print(f"Swift / JAX round by round, {workload}: " + ", ".join(f"{r:.2f}" for r in ratios) + "  ")
        print()
        print("| peak FMA throughput | one core (GFLOP/s) | all cores (GFLOP/s) |")
        print("|---|---:|---:|")
        for width, (per_core, all_cores) in peaks.items():
            print(f"| {width}-bit vectors | {fmt(per_core, 1)} | {fmt(all_cores, 1)} |")
        print()
        print("| workload | Swift core, GFLOP/s (matrix products) | fraction of the all-core peak |")
        print("|---|---:|---:|")
        for workload, _ in [("sgemm-512", 0), ("sgemm-128", 0), ("score-mlp-train", 0), ("reverse-sde-sample", 0)]:
            g = median_of("swift", workload, "gflops")
            print(f"| {workload} | {fmt(g, 1)} | {fmt(100 * g / peak if g and peak else None, 1)}% |")
    else:
        print(header)
        print(f"{'workload':22s}{'unit':20s}{'swift':>10s}{'jax':>10s}{'c':>10s}{'swift/jax':>11s}{'swift/c':>9s}")
        for w, u, s, j, c, rj, rc in rows:
            print(f"{w:22s}{u:20s}{fmt(s):>10s}{fmt(j):>10s}{fmt(c):>10s}{fmt(rj):>11s}{fmt(rc):>9s}")


if __name__ == "__main__":
    main()
