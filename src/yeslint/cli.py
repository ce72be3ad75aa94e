"""The command line: parse options, run the engine, pick an emitter, map errors to exit codes.

Exit codes (as ruff's): 0 nothing found, 1 findings, 2 bad input, configuration, rule
files or usage. Domain code raises `YeslintError`; only this module prints it.
"""

from __future__ import annotations

import functools
import gc
import logging
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from yeslint import __version__
from yeslint.errors import YeslintError

if TYPE_CHECKING:
    from rich.console import Console

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

app = typer.Typer(
    name="yeslint",
    help="Find boundary phrasing in customer-facing text and suggest 'yes, we can' rewrites.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@functools.cache
def stderr() -> Console:
    """The console for errors and notes, built on first use: Rich costs ~0.1 s to import,
    and a clean run never prints to stderr."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str) -> typer.Exit:
    """Print a one-line error on stderr and return the exit to raise."""
    stderr().print(f"yeslint: error: {message}", markup=False)
    return typer.Exit(code=EXIT_ERROR)


def reports_errors(command: F) -> F:
    """Turn `YeslintError` into one stderr line and exit code 2; never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except YeslintError as error:
            raise _fail(str(error)) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"yeslint {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool | None,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Log what yeslint does, with tracebacks.")] = False,
) -> None:
    """Find boundary phrasing in customer-facing text and suggest 'yes, we can' rewrites."""
    if debug:
        os.environ["YESLINT_DEBUG"] = "1"
        logging.basicConfig(level=logging.DEBUG, format="yeslint: %(name)s: %(message)s")


def _register_commands() -> None:
    from yeslint.commands import cache, check, explain, fix, rules

    app.command("check", no_args_is_help=False)(reports_errors(check.check))
    app.command("fix", no_args_is_help=False)(reports_errors(fix.fix))
    app.command("rules")(reports_errors(rules.list_rules))
    app.command("explain")(reports_errors(explain.explain))
    app.add_typer(cache.app, name="cache")


_register_commands()


def _click_errors() -> tuple[tuple[type[BaseException], ...], tuple[type[BaseException], ...]]:
    """Usage errors and aborts. Typer 0.29 bundles its own copy of click's exceptions; older
    releases raise click's, which can only happen if click was imported, so it is not imported
    here just to be caught."""
    usage: list[type[BaseException]] = [typer.TyperException]
    aborts: list[type[BaseException]] = [typer.Abort, KeyboardInterrupt]
    if (click := sys.modules.get("click")) is not None:
        usage.append(click.ClickException)
        aborts.append(click.exceptions.Abort)
    return tuple(usage), tuple(aborts)


def _usage_message(error: Exception) -> str:
    """One line: the problem, then where to read about the command."""
    message = error.format_message() if hasattr(error, "format_message") else str(error)
    message = " ".join(message.split()).rstrip(".")
    ctx = getattr(error, "ctx", None)
    if ctx is not None and ctx.parent is not None:
        return f"{message}; see 'yeslint {ctx.info_name} --help'"
    return f"{message}; see 'yeslint --help'"


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point; usage errors become one line, like every other error.

    Tests pass ``argv``; without it this is the process's last act, and the heap is left
    to the operating system (see `_skip_final_collection`).
    """
    code = _dispatch(argv)
    if argv is None:
        _skip_final_collection()
    sys.exit(code)


def _dispatch(argv: list[str] | None) -> int:
    """Run one command and return its exit code, whatever it raised."""
    command = typer.main.get_command(app)
    usage_errors, aborts = _click_errors()
    try:
        code = command.main(args=argv, prog_name="yeslint", standalone_mode=False)
    except usage_errors as error:
        if type(error).__name__ == "NoArgsIsHelpError":  # bare "yeslint": the help, as it is
            sys.stderr.write(error.format_message() + "\n")  # type: ignore[attr-defined]
            return EXIT_ERROR
        stderr().print(f"yeslint: error: {_usage_message(error)}", markup=False)
        return EXIT_ERROR
    except aborts:
        stderr().print("yeslint: interrupted", markup=False)
        return 130
    except YeslintError as error:
        stderr().print(f"yeslint: error: {error}", markup=False)
        return EXIT_ERROR
    except Exception as error:  # a bug: say so in one line unless --debug asks for the traceback
        if os.environ.get("YESLINT_DEBUG"):
            raise
        stderr().print(
            f"yeslint: internal error: {type(error).__name__}: {error} (run with --debug for details)",
            markup=False,
        )
        return EXIT_ERROR
    return code if isinstance(code, int) else EXIT_CLEAN


def _skip_final_collection() -> None:
    """Keep Python's last garbage collection off the objects alive now.

    At exit the interpreter collects every object still tracked; with a spaCy pipeline in
    memory that took 0.2 s of a 2.0 s run on the benchmark machine, spent on memory the
    operating system takes back at once. Frozen objects are skipped by the collector;
    atexit handlers, flushing and module teardown still run as usual.
    """
    gc.freeze()


__all__ = ["EXIT_CLEAN", "EXIT_ERROR", "EXIT_FINDINGS", "app", "main"]
