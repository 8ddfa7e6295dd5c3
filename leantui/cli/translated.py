"""Typer commands whose own words are translated too.

Click writes "Usage:", "Options:", "Commands:", "Show this message and exit." and its
error lines in English. These subclasses (given to Typer with `cls=`) override the public
formatting hooks of a Click command to write them through `t()`, and wrap help text by
display width, so that Chinese lines break where they should instead of running past the
edge of the terminal. LeanGroup.main also turns every error into one or two translated
lines on stderr: a LeanError shows its message, anything unexpected a short note, never a
traceback (set LEANTUI_DEBUG=1 to see one).
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any

import typer
from rich.cells import cell_len
from typer.core import TyperCommand, TyperGroup

from leantui.core.errors import LeanError
from leantui.core.i18n import t
from leantui.core.text import shown_block

DEBUG_VAR = "LEANTUI_DEBUG"
_NO_BREAK_BEFORE = set("，。、；：？！）》」』】,.;:?!)%")


def _tokens(text: str) -> Iterator[str]:
    """Words, spaces and single wide characters: the places a line may break."""
    word = ""
    for char in text:
        wide = unicodedata.east_asian_width(char) in ("W", "F")
        if char.isspace():
            if word:
                yield word
                word = ""
            yield " "
        elif wide and char not in _NO_BREAK_BEFORE:
            if word:
                yield word
            word = char
        elif char in _NO_BREAK_BEFORE:
            word += char
        else:
            if word and unicodedata.east_asian_width(word[-1]) in ("W", "F"):
                yield word
                word = ""
            word += char
    if word:
        yield word


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` terminal cells (longer only for an unbreakable word)."""
    width = max(width, 10)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for token in _tokens(paragraph):
            if token == " " and not line:
                continue
            if cell_len(line) + cell_len(token) > width and line.strip():
                lines.append(line.rstrip())
                line = "" if token == " " else token
            else:
                line += token
        lines.append(line.rstrip())
    return lines


def _write_rows(formatter: Any, heading: str, rows: Sequence[tuple[str, str]]) -> None:
    """A titled two-column list: names on the left, help wrapped by display width."""
    if not rows:
        return
    formatter.write_paragraph()
    formatter.write(f"{heading}\n")
    indent = 2
    left = min(max(cell_len(name) for name, _ in rows), 30)
    text_width = max(formatter.width - indent - left - 2, 20)
    for name, help_text in rows:
        lines = wrap(help_text, text_width) if help_text else [""]
        if cell_len(name) > left:
            formatter.write(f"{' ' * indent}{name}\n")
            first, rest = None, lines
        else:
            first, rest = lines[0], lines[1:]
        if first is not None:
            pad = " " * (left - cell_len(name))
            formatter.write(f"{' ' * indent}{name}{pad}  {first}".rstrip() + "\n")
        for line in rest:
            formatter.write(f"{' ' * (indent + left + 2)}{line}".rstrip() + "\n")


def _argument_name(param: Any) -> str:
    return str(param.metavar or (param.name or "").upper())


def _localise_marks(help_text: str) -> str:
    return help_text.replace("[required]", t("cli.required_mark"))


class _Translated:
    """Formatting shared by LeanCommand and LeanGroup (a mixin over a Click command)."""

    help: str | None
    params: list[Any]
    options_metavar: str | None

    def _setup(self) -> None:
        self.options_metavar = t("cli.mv_options")

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)
        prefix = t("cli.usage")
        if unicodedata.east_asian_width(prefix[-1:] or " ") not in ("W", "F"):
            prefix += " "  # "Usage: leantui", but "用法：leantui"
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=prefix)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if param.param_type_name == "argument":
                name = _argument_name(param)
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_help_text(self, ctx: Any, formatter: Any) -> None:
        if self.help:
            formatter.write_paragraph()
            for line in wrap(self.help.strip(), formatter.width - 4):
                formatter.write(f"  {line}\n" if line else "\n")

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = t("cli.opt_help")
        return option

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if getattr(param, "hidden", False):
                continue
            if param.param_type_name == "argument":
                arguments.append((_argument_name(param), param.help or ""))
                continue
            record = param.get_help_record(ctx)
            if record is not None:
                options.append((record[0], _localise_marks(record[1] or "")))
        _write_rows(formatter, t("cli.h_arguments"), arguments)
        _write_rows(formatter, t("cli.h_options"), options)


def _with_short_help(kwargs: dict[str, Any]) -> dict[str, Any]:
    settings = dict(kwargs.get("context_settings") or {})
    settings.setdefault("help_option_names", ["-h", "--help"])
    return {**kwargs, "context_settings": settings}


class LeanCommand(_Translated, TyperCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **_with_short_help(kwargs))
        self._setup()


