"""The tables the 5S module can export: audits with their totals, audit items and red
tags, rows streamed in batches."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import select

from leantui.core.db.engine import Database
from leantui.core.db.models import Area
from leantui.core.five_s import areas, audits, templates
from leantui.core.five_s.models import AuditItem, RedTag
from leantui.core.five_s.redtags import FIELDS
from leantui.core.hooks import ExportColumn, ExportTable, Scope

BATCH = 1000


def _columns(keys: Sequence[str]) -> list[ExportColumn]:
    return [ExportColumn(key, f"fields.{key}") for key in keys]


def _audit_rows(db: Database, scope: Scope) -> Iterator[Sequence[Any]]:
    wanted = areas.in_scope(db, scope)
    for a in reversed(audits.list_audits(db)):
        if wanted is None or a.area_id in wanted:
            total = None if a.total is None else round(a.total, 1)
            yield (
                a.id,
                a.area,
                a.template,
                a.auditor,
                a.status,
                a.started_at,
                a.finished_at,
                total,
            )


def _item_rows(db: Database, scope: Scope) -> Iterator[Sequence[Any]]:
    wanted = areas.in_scope(db, scope)
    i = AuditItem.__table__.c  # type: ignore[attr-defined]
    query = select(
        i.audit_id, i.position, i.key, i.s, i.text, i.weight, i.score, i.na, i.comment, i.card_id
    ).order_by(i.audit_id, i.position)
    allowed = None
    if wanted is not None:
        allowed = {a.id for a in audits.list_audits(db) if a.area_id in wanted}
    with db.read() as session:
        for row in session.execute(query.execution_options(yield_per=BATCH)):
            if allowed is None or row[0] in allowed:
                yield (*row[:4], templates.text_in(row[4]), *row[5:])


def _tag_rows(db: Database, scope: Scope) -> Iterator[Sequence[Any]]:
    wanted = areas.in_scope(db, scope)
    t, ar = RedTag.__table__.c, Area.__table__.c  # type: ignore[attr-defined]
    areas_table = Area.__table__  # type: ignore[attr-defined]
    query = select(*(t[name] for name in FIELDS), ar.name).join(areas_table, ar.id == t.area_id)
    with db.read() as session:
        for row in session.execute(query.order_by(t.id)):
            if wanted is None or row[1] in wanted:
                yield row


def tables(db: Database, scope: Scope) -> list[ExportTable]:
    return [
        ExportTable(
            "audits",
            "five_s.export_audits",
            _columns(
                (
                    "id",
                    "area",
                    "template",
                    "auditor",
                    "status",
                    "started_at",
                    "finished_at",
                    "total",
                )
            ),
            _audit_rows(db, scope),
        ),
        ExportTable(
            "audit_items",
            "five_s.export_audit_items",
            _columns(
                (
                    "audit_id",
                    "position",
                    "key",
                    "s",
                    "text",
                    "weight",
                    "score",
                    "na",
                    "comment",
                    "card_id",
                )
            ),
            _item_rows(db, scope),
        ),
        ExportTable(
            "red_tags",
            "five_s.export_red_tags",
            _columns((*FIELDS, "area")),
            _tag_rows(db, scope),
        ),
    ]
