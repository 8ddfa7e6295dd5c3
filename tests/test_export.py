"""`leantui export` (leantui/core/export): golden files for every export table on both
engines, the CSV read back by Python's csv module, the formula guard, atomic writes,
--force, targets that cannot be written, the XLSX workbook, and the CLI.
UPDATE_GOLDEN=1 rewrites the golden files."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import time
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner, Result

from leantui.cli.main import build_app, settle_language
from leantui.core import clock, i18n
from leantui.core.db.engine import Database
from leantui.core.db.opening import open_database
from leantui.core.db.types import canonical_json
from leantui.core.demo import load_demo
from leantui.core.export import (
    ExportProblem,
    Options,
    Progress,
    cells,
    export_all,
    export_kind,
    stream,
)
from leantui.core.export import run as export_run
from leantui.core.export import tables as export_tables
from leantui.core.hooks import ExportColumn, ExportTable, Scope
from leantui.core.kanban import boards, cards

pytestmark = pytest.mark.both_engines

NOW = datetime(2026, 3, 4, 9, 30, tzinfo=UTC)
GOLDEN = Path(__file__).parent / "golden" / "export"
TITLE = '逗号, "引号" 与 Excel'
DESCRIPTION = '第一行, 含逗号\n第二行 "quoted"\n=1+1 不是公式'


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The demo and the workbook use local time: pin it to UTC for files that match."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def build(target: str) -> None:
    """The Chinese demo at a pinned moment, plus a card whose text has commas, quotes,
    line breaks and a would-be formula."""
    db, _ = open_database(target, create=True)
    try:
        with clock.pinned(NOW):
            load_demo(db, language="zh_CN")
            board = boards.list_boards(db)[0]
            cards.add_card(db, board.id, TITLE, description=DESCRIPTION, owner="@王伟", tags="-5")
    finally:
        db.close()


class Built:
    def __init__(self) -> None:
        self.places: dict[str, str] = {}
        self.schemas: list[str] = []
        self.admin: Any = None


@pytest.fixture(scope="module")
def built() -> Iterator[Built]:
    """The workspace is made once per engine and module (the demo takes seconds) and
    only read by the tests."""
    made = Built()
    yield made
    if made.schemas:
        from sqlalchemy import text

        with made.admin.connect() as conn:
            for schema in made.schemas:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture
def target(engine: str, built: Built, request: pytest.FixtureRequest) -> str:
    if engine not in built.places:
        if engine == "sqlite":
            factory = request.getfixturevalue("tmp_path_factory")
            place = str(factory.mktemp("export-db") / "leantui.db")
        else:
            import uuid

            from conftest import postgres_url
            from sqlalchemy import text
            from sqlalchemy.engine import make_url

            built.admin = request.getfixturevalue("pg_admin")
            schema = f"t_{uuid.uuid4().hex[:16]}"
            with built.admin.connect() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            built.schemas.append(schema)
            url = make_url(postgres_url() or "")
            place = url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
                hide_password=False
            )
        build(place)
        built.places[engine] = place
    return built.places[engine]


@pytest.fixture
def workspace(target: str) -> Iterator[Database]:
    db, _ = open_database(target)
    yield db
    db.close()


def left_in(folder: Path) -> list[str]:
    """What is in a test's folder, but the HOME that conftest puts there (leantui keeps
    its records of checked databases in it: core/db/checked.py)."""
    return sorted(p.name for p in folder.iterdir() if p.name != "home")


def read_csv(path: Path, encoding: str = "utf-8-sig") -> list[list[str]]:
    with path.open(encoding=encoding, newline="") as fh:
        return list(csv.reader(fh))


# --- golden files and round trip ------------------------------------------------------


def test_every_table_matches_its_golden_file(workspace: Database, tmp_path: Path) -> None:
    i18n.set_language("zh_CN")
    names = [table.name for table in export_tables(workspace, Scope())]
    assert {"cards", "events", "audits", "cycles", "kaizen_suggestions"} <= set(names)
    update = bool(os.environ.get("UPDATE_GOLDEN"))
    for name in names:
        out = tmp_path / f"{name}.csv"
        with clock.pinned(NOW):
            export_kind(workspace, Scope(), name, out, Options())
        golden = GOLDEN / f"{name}.csv"
        if update:
            golden.write_bytes(out.read_bytes())
        assert out.read_bytes() == golden.read_bytes(), name
    if update:
        stale = {p.stem for p in GOLDEN.glob("*.csv")} - set(names)
        assert not stale, f"golden files without a table: {stale}"


def test_csv_bytes_bom_crlf_and_quoting(workspace: Database, tmp_path: Path) -> None:
    out = tmp_path / "cards.csv"
    export_kind(workspace, Scope(), "cards", out, Options())
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfID,Board,Column,Title,")
    assert raw.count(b"\r\n") >= 81  # header + 81 cards, CRLF between records
    text = raw.decode("utf-8-sig")
    assert '"逗号, ""引号"" 与 Excel"' in text
    assert "第一行, 含逗号\n第二行" in text  # a line break inside a field stays LF
    plain = tmp_path / "plain.csv"
    export_kind(workspace, Scope(), "cards", plain, Options(encoding="utf-8"))
    assert plain.read_bytes() == raw[3:]
    bare = tmp_path / "no-suffix"
    export_kind(workspace, Scope(), "cards", bare, Options())
    assert bare.is_file() and bare.read_bytes() == raw


def test_round_trip_gives_the_same_values(workspace: Database, tmp_path: Path) -> None:
    """Every table read back with the csv module: the values written, cell for cell;
    text that needs no guard comes back exactly as stored."""
    # Pinned: the aging figures are counted from now, and both exports must agree.
    with clock.pinned(NOW):
        for table in export_tables(workspace, Scope()):
            out = tmp_path / f"{table.name}.csv"
            export_kind(workspace, Scope(), table.name, out, Options(encoding="utf-8"))
            again = next(t for t in export_tables(workspace, Scope()) if t.name == table.name)
            expected = [
                [c.key for c in again.columns],
                *([cells.cell(v) for v in r] for r in again.rows),
            ]
            english = tmp_path / f"{table.name}-en.csv"
            export_kind(workspace, Scope(), table.name, english, Options(english_headers=True))
            assert read_csv(english) == expected, table.name
            assert len(read_csv(out)) == len(expected)
    found = [row for row in read_csv(tmp_path / "cards-en.csv") if TITLE in row]
    assert len(found) == 1
    row = found[0]
    assert DESCRIPTION.replace("=1+1", "=1+1") in row  # mid-text '=' is no formula
    assert "'@王伟" in row and "-5" in row


def test_cards_and_events_carry_iso_dates_and_json(workspace: Database, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    export_kind(workspace, Scope(), "events", out, Options(english_headers=True))
    rows = read_csv(out)
    assert rows[0] == [
        "id", "at", "actor", "board_id", "entity_type", "entity_id", "action", "payload"
    ]  # fmt: skip
    for row in rows[1:]:
        assert datetime.fromisoformat(row[1]).tzinfo is not None
        assert row[7].startswith("{")
    moves = [r for r in rows if r[6] == "move"]
    assert moves and '"to_id"' in moves[0][7]


def test_period_keeps_the_history_within_it(workspace: Database, tmp_path: Path) -> None:
    since = datetime(2026, 2, 1, tzinfo=UTC)
    until = datetime(2026, 2, 8, tzinfo=UTC)
    out = tmp_path / "events.csv"
    export_kind(workspace, Scope(since=since, until=until), "events", out, Options())
    rows = read_csv(out)[1:]
    assert rows
    assert all(since <= datetime.fromisoformat(r[1]) < until for r in rows)
    everything = tmp_path / "all.csv"
    export_kind(workspace, Scope(), "events", everything, Options())
    assert len(read_csv(everything)) > len(rows) + 1


def test_board_scope(workspace: Database, tmp_path: Path) -> None:
    first, second = boards.list_boards(workspace)[:2]
    out = tmp_path / "cards.csv"
    export_kind(workspace, Scope(board_id=second.id), "cards", out, Options())
    rows = read_csv(out)[1:]
    assert rows and {r[1] for r in rows} == {second.name}
    assert first.name not in {r[1] for r in rows}


# --- the formula guard ----------------------------------------------------------------


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+cmd", "'+cmd"),
        ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-5", "-5"),
        ("+3.5", "+3.5"),
        ("-1e3", "-1e3"),
        ("-1+2", "'-1+2"),
        ("a=b", "a=b"),
        ("", ""),
        (-5, "-5"),
        (2.5, "2.5"),
        (Decimal("-12.50"), "-12.50"),
        (True, "true"),
        (None, ""),
        (date(2026, 3, 4), "2026-03-04"),
        (datetime(2026, 3, 4, 9, 30, tzinfo=UTC), "2026-03-04T09:30:00+00:00"),
        ({"b": "=x", "a": 1}, '{"a": 1, "b": "=x"}'),
    ],
)
def test_formula_guard(value: Any, shown: str) -> None:
    assert cells.cell(value) == shown
    written = io.StringIO()
    csv.writer(written).writerow(cells.row([value, "x"]))
    assert next(csv.reader(io.StringIO(written.getvalue()))) == [shown, "x"]


def test_a_batch_guards_as_each_cell_does() -> None:
    texts = ["plain", "=1+1", None, "-5", "\t=1", "a\0=b", "@x", "", "+3.5", "-1+2"]
    rows = [[text, n] for n, text in enumerate(texts)]
    assert [list(r) for r in cells.batch(rows)] == [cells.row(r) for r in rows]
    assert list(cells.batch([["a\0=b", 1]])) == [("a\0=b", 1)]  # found, and left alone


def test_stored_payloads_are_decoded_a_batch_at_a_time() -> None:
    stored = ['{"b": 1, "a": "\\u738b"}', '["=x"]', '"=SUM(A1)"', "-5", "[]"]
    one_by_one = [stream.payload(text) for text in stored]
    objects = [text for text in stored if text[0] in "{["]
    assert list(stream.payloads(objects)) == [stream.payload(text) for text in objects]
    assert one_by_one[0] == '{"a": "王", "b": 1}' and one_by_one[2] == "'=SUM(A1)"
    assert list(stream.payloads(stored)) == one_by_one
    assert list(stream.payloads([*stored, None])) == [*one_by_one, None]
    with pytest.raises(ValueError):  # a damaged text spoils no other: it is found alone
        stream.payloads(['{"a": 1}', "1, 2"])


def test_payloads_stored_as_leantui_writes_them_are_the_cells() -> None:
    values = [{"b": 1, "a": "王"}, ["=x", {"z": [1.5, None]}], {}]
    stored = [canonical_json(v) for v in values]
    assert stored[0] == '{"a": "王", "b": 1}'  # sorted, not escaped
    assert list(stream.payloads(stored)) == [stream.payload(text) for text in stored]
    assert stream.payloads(stored) is stored  # nothing rewritten
    legacy = ['{"b": 1, "a": "\\u738b"}', *stored[1:]]  # one text from before: all rewritten
    assert list(stream.payloads(legacy)) == [stream.payload(text) for text in legacy]


def test_payloads_are_stored_canonical(db: Database) -> None:
    board = boards.create_board(db, "看板 b")
    with db.read() as session:
        text = session.execute(
            sa.text(
                "SELECT CAST(payload AS TEXT) FROM events WHERE entity_type = 'board'"
                " AND action = 'create' AND entity_id = :id"
            ),
            {"id": board.id},
        ).scalar_one()
    if db.backend == "sqlite":
        assert text == canonical_json({"name": board.name})
    else:  # JSONB keeps its own form
        assert json.loads(text) == {"name": board.name}


# --- writing safely -------------------------------------------------------------------


def test_an_existing_file_is_kept_without_force(workspace: Database, tmp_path: Path) -> None:
    out = tmp_path / "cards.csv"
    out.write_text("mine")
    with pytest.raises(ExportProblem) as found:
        export_kind(workspace, Scope(), "cards", out, Options())
    assert found.value.key == "export.exists"
    assert out.read_text() == "mine"
    export_kind(workspace, Scope(), "cards", out, Options(force=True))
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert left_in(tmp_path) == ["cards.csv"]


def test_a_target_that_cannot_be_written(
    workspace: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(ExportProblem) as found:
        export_kind(workspace, Scope(), "cards", blocker / "cards.csv", Options())
    assert found.value.key == "export.no_folder"
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "cards-2026-03-04.csv").mkdir()  # a folder where the dated file would go
    with clock.pinned(NOW), pytest.raises(ExportProblem) as found:
        export_kind(workspace, Scope(), "cards", folder, Options())
    assert found.value.key == "export.is_folder"

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("leantui.core.export.xlsxfile.xlsxwriter.Workbook", denied)
    with pytest.raises(ExportProblem) as found:
        export_kind(workspace, Scope(), "cards", tmp_path / "c.xlsx", Options(format="xlsx"))
    assert found.value.key == "export.cannot_write"
    assert "Permission denied" in found.value.message()
    assert left_in(tmp_path) == ["a-file", "folder"]


def test_a_failure_halfway_leaves_nothing(
    workspace: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C (or a full disk) in the middle: no file under the final name, no
    temporary file beside it."""

    class Interrupt(Progress):
        def rows(self, name: str, count: int) -> None:
            if name == "events" and count:
                raise KeyboardInterrupt

    monkeypatch.setattr("leantui.core.export.csvfile.BATCH", 10)
    for fmt, out in (("csv", tmp_path / "events.csv"), ("csv", tmp_path), ("xlsx", tmp_path)):
        monkeypatch.setattr("leantui.core.export.xlsxfile.EVERY", 10)
        with pytest.raises(KeyboardInterrupt):
            if out.suffix:
                export_kind(workspace, Scope(), "events", out, Options(), Interrupt())
            else:
                export_all(workspace, Scope(), out, Options(format=fmt), Interrupt())
        assert left_in(tmp_path) == []

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("leantui.core.export.csvfile.csv.writer", full)
    with pytest.raises(ExportProblem) as found:
        export_kind(workspace, Scope(), "cards", tmp_path / "c.csv", Options())
    assert found.value.key == "export.disk_full"
    assert left_in(tmp_path) == []


