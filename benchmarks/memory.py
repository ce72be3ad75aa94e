"""Peak memory and wall time of ``yeslint check`` on one big text file. Prints figures; not a test.

    python benchmarks/memory.py [--size-mb 50] [--keep] [--seed 8]

Writes a file of ordinary prose paragraphs (varied sentences built from word lists with a
fixed seed) with a sign sentence ("No refunds.") sprinkled in about once every 150
sentences, as a whole site exported to one text file would read. Then runs

    yeslint check FILE --format json -o /dev/null --no-cache

under ``/usr/bin/time`` for wall time and peak resident memory, and once more writing the
JSON report to a temporary file to count the findings.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SUBJECTS = """Our team|Every order|The shop|Our bakery|The front desk|Each room|Our tailor|The kitchen|
Your stylist|The garden centre|Our drivers|The studio|Each class|Our mechanics|The library""".split("|")
VERBS = """opens early on|ships most parcels on|welcomes families on|bakes fresh bread on|
restocks the shelves on|hosts a tasting on|offers free gift wrap on|plants new seedlings on|
answers the phone on|runs a workshop on|delivers across town on|serves breakfast on""".split("|")
DAYS = "Mondays|Tuesdays|Wednesdays|Thursdays|Fridays|Saturdays|Sundays|weekday mornings|holidays".split("|")
TAILS = """and we love to see you|with a smile|for anyone who asks|so plan a visit|
and the coffee is on us|with room for strollers|whatever the weather|for young and old alike|
and parking is easy|with help from our friendly staff""".split("|")
EXTRAS = (
    "Thanks for shopping with us.",
    "Ask us anything; we are happy to help.",
    "Gift cards come in any amount.",
    "We ship most orders the same day.",
    "Free returns within 30 days.",
    "Pets on a leash are welcome inside.",
)
SIGNS = (
    "No refunds.",
    "You cannot leave tips on a credit card.",
    "$10 minimum for credit cards.",
    "Late arrivals will be treated as walk-ins.",
    "ALL SALES ARE FINAL!!!",
)


def sentence(rng: random.Random) -> str:
    if rng.random() < 1 / 150:
        return rng.choice(SIGNS)
    if rng.random() < 0.15:
        return rng.choice(EXTRAS)
    words = [rng.choice(SUBJECTS).strip(), rng.choice(VERBS).strip(), rng.choice(DAYS)]
    if rng.random() < 0.6:
        words.append(rng.choice(TAILS).strip())
    if rng.random() < 0.3:
        words.append(f"from {rng.randint(7, 11)} am")
    return " ".join(words) + "."


def generate(path: Path, size_bytes: int, seed: int) -> None:
    """Write paragraphs of 3-8 sentences, blank-line separated, until ``size_bytes`` is reached."""
    rng = random.Random(seed)
    written = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        while written < size_bytes:
            chunk = []
            for _ in range(256):
                paragraph = " ".join(sentence(rng) for _ in range(rng.randint(3, 8))) + "\n\n"
                chunk.append(paragraph)
            data = "".join(chunk)
            out.write(data)
            written += len(data.encode("utf-8"))


def yeslint_command() -> str:
    found = shutil.which("yeslint") or str(Path(sys.executable).with_name("yeslint"))
    if not Path(found).exists():
        sys.exit("memory.py: cannot find the yeslint command; install the package first")
    return found


def measure(path: Path) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MiB, findings) of checking ``path``."""
    yeslint = yeslint_command()
    check = [yeslint, "check", str(path), "--format", "json", "--no-cache"]
    timed = subprocess.run(
        ["/usr/bin/time", "-f", "%e %M", *check, "-o", "/dev/null"],
        capture_output=True,
        text=True,
        check=False,
    )
    if timed.returncode not in (0, 1):
        sys.exit(f"memory.py: yeslint exited {timed.returncode}:\n{timed.stderr}")
    wall, peak_kib = timed.stderr.strip().splitlines()[-1].split()
    with tempfile.TemporaryDirectory(prefix="yeslint-memory-") as tmp:
        report = Path(tmp) / "report.json"
        counted = subprocess.run(
            [*check, "-o", str(report)],
            capture_output=True,
            text=True,
            check=False,
        )
        if counted.returncode not in (0, 1):
            sys.exit(f"memory.py: yeslint exited {counted.returncode}:\n{counted.stderr}")
        findings = len(json.loads(report.read_text(encoding="utf-8"))["findings"])
    return float(wall), int(peak_kib) / 1024, findings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size-mb", type=float, default=50, help="size of the generated file (default 50)")
    parser.add_argument("--keep", action="store_true", help="keep the generated file and print its path")
    parser.add_argument("--seed", type=int, default=8, help="seed of the text generator (default 8)")
    args = parser.parse_args(argv)
    if not Path("/usr/bin/time").exists():
        sys.exit("memory.py: needs GNU time at /usr/bin/time (apt-get install time)")

    folder = Path(tempfile.mkdtemp(prefix="yeslint-memory-"))
    path = folder / f"export-{args.size_mb:g}mb.txt"
    try:
        generate(path, int(args.size_mb * 1_048_576), args.seed)
        size_mib = path.stat().st_size / 1_048_576
        wall, peak_mib, findings = measure(path)
        print(f"size: {size_mib:.1f} MiB")
        print(f"wall: {wall:.1f} s")
        print(f"peak RSS: {peak_mib:.0f} MiB")
        print(f"findings: {findings}")
        if args.keep:
            print(f"file: {path}")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
