"""The real ``pre-commit`` runs this checkout's hooks in a throwaway git repository.

The hook repository is this checkout at ``git rev-parse HEAD``, so the test covers the
committed ``.pre-commit-hooks.yaml`` and code. pre-commit builds its own virtualenv with
yeslint and spaCy (about a minute from the local wheel cache); ``PRE_COMMIT_HOME`` is
shared by every case here, so that happens once per session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git, which is not installed"),
]


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


class Sandbox:
    """A git repository whose pre-commit config points at this checkout."""

    def __init__(self, path: Path, home: Path) -> None:
        self.path = path
        self.env = {
            **os.environ,
            "PRE_COMMIT_HOME": str(home),
            "NO_COLOR": "1",
            "GIT_AUTHOR_NAME": "yeslint tests",
            "GIT_AUTHOR_EMAIL": "tests@example.com",
            "GIT_COMMITTER_NAME": "yeslint tests",
            "GIT_COMMITTER_EMAIL": "tests@example.com",
        }
        self.env.pop("VIRTUAL_ENV", None)

    def pre_commit(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", *args, "--color", "never"],
            cwd=self.path,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    def page(self, name: str, text: str) -> Path:
        path = self.path / name
        path.write_text(text, encoding="utf-8")
        _git("add", name, cwd=self.path)
        return path


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    rev = _git("rev-parse", "HEAD", cwd=ROOT)
    committed_hooks = _git("show", f"{rev}:.pre-commit-hooks.yaml", cwd=ROOT)
    assert {hook["id"] for hook in yaml.safe_load(committed_hooks)} == {"yeslint", "yeslint-fix"}
    repo = tmp_path_factory.mktemp("precommit-repo")
    _git("init", "-q", cwd=repo)
    config = {"repos": [{"repo": str(ROOT), "rev": rev, "hooks": [{"id": "yeslint"}, {"id": "yeslint-fix"}]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    box = Sandbox(repo, tmp_path_factory.mktemp("pre-commit-home"))
    started = time.monotonic()
    result = box.pre_commit("install-hooks")
    assert result.returncode == 0, result.stdout + result.stderr
    print(f"\npre-commit hook environment built in {time.monotonic() - started:.0f} s")
    yield box


def test_hook_fails_on_a_page_with_no_refunds(sandbox: Sandbox) -> None:
    sandbox.page("returns.md", "# Returns\n\nNo refunds.\n")
    result = sandbox.pre_commit("run", "yeslint", "--files", "returns.md")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Failed" in output
    assert "PR001" in output
    assert "returns.md:3:1" in output


def test_hook_passes_on_a_friendly_page(sandbox: Sandbox) -> None:
    sandbox.page("welcome.md", "# Welcome\n\nYes, we take credit cards!\n")
    sandbox.page("hours.txt", "We're open every day from nine, and happy to help.\n")
    result = sandbox.pre_commit("run", "yeslint", "--files", "welcome.md", "hours.txt")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Passed" in output


def test_hook_checks_html_and_text_and_skips_other_types(sandbox: Sandbox) -> None:
    sandbox.page("sign.txt", "$10 minimum for credit cards.\n")
    sandbox.page("tips.html", "<p>You cannot leave tips on a credit card.</p>\n")
    sandbox.page("notes.py", '"""No refunds."""\n')
    result = sandbox.pre_commit("run", "yeslint", "--files", "sign.txt", "tips.html", "notes.py")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "MN001" in output and "CN001" in output
    assert "notes.py" not in output


def test_fix_hook_leaves_a_friendly_page_alone(sandbox: Sandbox) -> None:
    page = sandbox.page("thanks.md", "# Thanks\n\nYes, we take credit cards!\n")
    before = page.read_bytes()
    result = sandbox.pre_commit("run", "yeslint-fix", "--files", "thanks.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert page.read_bytes() == before
