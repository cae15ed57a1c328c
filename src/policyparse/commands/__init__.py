"""CLI subcommands, one module each, exposing ``register(subparsers)``.

``cli.build_parser`` calls ``register`` of every module listed in ``COMMAND_MODULES`` that exists.
"""

from __future__ import annotations

import argparse
from typing import Any

COMMAND_MODULES = ("batch", "show", "diff", "timeline", "fuzz")


def examples(*lines: str) -> str:
    """An argparse epilog listing example command lines."""
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def subcommand(subparsers: Any, name: str, help: str, *example_lines: str) -> argparse.ArgumentParser:
    """A command's parser: its help, the same sentence as its description, and examples."""
    return subparsers.add_parser(name, help=help, description=help[:1].upper() + help[1:] + ".",
                                 epilog=examples(*example_lines), formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
