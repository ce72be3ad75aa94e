"""Time yeslint against its peer linters on the same corpus, in one run. Prints figures; not a test.

    python benchmarks/speed.py [--workloads single,single-cand,subset,full] [--runs 3]
        [--corpus DIR] [--peers-venv DIR] [--peers-node DIR] [--tools proselint,write-good,alex,yeslint]

Set up the peers and the corpus once with the shared kit (from the project root):

    bash ../shared/bench/install-peers.sh .venv-peers     # proselint + ./bench-node (alex, write-good)
    bash ../shared/bench/make-corpus.sh                   # ./bench-corpus/{single,single-cand,subset,full}

Every tool runs on the same folder, tools alternate within each repetition (so a busy
neighbour slows all of them alike), and each run goes through ``/usr/bin/time`` for its wall
time and the peak memory of its largest process ("peak MiB"); the whole process tree,
workers included, is sampled from /proc every 0.1 s ("all procs"). yeslint is timed cold
(a fresh, empty cache for every run) and warm (the cache left by the previous run), as
users meet both.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Timing:
    walls: list[float] = field(default_factory=list)
    peaks_kib: list[int] = field(default_factory=list)
    tree_peaks_kib: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.walls) if self.walls else float("nan")


def _files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.md"))


def commands(tool: str, folder: Path, peers_venv: Path, peers_node: Path) -> list[str] | None:
    """The command line for one tool, or None when it is not installed."""
    yeslint = shutil.which("yeslint") or str(Path(sys.executable).with_name("yeslint"))
    files = [str(p) for p in _files(folder)]
    table = {
        "yeslint": [yeslint, "check", str(folder), "--format", "json"],
        "proselint": [str(peers_venv / "bin" / "proselint"), "check", str(folder)],
        "write-good": [str(peers_node / "node_modules" / ".bin" / "write-good"), *files],
        "alex": [str(peers_node / "node_modules" / ".bin" / "alex"), str(folder)],
    }
    command = table[tool]
    return command if Path(command[0]).exists() else None


def _tree_rss_kib(root: int) -> int:
    """Resident memory of ``root`` and all its descendants, summed, from /proc (Linux)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry.name)] = int(fields.get("PPid", "0").strip() or 0)
        rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in tree:
                tree.add(pid)
                frontier.append(pid)
    return sum(rss.get(pid, 0) for pid in tree)


@dataclass
class Run:
    wall: float
    peak_kib: int
    tree_peak_kib: int
    failure: str | None
    """Why the run does not count (a crash or an error exit), or None."""


FAILURE_STATUSES: dict[str, range] = {"yeslint": range(2, 256)}
"""Exit codes that mean a tool failed: yeslint exits 0 (clean) or 1 (findings). Peers' codes
vary (some count their warnings), so for them only a crash or a traceback counts."""


