"""The command line the generators of Rpkg/R share (generate_r_engines.py,
generate_k_functions.py): write the generated file when its text changed, or with --check exit 1
when the committed file is not what the generator writes today."""

import argparse
from pathlib import Path
from typing import Callable


def main(doc: str, output: Path, generate: Callable[[], str], command: str, note: str = "") -> int:
    """Parses the command line (--check; ``doc``'s first line describes it in --help), then
    checks or writes ``output`` with ``generate()``'s text and returns the exit code. A stale
    file's message tells to run ``command``; ``note`` follows "wrote <output>"."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the file is stale")
    options = parser.parse_args()
    text = generate()
    current = output.read_text() if output.exists() else ""
    if options.check:
        if current != text:
            print("%s is out of date: run %s" % (output, command))
            return 1
        return 0
    if current != text:
        output.write_text(text)
        print("wrote %s%s" % (output, note))
    return 0
