"""Command line: ``python -m kerasbridge {config,envs,doctor}``."""

import argparse
import importlib
import json
import os
import sys
from typing import List, Optional

from . import settings
from .errors import KerasBridgeError


def _config(arguments: argparse.Namespace) -> int:
    resolved = settings.current()
    if arguments.json:
        payload = {"settings": resolved.as_dict(), "config_path": resolved.config_path}
        print(json.dumps(payload, indent=2, sort_keys=True))
    else:
        print(resolved)
        print("keras.json: %s" % resolved.config_path)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m kerasbridge",
        description="kerasbridge: the Keras backend API on TensorFlow, Theano and CNTK.",
    )
    commands = parser.add_subparsers(dest="command", metavar="{config,envs,doctor}")
    commands.required = True
    config_parser = commands.add_parser("config", help="print every setting with its source")
    config_parser.add_argument("--json", action="store_true", help="machine-readable output")
    config_parser.set_defaults(run=_config)
    _register_discovery_commands(commands)
    return parser


def _register_discovery_commands(commands) -> None:
    """Discovery brings its own commands (envs, doctor); registered when the package exists."""
    try:
        discovery_cli = importlib.import_module("kerasbridge.discovery.cli")
    except ImportError as error:
        if error.name not in ("kerasbridge.discovery", "kerasbridge.discovery.cli"):
            raise
        return
    discovery_cli.register(commands)


def main(argv: Optional[List[str]] = None) -> int:
    arguments = build_parser().parse_args(argv)
    try:
        status = arguments.run(arguments)
        sys.stdout.flush()  # a closed pipe shows here, inside the handler below
        return status
    except KerasBridgeError as error:
        print("kerasbridge: error: %s" % error, file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`... | head`): not an error of ours, and no traceback. Point
        # stdout at /dev/null so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