def run_once(tool: str, command: list[str], env: dict[str, str]) -> Run:
    """Wall seconds, peak RSS of the largest process (KiB, GNU time) and the sampled peak of
    the whole process tree (KiB): worker processes count too, whoever their parent is. A
    failed run is reported as such: a tool that stops at once must not look fast."""
    with (
        tempfile.NamedTemporaryFile("r", suffix=".time") as report,
        tempfile.TemporaryFile("w+") as errors,
    ):
        timed = ["/usr/bin/time", "-f", "%e %M %x", "-o", report.name, *command]
        process = subprocess.Popen(timed, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        tree_peak = 0
        sample = Path("/proc").is_dir()
        while process.poll() is None:
            if sample:
                tree_peak = max(tree_peak, _tree_rss_kib(process.pid))
            time.sleep(0.1)
        wall, peak, status = report.read().split()[-3:]
        errors.seek(0)
        said = errors.read()
    failure = None
    if int(status) in FAILURE_STATUSES.get(tool, ()) or "Traceback (most recent call last)" in said:
        failure = f"exit {status}: {(said.strip().splitlines() or ['(no output)'])[-1][:200]}"
    return Run(float(wall), int(peak), max(tree_peak, int(peak)), failure)


def measure(args: argparse.Namespace, workload: str) -> dict[str, Timing]:
    folder = args.corpus / workload
    tools = [t for t in args.tools.split(",") if t]
    variants = [("yeslint cold", "yeslint"), ("yeslint warm", "yeslint")] + [
        (t, t) for t in tools if t != "yeslint"
    ]
    results: dict[str, Timing] = {}
    warm_cache = Path(tempfile.mkdtemp(prefix="yeslint-bench-warm-"))
    base_env = dict(os.environ)
    base_env["YESLINT_CACHE_DIR"] = str(warm_cache)
    # Installed packages carry compiled bytecode (pip writes it); a sandbox that forbids
    # writing it would make an editable yeslint recompile its own modules on every run. The
    # first run below writes it, as a user's first run would.
    base_env.pop("PYTHONDONTWRITEBYTECODE", None)
    command_yeslint = commands("yeslint", folder, args.peers_venv, args.peers_node)
    if command_yeslint:
        run_once("yeslint", command_yeslint, base_env)  # fill the warm cache
    for _ in range(args.runs):
        for label, tool in variants:
            if tool not in tools:
                continue
            command = commands(tool, folder, args.peers_venv, args.peers_node)
            if command is None:
                continue
            env = dict(base_env)
            if label == "yeslint cold":
                env["YESLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="yeslint-bench-cold-")
            run = run_once(tool, command, env)
            timing = results.setdefault(label, Timing())
            if run.failure is not None:
                timing.failures.append(run.failure)
            else:
                timing.walls.append(run.wall)
                timing.peaks_kib.append(run.peak_kib)
                timing.tree_peaks_kib.append(run.tree_peak_kib)
            if label == "yeslint cold":
                shutil.rmtree(env["YESLINT_CACHE_DIR"], ignore_errors=True)
    shutil.rmtree(warm_cache, ignore_errors=True)
    return results


def report(workload: str, folder: Path, results: dict[str, Timing]) -> None:
    size = sum(p.stat().st_size for p in _files(folder))
    print(f"\n## {workload}: {len(_files(folder))} files, {size / 1e6:.2f} MB")
    print(f"{'tool':<14} {'median s':>9} {'MB/s':>7} {'peak MiB':>9} {'all procs':>9}  runs")
    for label, timing in results.items():
        for failure in dict.fromkeys(timing.failures):
            print(f"{label:<14} FAILED {timing.failures.count(failure)}x, {failure}")
        if not timing.walls:
            continue
        mbps = size / 1e6 / timing.median if timing.median else float("inf")
        peak = max(timing.peaks_kib) / 1024
        tree = max(timing.tree_peaks_kib) / 1024
        runs = " ".join(f"{w:.2f}" for w in timing.walls)
        print(f"{label:<14} {timing.median:9.3f} {mbps:7.2f} {peak:9.0f} {tree:9.0f}  {runs}")
    cold = results.get("yeslint cold")
    if cold and cold.walls:
        for label, timing in results.items():
            if not label.startswith("yeslint") and timing.walls:
                print(f"yeslint cold is {timing.median / cold.median:.2f}x faster than {label}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workloads", default="single,single-cand,subset")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=ROOT / "bench-corpus")
    parser.add_argument("--peers-venv", type=Path, default=ROOT / ".venv-peers")
    parser.add_argument("--peers-node", type=Path, default=ROOT / "bench-node")
    parser.add_argument("--tools", default="yeslint,proselint,write-good,alex")
    args = parser.parse_args(argv)
    if not Path("/usr/bin/time").exists():
        print("speed: needs GNU time at /usr/bin/time (apt-get install time)", file=sys.stderr)
        return 2
    failed = False
    for workload in args.workloads.split(","):
        folder = args.corpus / workload
        if not folder.is_dir():
            print(f"speed: {folder}: no such folder (run ../shared/bench/make-corpus.sh)", file=sys.stderr)
            return 2
        results = measure(args, workload)
        report(workload, folder, results)
        failed = failed or any(timing.failures for timing in results.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
