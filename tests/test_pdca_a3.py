"""The one-page A3 as Markdown, against golden files (tests/golden/pdca_a3_*.md): every
section, Chinese text and line breaks, a `|` inside a cell, cards blocked and overdue,
and tables whose columns line up by display width. UPDATE_GOLDEN=1 rewrites the files
(then read the diff before committing it)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len

from leantui.core import clock, i18n
from leantui.core.db.engine import Database
from leantui.core.kanban import boards, cards
from leantui.core.pdca import a3, checks, cycles, phases, plan
from leantui.core.services import workspace

pytestmark = pytest.mark.both_engines

GOLDEN = Path(__file__).parent / "golden"
T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def at(days: int) -> datetime:
    return T0 + timedelta(days=days)


def walk(db: Database) -> tuple[int, int]:
    """A cycle standardized and closed, and its follow-up in Do with cards on a board."""
    team = workspace.create_team(db, "装配一组", "总装车间", ["王伟", "李娜", "张强"]).id
    board = boards.create_board(db, "总装看板", team_id=team)
    with clock.pinned(T0):
        cycle = cycles.create_cycle(
            db,
            "缩短 1 号线换型时间",
            "王伟",
            "2026-03-31",
            start="2026-03-02",
            problem=(
                "1 号线换型平均耗时 45 分钟（上月共 12 次）。\n"
                "每月损失约 9 小时产能，小批量订单被推迟。"
            ),
            metric="换型时间",
            unit="分钟",
            baseline="45",
            goal="25",
            team_id=team,
        ).view.id
        plan.set_plan(
            db, cycle, current_state="所有换型步骤都在停线时进行；\n换型期间要去工具间取工具。"
        )
        plan.set_whys(
            db,
            cycle,
            [
                ("为什么换型要 45 分钟？", "所有步骤都在停线时完成。"),
                ("为什么都在停线时做？", "没有区分内部作业 | 外部作业。"),
                ("为什么没有区分？", "没有标准换型程序。"),
            ],
            root_cause="缺少区分在线与停线作业的标准换型程序。",
        )
        plan.add_countermeasure(
            db, cycle, "停线前把工具和夹具备在换型车上", owner="张强", due="2026-03-10"
        )
        plan.add_countermeasure(db, cycle, "夹具底板改用快速夹钳", owner="李娜", due="2026-03-16")
    with clock.pinned(at(2)):
        phases.advance(db, cycle)
        made = plan.put_on_board(db, cycle, board.id).view.cards
    done = boards.columns(db, board.id)[-1].id
    with clock.pinned(at(8)):
        cards.move_card(db, made[0].card_id or 0, done)
    with clock.pinned(at(9)):
        phases.advance(db, cycle)
    for n, (value, note) in enumerate(((38, "首次试行"), (31, ""), (27, "换型车到位"), (24, ""))):
        with clock.pinned(at(10 + 3 * n)):
            checks.measure(db, cycle, value, note=note)
    with clock.pinned(at(21)):
        phases.advance(db, cycle)
    with clock.pinned(at(22)):
        follow = phases.follow_up(db, cycle, "2026-04-30", baseline="24", goal="15").view.id
    with clock.pinned(at(23)):
        plan.add_countermeasure(db, follow, "换型车点检表纳入早会", owner="王伟", due="2026-03-28")
        plan.add_countermeasure(db, follow, "培训第二班组", due="2026-04-20")
        phases.advance(db, follow)
        more = plan.put_on_board(db, follow, board.id).view.cards
        cards.block_card(db, more[1].card_id or 0, "等培训讲师")
    return cycle, follow


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_a3_as_markdown(db: Database, language: str) -> None:
    closed, follow = walk(db)
    i18n.set_language(language)
    with clock.pinned(datetime(2026, 3, 30, 12, tzinfo=UTC)):
        text = "\n".join(a3.markdown(a3.build(db, cycle_id)) for cycle_id in (closed, follow))
    golden = GOLDEN / f"pdca_a3_{language}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_tables_line_up_by_display_width(db: Database) -> None:
    closed, _follow = walk(db)
    i18n.set_language("zh_CN")
    with clock.pinned(datetime(2026, 3, 30, 12, tzinfo=UTC)):
        text = a3.markdown(a3.build(db, closed))
    tables = [line for line in text.splitlines() if line.startswith("|")]
    assert len(tables) > 10
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.startswith("|"):
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    for block in (b for b in blocks if b):
        assert len({cell_len(line) for line in block}) == 1, block

        # The bars sit at the same display columns on every line of a table.
        def bars(line: str) -> list[int]:
            found, width, escaped = [], 0, False
            for char in line:
                if char == "|" and not escaped:
                    found.append(width)
                escaped = char == "\\"
                width += cell_len(char)
            return found

        assert len({tuple(bars(line)) for line in block}) == 1, block
    assert "没有区分内部作业 \\| 外部作业。" in text


def test_an_empty_cycle_still_has_every_section(db: Database) -> None:
    with clock.pinned(T0):
        cycle = cycles.create_cycle(db, "Nothing yet", "Ann", date(2026, 3, 9)).view
    with clock.pinned(T0):
        text = a3.markdown(a3.build(db, cycle.id))
    for n, key in enumerate(a3.SECTIONS, 1):
        assert f"## {n}. {i18n.t(f'pdca.a3_{key}')}" in text
    assert "No 5 Whys yet." in text and "No measurements yet." in text
    assert "Target met: not known yet" in text
