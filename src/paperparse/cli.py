"""Command line: ``paperparse parse``, ``inspect`` and ``merge`` over saved pages.

Every error is one line, ``paperparse: <what>: <why>``; a traceback is a bug. Exit status:
0 when every input was parsed (problems are reported but do not fail the run), 1 when an
input could not be read or is no papers page, an output could not be written, or
``--strict`` found a problem; 2 on a usage error; 130 when interrupted (Ctrl-C).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from ._cli.errors import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, CliError
from ._model import OutputError

_COMMANDS = {"parse": "run_parse", "inspect": "run_inspect", "merge": "run_merge"}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    from ._cli import commands
    from ._cli.arguments import build_parser

    try:
        args = build_parser().parse_args(argv)
        status: int = getattr(commands, _COMMANDS[args.command])(args)
    except CliError as error:
        _say(error.line())
        return error.status
    except ImportError as error:
        if "paperparse[" not in str(error):
            raise  # not an extra left uninstalled: a bug
        _say(f"paperparse: {error}")  # "Parquet needs pyarrow: pip install ..."
        return EXIT_FAILED
    except OutputError as error:
        _say(f"paperparse: cannot write {error.target}: {error.reason}")
        return EXIT_FAILED
    except BrokenPipeError:
        # The reader went away (`paperparse parse ... | head`): not an error of ours.
        # Point stdout at devnull so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        _say("paperparse: interrupted")
        return EXIT_INTERRUPTED
    except OSError as error:  # standard output itself: a full disk, a closed descriptor
        where = error.filename or "the output"
        _say(f"paperparse: cannot write {where}: {error.strerror or error}")
        return EXIT_FAILED
    return status


def _say(line: str) -> None:
    print(line, file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
