"""leantui benchmarks: `python tests/perf/bench.py [--runs N] [--only TEXT]`.

Prints one JSON line per figure: the median, min and max of several runs (default 7),
in milliseconds or MiB. Not part of the test suite (pytest collects test_*.py only).

Every figure is measured in a child process started the way a user starts leantui, and
the floors (python itself, a trivial Typer `--help`, a trivial Textual app) are measured
in the same run, interleaved with leantui's runs, so that their ratios hold on any machine.

"First frame" is measured honestly in a real pseudo-terminal: the clock starts just before
the process is spawned on a pty and stops when a text that only a drawn screen contains
(a card title, the floor app's label) shows up in the terminal output, and the rest of
that frame has been read. Keys are typed into the pty once the app has gone quiet. Peak RSS
is the child's VmHWM (/proc), read just before it is killed.

Figures: python start-up, a trivial Typer --help and a trivial Textual app's first frame
(the floors); `leantui --help`; the first frame on the demo database (`leantui demo`); and
on one board of 1,000 and of 10,000 cards: the first frame with cards drawn, a move key
(L) to the repainted frame, a typed filter to the filtered frame, and peak RSS.

To add a figure: write a `sample(ctx) -> {figure: value}` function (and a `setup` that
prepares a database once, if it needs one) and append a `Measurement` to MEASUREMENTS.
`Pty` drives a TUI: `start`, `wait_for(marker)`, `send(keys)`, `stop()`.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import fcntl
import json
import os
import re
import resource
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PYTHON = sys.executable
BIN = Path(sys.executable).parent
LEANTUI = str(BIN / "leantui") if (BIN / "leantui").exists() else shutil.which("leantui") or ""
SIZE = (40, 120)  # rows, columns of the pseudo-terminal
TIMEOUT = 30.0  # seconds to wait for a marker before a run counts as failed
PROBE_TIMEOUT = 10.0  # seconds a setup waits to see whether a screen draws what it needs

# CSI, OSC (ended by BEL or ST), and other two-byte escapes: stripped before searching.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")

FLOOR_TEXTUAL = """
from textual.app import App, ComposeResult
from textual.widgets import Static

