"""Locating and running the command-line tools (eyeriss-compile, eyeriss-run)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, List, Mapping, Optional, Sequence, Union

PathLike = Union[str, os.PathLike]

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BIN_DIR = REPO_ROOT / "build" / "bin"
BUILD_DIR_ENV = "EYERISS_BUILD_DIR"


class EyerissError(Exception):
    """Base class of the errors of the eyeriss package."""


class ToolError(EyerissError):
    """A command-line tool failed. `stderr` holds its message, `returncode` its exit code,
    `command` the argument list it was run with (None when it never ran)."""

    def __init__(self, message: str, *, stderr: str = "", stdout: str = "",
                 returncode: Optional[int] = None,
                 command: Optional[Sequence[str]] = None) -> None:
        super().__init__(message)
        self.stderr = stderr
        self.stdout = stdout
        self.returncode = returncode
        self.command = list(command) if command is not None else None


class ToolNotFoundError(EyerissError, FileNotFoundError):
    """A command-line tool is not built (or not where it was looked for)."""


def _candidate_dirs(tools_dir: Optional[PathLike]) -> List[Path]:
    if tools_dir is not None:
        base = Path(tools_dir)
        return [base, base / "bin"]
    env = os.environ.get(BUILD_DIR_ENV)
    if env:
        base = Path(env)
        return [base / "bin", base]
    return [DEFAULT_BIN_DIR]


def find_tool(name: str, tools_dir: Optional[PathLike] = None) -> Path:
    """Path of the executable `name` (eyeriss-compile, eyeriss-run, ...).

    Looked for in `tools_dir` (or its bin/), else in $EYERISS_BUILD_DIR/bin (or
    $EYERISS_BUILD_DIR itself), else in <repo>/build/bin; only when neither `tools_dir`
    nor the variable is given and <repo>/build/bin lacks it, on PATH.
    """
    searched = _candidate_dirs(tools_dir)
    for directory in searched:
        candidate = directory / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    if tools_dir is None and not os.environ.get(BUILD_DIR_ENV):
        found = shutil.which(name)
        if found:
            return Path(found)
    where = ", ".join(str(d) for d in searched)
    raise ToolNotFoundError(
        f"{name} not found (looked in {where}"
        f"{'' if tools_dir is not None or os.environ.get(BUILD_DIR_ENV) else ' and on PATH'}); "
        f"build it (cmake --build build --target {name}), or point {BUILD_DIR_ENV} or "
        f"tools_dir at the build directory")


def tool_available(name: str, tools_dir: Optional[PathLike] = None) -> bool:
    """Whether find_tool(name, tools_dir) would succeed."""
    try:
        find_tool(name, tools_dir)
        return True
    except ToolNotFoundError:
        return False


def _format_value(value) -> str:
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ",".join(_format_value(v) for v in value)
    return str(value)


def option_flags(options: Mapping[str, object], separate: bool = False) -> List[str]:
    """Command-line flags for keyword options: ``python_name`` → ``--python-name``.

    ``True`` gives the bare flag, ``False`` and ``None`` leave it out, a list repeats the
    flag once per element, a tuple is joined with commas (``input_range=(-1, 1)`` →
    ``--input-range=-1,1``), a dict gives one ``key:value`` flag per item
    (``shape={"input": (1, 3, 64, 64)}`` → ``--shape=input:1,3,64,64``). With
    `separate`, a value is a separate argument (``--seed 3``) instead of ``--seed=3``.
    """
    args: List[str] = []
    for key, value in options.items():
        flag = key if key.startswith("-") else "--" + key.replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            args.append(flag)
            continue
        if isinstance(value, Mapping):
            values = [f"{k}:{_format_value(v)}" for k, v in value.items()]
        elif isinstance(value, list):
            values = [_format_value(v) for v in value]
        else:
            values = [_format_value(value)]
        for v in values:
            args.extend([flag, v] if separate else [f"{flag}={v}"])
    return args


def _pump(stream: IO[str], sink: List[str], echo: Optional[IO[str]]) -> None:
    for line in iter(stream.readline, ""):
        sink.append(line)
        if echo is not None:
            echo.write(line)
            echo.flush()
    stream.close()


def run_tool(command: Sequence[str], *, echo_stderr: bool = False, echo_stdout: bool = False,
             timeout: Optional[float] = None, cwd: Optional[PathLike] = None):
    """Run `command`; return (returncode, stdout, stderr). With echo_*, the stream is
    also copied to this process's stream as it arrives (progress lines)."""
    if not echo_stderr and not echo_stdout:
        done = subprocess.run(list(command), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, errors="replace", timeout=timeout, cwd=cwd)
        return done.returncode, done.stdout, done.stderr
    process = subprocess.Popen(list(command), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, errors="replace", cwd=cwd)
    out: List[str] = []
    err: List[str] = []
    threads = [threading.Thread(target=_pump, args=(process.stdout, out,
                                                    sys.stdout if echo_stdout else None)),
               threading.Thread(target=_pump, args=(process.stderr, err,
                                                    sys.stderr if echo_stderr else None))]
    for t in threads:
        t.daemon = True
        t.start()
    try:
        returncode = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise
    finally:
        for t in threads:
            t.join()
    return returncode, "".join(out), "".join(err)