def test_export_all_writes_a_dated_folder(workspace: Database, tmp_path: Path) -> None:
    with clock.pinned(NOW):
        written = export_all(workspace, Scope(), tmp_path, Options())
    assert written.path == tmp_path / "leantui-export-2026-03-04"
    names = {table.name for table in export_tables(workspace, Scope())}
    assert {p.stem for p in written.path.iterdir()} == names
    assert written.rows["cards"] == 81
    with clock.pinned(NOW), pytest.raises(ExportProblem):
        export_all(workspace, Scope(), tmp_path, Options())
    with clock.pinned(NOW):
        export_all(workspace, Scope(), tmp_path, Options(force=True))
    assert left_in(tmp_path) == ["leantui-export-2026-03-04"]


def test_a_later_module_appears_without_change(
    workspace: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Later:
        id = "later"

        def export_tables(self, db: Database, scope: Scope, **options: Any) -> list[ExportTable]:
            cols = [ExportColumn("id", "fields.id"), ExportColumn("name", "fields.name")]
            return [ExportTable("later", "app.title", cols, iter([(1, "=x"), (2, "五")]))]

    monkeypatch.setattr(export_run, "MODULES", (*export_run.MODULES, Later()))
    out = tmp_path / "later.csv"
    export_kind(workspace, Scope(), "later", out, Options())
    assert read_csv(out) == [["ID", "Name"], ["1", "'=x"], ["2", "五"]]


# --- XLSX -----------------------------------------------------------------------------


def sheet_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as book:
        assert book.testzip() is None
        return {n: book.read(n).decode() for n in book.namelist() if n.endswith(".xml")}


def test_workbook_of_everything(workspace: Database, tmp_path: Path) -> None:
    i18n.set_language("zh_CN")
    with clock.pinned(NOW):
        written = export_all(workspace, Scope(), tmp_path, Options(format="xlsx"))
    assert written.path == tmp_path / "leantui-export-2026-03-04.xlsx"
    parts = sheet_xml(written.path)
    assert "xl/charts/chart1.xml" in parts
    workbook = parts["xl/workbook.xml"]
    assert re.findall(r'<sheet name="([^"]+)"', workbook)[:4] == ["摘要", "看板", "看板列", "卡片"]
    assert 'ySplit="1"' in parts["xl/worksheets/sheet4.xml"]  # the frozen header
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(written.path, read_only=False)
    summary = book["摘要"]
    values = [r for r in summary.iter_rows(values_only=True) if any(r)]
    assert ("卡片", 81) in values
    assert any(isinstance(r[0], str) and re.fullmatch(r"\d{4}-W\d\d", r[0]) for r in values)
    assert len(summary._charts) == 1
    sheet = book["卡片"]
    assert sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("编号", "看板", "列", "标题")
    mine = next(r for r in rows if r[3] == TITLE)
    assert mine[4] == DESCRIPTION and mine[5] == "@王伟"  # no guard needed: never a formula
    assert isinstance(rows[1][14], datetime) and isinstance(rows[1][8], datetime)
    title_width = sheet.column_dimensions["D"].width
    assert title_width >= 22  # the widest title, Chinese counted twice


def test_workbook_with_english_sheet_names(workspace: Database, tmp_path: Path) -> None:
    out = tmp_path / "cards.xlsx"
    export_kind(workspace, Scope(), "cards", out, Options(format="xlsx", english_headers=True))
    workbook = sheet_xml(out)["xl/workbook.xml"]
    assert re.findall(r'<sheet name="([^"]+)"', workbook) == ["summary", "cards"]


@pytest.mark.sqlite_only
def test_sheet_names_follow_excel_rules() -> None:
    from leantui.core.export.xlsxfile import sheet_names

    names = sheet_names(["a/b", "A/B", "x" * 40, "x" * 40, "[q]"])
    assert names[0] == "a b" and names[1] == "A B (2)"
    assert all(len(n) <= 31 for n in names) and len(set(names)) == 5


# --- the CLI --------------------------------------------------------------------------


def run_cli(*args: str) -> Result:
    settle_language(list(args))
    result = CliRunner().invoke(build_app(), list(args), prog_name="leantui")
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def test_cli_exports_lists_and_refuses(workspace: Database, target: str, tmp_path: Path) -> None:
    listed = run_cli("--db", target, "export", "--list")
    assert listed.exit_code == 0 and "kaizen_suggestions" in listed.stdout
    assert run_cli("--db", target, "export", "list").stdout == listed.stdout
    out = tmp_path / "cards.csv"
    done = run_cli("--db", target, "export", "cards", "--out", str(out))
    assert done.exit_code == 0, done.output
    assert "(81 rows)" in done.stdout
    again = run_cli("--db", target, "--lang", "zh_CN", "export", "cards", "--out", str(out))
    assert again.exit_code == 1 and "已存在" in again.stderr
    forced = run_cli("--db", target, "export", "cards", "--out", str(out), "--force")
    assert forced.exit_code == 0
    bad = run_cli("--db", target, "export", "cards", "--out", str(tmp_path / "no" / "x.csv"))
    assert bad.exit_code == 1 and "does not exist" in bad.stderr
    unknown = run_cli("--db", target, "export", "nothing")
    assert unknown.exit_code == 1 and "no export named 'nothing'" in unknown.stderr
    period = run_cli(
        "--db", target, "export", "events", "--from", "2026-02-01", "--to", "2026-02-07",
        "--headers", "en", "--out", str(tmp_path / "ev.csv"), "--board", "1",
    )  # fmt: skip
    assert period.exit_code == 0, period.output
    rows = read_csv(tmp_path / "ev.csv")[1:]
    assert rows and all(r[1][:10] >= "2026-02-01" and r[1][:10] <= "2026-02-07" for r in rows)
    assert {r[3] for r in rows} == {"1"}
    folder = tmp_path / "all"
    folder.mkdir()
    whole = run_cli("--db", target, "export", "all", "--out", str(folder), "--format", "xlsx")
    assert whole.exit_code == 0 and len(list(folder.iterdir())) == 1
    wrong = run_cli("--db", target, "export", "cards", "--format", "pdf")
    assert wrong.exit_code == 1 and "pdf" in wrong.stderr
    backwards = run_cli(
        "--db", target, "export", "cards", "--from", "2026-02-07", "--to", "2026-02-01"
    )
    assert backwards.exit_code == 2


def test_cli_export_creates_no_database(new_target, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    place = new_target("typo.db")
    out = tmp_path / "cards.csv"
    result = run_cli("--db", place, "export", "cards", "--out", str(out))
    assert result.exit_code == 1 and "There is no leantui database" in result.stderr
    assert not out.exists()
    if "://" not in place:
        assert not Path(place).exists()


@pytest.mark.sqlite_only
def test_progress_bar_draws_and_stops(workspace: Database, tmp_path: Path) -> None:
    from leantui.cli.export import _bar

    bar = _bar()
    bar.view.console.file = io.StringIO()
    export_kind(workspace, Scope(), "events", tmp_path / "e.csv", Options(), bar)
    bar.stop()
    assert bar.tasks.keys() == {"events"}