class Floor(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("FLOOR-READY 就绪")

Floor().run()
"""

FLOOR_TYPER = """
import typer

app = typer.Typer()

@app.command()
def hello(name: str = typer.Option("world", help="Who to greet.")) -> None:
    typer.echo(f"hello {name}")

@app.command()
def bye() -> None:
    typer.echo("bye")

app()
"""


class MarkerTimeout(RuntimeError):
    pass


class Skip(Exception):
    """Raised by a setup when its figure cannot be measured yet; reported, not fatal."""


# --- driving a process on a pseudo-terminal -----------------------------------------------


class Pty:
    """A child process on its own pseudo-terminal, with its output as plain text."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], size: tuple[int, int] = SIZE):
        self.argv, self.env, self.size = list(argv), env, size
        self.raw = bytearray()
        self.text = ""
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.proc: subprocess.Popen[bytes] | None = None
        self.master = -1
        self.started = 0.0

    def start(self) -> float:
        master, slave = os.openpty()
        rows, cols = self.size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

        def controlling_tty() -> None:  # runs in the child, after setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            self.argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=self.env,
            start_new_session=True,
            preexec_fn=controlling_tty,  # safe: this script starts no threads
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        return self.started

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 1 << 16)
        except OSError:  # EIO: the child closed the terminal
            chunk = b""
        if not chunk:
            screen = "\n".join(line for line in self.plain().splitlines() if line.strip())
            raise MarkerTimeout(f"{self.argv[0]} exited early:\n{screen[-3000:]}")
        self.raw += chunk
        self.text += self._decoder.decode(chunk)
        return True

    def plain(self, start: int = 0) -> str:
        return _ESCAPES.sub("", self.text[start:])

    def wait_for(
        self, markers: str | Iterable[str], since: int = 0, timeout: float = TIMEOUT
    ) -> float:
        """Read until any marker appears in the text written after offset `since`;
        returns the moment (perf_counter) it was read."""
        wanted = [markers] if isinstance(markers, str) else list(markers)
        deadline = time.perf_counter() + timeout
        while True:
            screen = self.plain(since)
            if any(m in screen for m in wanted):
                return time.perf_counter()
            left = deadline - time.perf_counter()
            if left <= 0:
                raise MarkerTimeout(f"none of {wanted[:3]} on screen:\n{screen[-2000:]}")
            self._read(min(left, 0.5))

    def send(self, keys: str | bytes) -> int:
        """Type keys; returns the text offset to pass to `wait_for(since=…)`."""
        offset = len(self.text)
        os.write(self.master, keys.encode() if isinstance(keys, str) else keys)
        return offset

    def drain(self) -> float:
        """Read the rest of a frame already on its way (a frame arrives in several
        chunks); returns when the last chunk was read."""
        last = time.perf_counter()
        while self._read(0.002):
            last = time.perf_counter()
        return last

    def settle(self, quiet: float = 0.3, limit: float = 5.0) -> None:
        """Wait until the program has drawn nothing for `quiet` seconds (start-up work,
        a cursor blink and the like are over), so a key is measured from an idle app."""
        deadline = time.perf_counter() + limit
        while self._read(quiet) and time.perf_counter() < deadline:
            pass

    def peak_rss(self) -> float:
        """The child's peak RSS so far, in MiB. VmHWM belongs to the program itself:
        `ru_maxrss` from wait4 would also count the copy of this (larger) script that
        fork made before exec."""
        assert self.proc is not None
        status = Path(f"/proc/{self.proc.pid}/status")
        if status.exists():
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return float(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024

    def stop(self) -> None:
        """Kill the child and reap it."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        os.waitpid(self.proc.pid, 0)
        self.proc.returncode = -9
        os.close(self.master)
        self.proc = None

    def __enter__(self) -> Pty:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def first_frame(
    argv: Sequence[str], env: dict[str, str], markers: Iterable[str], timeout: float = TIMEOUT
) -> tuple[Pty, float]:
    """Start `argv` on a pty and wait for the first frame showing a marker; returns the
    running child (the caller stops it) and ms from spawn to that frame."""
    pty = Pty(argv, env)
    pty.start()
    try:
        pty.wait_for(markers, timeout=timeout)
        drawn = pty.drain()
    except BaseException:
        pty.stop()
        raise
    return pty, (drawn - pty.started) * 1000


def frame_sample(
    prefix: str, argv: Sequence[str], env: dict[str, str], markers: list[str]
) -> dict[str, float]:
    pty, ms = first_frame(argv, env, markers)
    try:
        return {f"{prefix}_first_frame": ms, f"{prefix}_peak_rss": pty.peak_rss()}
    finally:
        pty.stop()


def wall(argv: Sequence[str], env: dict[str, str]) -> float:
    """Wall time of a command that exits by itself, in ms."""
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, check=False)
    elapsed = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"{argv} failed: {done.stderr.decode(errors='replace')[-500:]}")
    return elapsed


# --- the workspace every run shares -------------------------------------------------------


def compile_leantui() -> None:
    """leantui's modules compiled, as an install leaves them (pip writes the .pyc files):
    a checkout run with PYTHONDONTWRITEBYTECODE has none, and every start measured would
    compile some 170 modules (0.1 s) that no user's start compiles."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("leantui")
    if spec is not None and spec.origin:
        compileall.compile_dir(Path(spec.origin).parent, quiet=1)


@dataclass
class Ctx:
    root: Path
    env: dict[str, str]
    state: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # figure -> first failure

    def fresh_copy(self, template: Path, name: str) -> Path:
        """A private copy of a prepared database for one run (runs change it)."""
        target = self.root / "runs" / name
        target.parent.mkdir(exist_ok=True)
        for old in target.parent.glob(target.name + "*"):
            old.unlink()
        shutil.copyfile(template, target)
        return target


def make_ctx(root: Path) -> Ctx:
    compile_leantui()
    home = root / "home"
    env = {
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "LEANTUI_USER": "bench",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return Ctx(root, env)


def in_process_db(path: Path) -> Any:
    """Open (or create) a database in this process, to build and read test data."""
    try:
        from leantui.core.db.opening import open_database
    except ImportError:  # run from a checkout with a Python that lacks leantui
        sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
        from leantui.core.db.opening import open_database

    db, _ = open_database(path, create=True)
    return db


def known_file(ctx: Ctx, template: Path, name: str) -> Path:
    """A copy of `template` that leantui has opened and closed cleanly, as a user's file
    is on every start but the first: its start skips the page-by-page check
    (leantui/core/db/checked.py). Runs on it must not change it (`still_known`)."""
    from leantui.core.db import checked

    target = ctx.fresh_copy(template, name)
    time.sleep(max(0.0, checked.SETTLE_SECONDS) + 0.1)  # file times that tell changes apart
    subprocess.run(
        [LEANTUI, "--db", str(target), "info"], env=ctx.env, check=True, capture_output=True
    )
    ctx.state[f"stamp:{target}"] = checked.stamp(target)
    return target


def still_known(ctx: Ctx, path: Path) -> None:
    """Fail the run if a run changed the known file (its next start would check it)."""
    from leantui.core.db import checked

    if checked.stamp(path) != ctx.state[f"stamp:{path}"]:
        raise RuntimeError(f"{path} was changed by a run: its start is no longer a known file's")


def card_markers(path: Path) -> list[str]:
    """Texts that only a drawn board shows: the start of the top card's title in every
    column of every board (a board may cut a long title with an ellipsis)."""
    from leantui.core.kanban import boards, cards

    db = in_process_db(path)
    try:
        markers = []
        for board in boards.list_boards(db):
            seen: set[int] = set()
            for row in cards.board_cards(db, board.id):
                if row.column_id not in seen:
                    seen.add(row.column_id)
                    markers.append(row.title[:6])
        return markers
    finally:
        db.close()


# --- measurements -------------------------------------------------------------------------


@dataclass
class Measurement:
    name: str
    sample: Callable[[Ctx], dict[str, float]]
    setup: Callable[[Ctx], None] = lambda ctx: None  # may raise Skip


def python_startup(ctx: Ctx) -> dict[str, float]:
    return {"floor_python_startup": wall([PYTHON, "-c", "pass"], ctx.env)}


def typer_help(ctx: Ctx) -> dict[str, float]:
    script = ctx.root / "floor_typer.py"
    script.write_text(FLOOR_TYPER, encoding="utf-8")
    return {"floor_typer_help": wall([PYTHON, str(script), "--help"], ctx.env)}


def leantui_help(ctx: Ctx) -> dict[str, float]:
    return {"leantui_help": wall([LEANTUI, "--help"], ctx.env)}


def textual_frame(ctx: Ctx) -> dict[str, float]:
    script = ctx.root / "floor_textual.py"
    script.write_text(FLOOR_TEXTUAL, encoding="utf-8")
    return frame_sample("floor_textual", [PYTHON, str(script)], ctx.env, ["FLOOR-READY"])


def setup_demo(ctx: Ctx) -> None:
    """The demo workspace, through `leantui demo` when it exists, else ~60 cards made
    with the services. The first frame is the board with its cards drawn."""
    template = ctx.root / "demo.db"
    made = subprocess.run(
        [LEANTUI, "--db", str(template), "demo"], env=ctx.env, capture_output=True, check=False
    )
    if made.returncode != 0:
        for leftover in ctx.root.glob("demo.db*"):
            leftover.unlink()
        build_board(template, 60, name="装配一组 Line 1")
        ctx.state["demo_source"] = "services (60 cards)"
    else:
        ctx.state["demo_source"] = "leantui demo"
    ctx.state["demo_db"] = template
    ctx.state["demo_markers"] = markers = card_markers(template)
    probe_board(ctx, template, markers)


def probe_board(ctx: Ctx, template: Path, markers: list[str]) -> None:
    """Skip a figure (instead of timing something else) when leantui does not draw a
    card of this database: the board screen is missing or broken."""
    try:
        probe, _ = first_frame(
            [LEANTUI, "--db", str(ctx.fresh_copy(template, "probe.db"))],
            ctx.env,
            markers,
            timeout=PROBE_TIMEOUT,
        )
        probe.stop()
    except MarkerTimeout as exc:
        print(exc, file=sys.stderr)
        first = str(exc).splitlines()[0]
        raise Skip(f"no card drawn within {PROBE_TIMEOUT:.0f} s: {first}") from None


def demo_frame(ctx: Ctx) -> dict[str, float]:
    path = ctx.fresh_copy(ctx.state["demo_db"], "demo.db")
    return frame_sample(
        "leantui_demo", [LEANTUI, "--db", str(path)], ctx.env, ctx.state["demo_markers"]
    )


def card_code(i: int) -> str:
    """The start of card i's title on a generated board: short, unique, easy to spot."""
    return f"K{i:05d}"


def build_board(path: Path, n: int, name: str = "Big board") -> None:
    """One board with `n` cards spread over its columns, plus a create event per card,
    inserted with SQLAlchemy Core in one transaction."""
    from datetime import UTC, datetime, timedelta

    from sqlmodel import SQLModel

    from leantui.core.kanban import boards

    db = in_process_db(path)
    try:
        board = boards.create_board(db, name)
        columns = boards.columns(db, board.id)
        cards_t = SQLModel.metadata.tables["cards"]
        events_t = SQLModel.metadata.tables["events"]
        base = datetime(2025, 1, 6, 8, tzinfo=UTC)
        owners = ["王芳", "Li Wei", "张伟", "Maria", ""]
        # backlog 40 %, queue 30 %, active 10 %, done 20 %
        share = [0.4, 0.3, 0.1, 0.2]
        rows, positions = [], [0] * len(columns)
        for i in range(n):
            spot, acc = len(columns) - 1, 0.0
            for index, part in enumerate(share[: len(columns)]):
                acc += part
                if (i + 0.5) / n < acc:
                    spot = index
                    break
            column = columns[spot]
            created = base + timedelta(minutes=7 * i)
            rows.append(
                {
                    "board_id": board.id,
                    "column_id": column.id,
                    "position": positions[spot],
                    "title": f"{card_code(i)} 更换夹具 replace worn fixture, station {i % 40}",
                    "description": "",
                    "owner": owners[i % len(owners)],
                    "tags": "5S,safety" if i % 3 == 0 else "",
                    "priority": i % 4,
                    "due": (created + timedelta(days=14)).date() if i % 2 else None,
                    "blocked": i % 17 == 0,
                    "blocked_reason": "waiting for parts" if i % 17 == 0 else "",
                    "blocked_since": created if i % 17 == 0 else None,
                    "source_type": "",
                    "source_id": None,
                    "created_at": created,
                    "started_at": created if column.kind in ("active", "done") else None,
                    "completed_at": created if column.kind == "done" else None,
                    "moved_at": created,
                    "archived_at": None,
                    "version": 1,
                }
            )
            positions[spot] += 1
        with db.engine.begin() as conn:
            conn.execute(cards_t.insert(), rows)
            ids = [r[0] for r in conn.execute(cards_t.select().with_only_columns(cards_t.c.id))]
            conn.execute(
                events_t.insert(),
                [
                    {
                        "at": base,
                        "actor": "bench",
                        "entity_type": "card",
                        "entity_id": card_id,
                        "action": "create",
                        "payload": {"bulk": True},  # a JSON column: SQLAlchemy encodes it
                        "board_id": board.id,
                    }
                    for card_id in ids
                ],
            )
    finally:
        db.close()


def setup_board(n: int) -> Callable[[Ctx], None]:
    def setup(ctx: Ctx) -> None:
        template = ctx.root / f"board_{n}.db"
        build_board(template, n)
        ctx.state[f"board_{n}_db"] = template
        ctx.state[f"board_{n}_markers"] = markers = card_markers(template)
        probe_board(ctx, template, markers)
        from leantui.core.i18n import set_language, t

        set_language("en")
        ctx.state["filter_title"] = t("board.filter_title")

    return setup


def setup_known_board(n: int) -> Callable[[Ctx], None]:
    def setup(ctx: Ctx) -> None:
        if f"board_{n}_db" not in ctx.state:
            setup_board(n)(ctx)
        ctx.state[f"board_{n}_known"] = known_file(ctx, ctx.state[f"board_{n}_db"], f"known_{n}.db")

    return setup


def known_board_sample(n: int) -> Callable[[Ctx], dict[str, float]]:
    """Spawn to the first frame with cards drawn, on a file leantui closed cleanly."""

    def sample(ctx: Ctx) -> dict[str, float]:
        path = ctx.state[f"board_{n}_known"]
        pty, ms = first_frame(
            [LEANTUI, "--db", str(path)], ctx.env, ctx.state[f"board_{n}_markers"]
        )
        pty.stop()
        still_known(ctx, path)
        return {f"board_{n}_known_file_first_frame": ms}

    return sample


def board_sample(n: int) -> Callable[[Ctx], dict[str, float]]:
    """One run on a board of `n` cards: spawn to the first frame with cards drawn; the
    move key (L: the top card of the first column goes to the next column, the cursor
    follows it) to the frame that shows it there; Enter in the filter form (the words
    typed already) to the frame showing the one matching card, which was off screen; and
    the peak RSS over all of it."""

    def sample(ctx: Ctx) -> dict[str, float]:
        path = ctx.fresh_copy(ctx.state[f"board_{n}_db"], f"board_{n}.db")
        argv = [LEANTUI, "--db", str(path)]
        pty, ms = first_frame(argv, ctx.env, ctx.state[f"board_{n}_markers"])
        out = {f"board_{n}_first_frame": ms}
        try:
            step = f"board_{n}_move"
            # The whole board (and SQLAlchemy) loads in a worker after the first frame,
            # silently: wait long enough that the move is timed on the loaded board.
            pty.settle(quiet=1.0)
            sent = time.perf_counter()
            since = pty.send("L")
            pty.wait_for(card_code(0), since=since, timeout=5)
            out[step] = (pty.drain() - sent) * 1000

            step = f"board_{n}_filter"
            pty.settle()
            pty.wait_for(ctx.state["filter_title"], since=pty.send("/"), timeout=5)
            pty.settle()
            wanted = card_code(n // 8 + 3)  # in the first column, far below its top
            typed = pty.send(wanted[1:])  # "00128": the form echoes no "K00128"
            pty.settle()
            if wanted in pty.plain(typed):
                raise MarkerTimeout(f"{wanted} was drawn before Enter")
            sent = time.perf_counter()
            since = pty.send("\r")
            pty.wait_for(wanted, since=since, timeout=5)
            out[step] = (pty.drain() - sent) * 1000
        except MarkerTimeout as exc:
            ctx.errors.setdefault(step, str(exc).splitlines()[0])
        out[f"board_{n}_peak_rss"] = pty.peak_rss()
        pty.stop()
        return out

    return sample


MEASUREMENTS: list[Measurement] = [
    Measurement("python startup (floor)", python_startup),
    Measurement("typer --help (floor)", typer_help),
    Measurement("leantui --help", leantui_help),
    Measurement("textual first frame (floor)", textual_frame),
    Measurement("leantui first frame, demo database", demo_frame, setup_demo),
    Measurement("board 1,000 cards", board_sample(1_000), setup_board(1_000)),
    Measurement("board 10,000 cards", board_sample(10_000), setup_board(10_000)),
    Measurement(
        "board 10,000 cards, known file", known_board_sample(10_000), setup_known_board(10_000)
    ),
]

UNITS = {"_rss": "MiB"}
FLOORS = {
    "leantui_help": "floor_typer_help",
    "leantui_demo_first_frame": "floor_textual_first_frame",
    "board_1000_first_frame": "floor_textual_first_frame",
    "board_10000_first_frame": "floor_textual_first_frame",
    "board_10000_known_file_first_frame": "floor_textual_first_frame",
}


def run_samples(
    ctx: Ctx,
    samples: Sequence[Sample],
    runs: int,
    floor: str,
    ratio: Callable[[str], bool] = lambda figure: True,
) -> None:
    """Runs the samples `runs` times after a warm-up round and prints a JSON line per
    figure: its median, spread and (where `ratio` says) its ratio to `floor`'s median.
    A sample that fails says so and is left out of that round."""
    values: dict[str, list[float]] = {}
    for round_ in range(runs + 1):  # round 0 warms up
        for sample in samples:
            try:
                found = sample(ctx)
            except (MarkerTimeout, RuntimeError) as exc:
                print(exc, file=sys.stderr)
                print(json.dumps({"failed": str(exc).splitlines()[0]}), flush=True)
                continue
            if not round_:
                continue
            for figure, value in found.items():
                if figure.endswith("_peak_rss"):
                    continue
                got = value if isinstance(value, list) else [value]
                values.setdefault(figure, []).extend(got)
    base = statistics.median(values[floor]) if values.get(floor) else None
    for figure, got in values.items():
        median = statistics.median(got)
        line: dict[str, Any] = {
            "figure": figure,
            "unit": "ms",
            "samples": len(got),
            "median": round(median, 1),
            "min": round(min(got), 1),
            "max": round(max(got), 1),
        }
        if base and figure != floor and ratio(figure):
            line["x_floor"] = round(median / base, 2)
        print(json.dumps(line), flush=True)


Sample = Callable[[Ctx], dict[str, Any]]


def key_to_frame(pty: Pty, keys: str, marker: str, timeout: float = 60) -> float:
    """ms from typing `keys` (to a quiet app) to the drawn frame that shows `marker`."""
    pty.settle()
    sent = time.perf_counter()
    since = pty.send(keys)
    pty.wait_for(marker, since=since, timeout=timeout)
    return (pty.drain() - sent) * 1000


def tui_bench(
    doc: str,
    prefix: str,
    setup: Callable[[Ctx], None],
    samples: Callable[[argparse.Namespace], Sequence[Sample]],
    *,
    runs: int,
    keys_help: str,
    ratio: Callable[[str], bool] = lambda figure: True,
    argv: list[str] | None = None,
) -> int:
    """A module's TUI benchmark: its options (--runs, --keys, --keep), its data made once
    by `setup` in a temporary folder, then `run_samples` against the floor."""
    parser = bench_parser(doc, runs)
    parser.add_argument("--keys", type=int, default=5, help=keys_help)
    args = checked_args(parser, argv)
    root = Path(tempfile.mkdtemp(prefix=prefix))
    ctx = make_ctx(root)
    setup(ctx)
    run_samples(ctx, samples(args), args.runs, "floor_textual_first_frame", ratio)
    if args.keep:
        print(json.dumps({"kept": str(root)}))
    else:
        shutil.rmtree(root, ignore_errors=True)
    return 0


def bench_parser(doc: str, runs: int) -> argparse.ArgumentParser:
    """The options every pty benchmark takes: --runs and --keep (add more, then
    `checked_args`)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--runs", type=int, default=runs, help="runs per figure (at least 5)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    return parser


def checked_args(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """The options, refused when a median could not be taken or nothing can be run."""
    args = parser.parse_args(argv)
    if args.runs < 5:
        parser.error("--runs must be at least 5: the figures are medians")
    if not LEANTUI:
        parser.error("no `leantui` command next to this Python or on PATH")
    return args


def unit_of(figure: str) -> str:
    return next((u for suffix, u in UNITS.items() if figure.endswith(suffix)), "ms")


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser(__doc__, 7)
    parser.add_argument("--only", default="", help="run only measurements whose name has this")
    args = checked_args(parser, argv)

    root = Path(tempfile.mkdtemp(prefix="leantui-bench-"))
    ctx = make_ctx(root)
    chosen = [m for m in MEASUREMENTS if args.only.lower() in m.name.lower()]
    ready: list[Measurement] = []
    for m in chosen:
        try:
            m.setup(ctx)
            ready.append(m)
        except Skip as why:
            print(json.dumps({"measurement": m.name, "skipped": str(why)}, ensure_ascii=False))

    values: dict[str, list[float]] = {}
    # Round-robin: run 1 of every measurement, then run 2 …, so that a change in the
    # machine's load hits leantui and its floors alike. One warm-up round is not counted.
    for round_ in range(args.runs + 1):
        for m in list(ready):
            try:
                sample = m.sample(ctx)
            except (MarkerTimeout, RuntimeError) as exc:
                print(exc, file=sys.stderr)  # the screen as it was, for whoever debugs it
                print(
                    json.dumps({"measurement": m.name, "failed": str(exc).splitlines()[0]}),
                    flush=True,
                )
                ready.remove(m)
                continue
            for figure, value in sample.items():
                if round_:
                    values.setdefault(figure, []).append(value)

    medians = {f: statistics.median(v) for f, v in values.items()}
    for figure, runs in values.items():
        line: dict[str, Any] = {
            "figure": figure,
            "unit": unit_of(figure),
            "runs": len(runs),
            "median": round(medians[figure], 1),
            "min": round(min(runs), 1),
            "max": round(max(runs), 1),
        }
        floor = FLOORS.get(figure)
        if floor in medians:
            line["x_floor"] = round(medians[figure] / medians[floor], 2)
        if figure.startswith("leantui_demo"):
            line["database"] = ctx.state.get("demo_source")
        print(json.dumps(line, ensure_ascii=False), flush=True)

    for figure, problem in ctx.errors.items():
        print(json.dumps({"figure": figure, "failed": problem}, ensure_ascii=False))
    if args.keep:
        print(json.dumps({"kept": str(root)}))
    else:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