class LeanGroup(_Translated, TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **_with_short_help(kwargs))
        self._setup()
        self.subcommand_metavar = t("cli.mv_command")

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [*super().collect_usage_pieces(ctx), self.subcommand_metavar]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        super().format_options(ctx, formatter)
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=200)))
        _write_rows(formatter, t("cli.h_commands"), rows)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            choices = t("cli.list_sep").join(self.list_commands(ctx))
            ctx.fail(t("cli.no_such_command", name=name, choices=choices))
        return super().resolve_command(ctx, args)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command; in standalone mode every way out is a message and a status."""
        if args is not None:
            args = hoist_root_options(self, list(args))
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
            code = result if isinstance(result, int) else 0
        except typer.Abort:
            _say(t("cli.aborted"))
            code = 1
        except typer.TyperException as exc:  # Click's usage errors
            show_usage_error(exc)
            code = exc.exit_code
        except LeanError as exc:
            _say(exc.message())
            code = 1
        except Exception as exc:
            if os.environ.get(DEBUG_VAR):
                raise
            _say(describe_unexpected(exc))
            code = 1
        sys.exit(code)


def _takes_value(param: Any) -> bool:
    return (
        getattr(param, "param_type_name", "") == "option"
        and not getattr(param, "is_flag", False)
        and not getattr(param, "count", False)
    )


def hoist_root_options(root: Any, args: list[str]) -> list[str]:
    """`leantui card list --db X` as `leantui --db X card list`: the root's options
    that take a value (--db, --lang) may also come after the subcommand. The words are
    walked as Click parses them (an option that takes a value takes the next word, so
    `--title --db` is a title), and the ones found are moved before the subcommand,
    after any given there (the later one wins, as Click has it)."""
    root_options = {opt for p in root.params if _takes_value(p) for opt in p.opts}
    i = 0
    while i < len(args) and args[i].startswith("-") and args[i] != "--":
        i += 2 if args[i] in root_options else 1
    start = i
    command = root
    while i < len(args) and hasattr(command, "commands"):
        found = command.commands.get(args[i])
        if found is None:
            return args  # an unknown command: Click says so
        command, i = found, i + 1
    takes_value = {opt for p in command.params if _takes_value(p) for opt in p.opts}
    kept: list[str] = []
    moved: list[str] = []
    rest = args[i:]
    j = 0
    while j < len(rest):
        arg = rest[j]
        if arg == "--":
            kept.extend(rest[j:])
            break
        name = arg.split("=", 1)[0]
        if name in root_options and name not in takes_value and ("=" in arg or j + 1 < len(rest)):
            if "=" in arg:
                moved.append(arg)
                j += 1
            else:
                moved.extend(rest[j : j + 2])
                j += 2
            continue
        if arg in takes_value:
            kept.extend(rest[j : j + 2])
            j += 2
            continue
        kept.append(arg)
        j += 1
    if not moved:
        return args
    return [*args[:start], *moved, *args[start:i], *kept]


def _say(message: str) -> None:
    """On stderr, neutralised: a message may quote a stored name or what was typed."""
    typer.echo(shown_block(message), err=True)


def show_usage_error(exc: Any) -> None:
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError":  # a group run without a command
        _say(exc.format_message())
        return
    if ctx is not None:
        _say(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            _say(t("cli.try_help", command=f"{ctx.command_path} --help"))
    _say(t("cli.error", problem=_usage_problem(exc)))


def _usage_problem(exc: Any) -> str:
    """Click's message, in our words where we know the case."""
    kind = type(exc).__name__
    option = getattr(exc, "option_name", None)
    if kind == "NoSuchOption" and option in ("--db", "--lang"):  # last, without its value
        return t("cli.option_needs_value", option=option)
    if kind == "NoSuchOption" and option:
        return t("cli.no_such_option", option=option)
    if kind == "BadOptionUsage" and option and "requires" in str(exc.format_message()):
        return t("cli.option_needs_value", option=option)
    param = getattr(exc, "param", None)
    if kind == "MissingParameter" and param is not None:
        name = (
            _argument_name(param)
            if param.param_type_name == "argument"
            else " / ".join(getattr(param, "opts", None) or [str(param.name)])
        )
        return t("cli.missing_value", name=name)
    return str(exc.format_message())


def describe_unexpected(exc: BaseException) -> str:
    """One or two lines for a failure we did not foresee; with a database error that
    says what happened (a full disk, a lock held too long), the hint fits the case."""
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    problem = f"{type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")
    lowered = problem.lower()
    if "disk is full" in lowered or "no space left" in lowered:
        return t("cli.disk_full")
    if "database is locked" in lowered:
        return t("cli.db_locked")
    return t("cli.unexpected", problem=problem, var=DEBUG_VAR)
