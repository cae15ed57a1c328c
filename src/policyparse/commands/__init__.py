"""CLI subcommands, one module each, exposing ``register(subparsers)``.

``cli.build_parser`` calls ``register`` of every module listed in ``COMMAND_MODULES`` that exists.
"""

COMMAND_MODULES = ("batch", "show", "diff", "timeline", "fuzz")
