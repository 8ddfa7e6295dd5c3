#!/usr/bin/env bash
# Checks that LibreOffice opens leantui's exports: a CSV (UTF-8 with BOM, CRLF, Chinese,
# commas, quotes and line breaks inside fields) and the XLSX workbook, converted headless
# with soffice. Not run in CI (LibreOffice is not installed there); run it by hand:
#   bash tests/perf/export_libreoffice.sh [DATABASE]
# Without a database it loads the Chinese demo into a temporary one. LibreOffice's default
# CSV import ignores the BOM, so the filter options name UTF-8 (76) explicitly:
# --infilter="CSV:44,34,76,1" (comma, double quote, UTF-8, from line 1).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
leantui="${LEANTUI:-$here/.venv/bin/leantui}"
soffice="$(command -v soffice || command -v libreoffice || true)"
if [ -z "$soffice" ]; then
    echo "soffice not found: install LibreOffice to run this check" >&2
    exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
db="${1:-$work/demo.db}"
if [ -z "${1:-}" ]; then
    "$leantui" --db "$db" --lang zh_CN demo >/dev/null
fi
"$leantui" --db "$db" --lang zh_CN export cards --out "$work/cards.csv"
"$leantui" --db "$db" --lang zh_CN export all --format xlsx --out "$work"
profile="-env:UserInstallation=file://$work/profile"
office() {  # soffice, quiet unless it fails (it warns about Java on every start)
    "$soffice" "$profile" --headless "$@" >"$work/office.log" 2>&1 || {
        cat "$work/office.log" >&2
        exit 1
    }
}
# CSV -> XLSX through the CSV filter, then that workbook -> CSV to read the text back.
office --infilter="CSV:44,34,76,1" --convert-to xlsx --outdir "$work/from-csv" "$work/cards.csv"
office --convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1" \
    --outdir "$work/back" "$work/from-csv/cards.xlsx"
# Our workbook -> one CSV per sheet (token 12 = -1: every sheet, LibreOffice 7.2 and up).
office --convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1" \
    --outdir "$work/sheets" "$work"/leantui-export-*.xlsx
test -s "$work/back/cards.csv" || { echo "FAIL: LibreOffice did not read the CSV" >&2; exit 1; }
# The header row in Chinese must survive: the BOM-less re-export starts with 编号.
head -c 64 "$work/back/cards.csv" | grep -q "编号" || {
    echo "FAIL: Chinese header garbled after LibreOffice's import:" >&2
    head -c 200 "$work/back/cards.csv" >&2
    exit 1
}
# Same records as the export (line breaks inside fields kept as such), in the CSV and in
# the workbook's cards sheet; the summary sheet's Chinese title intact.
python3 - "$work/cards.csv" "$work/back/cards.csv" "$work/sheets" <<'PY'
import csv, sys
from pathlib import Path

def read(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))

ours, back = read(sys.argv[1]), read(sys.argv[2])
assert len(ours) == len(back), (len(ours), len(back))
assert [r[3] for r in ours] == [r[3] for r in back], "titles differ after LibreOffice"
sheets = {p.stem.split("-")[-1]: read(p) for p in Path(sys.argv[3]).glob("*.csv")}
cards = next(rows for name, rows in sheets.items() if rows and rows[0][:2] == ours[0][:2])
assert [r[3] for r in cards] == [r[3] for r in ours], "titles differ in the workbook"
summary = next(rows for rows in sheets.values() if rows and "导出" in rows[0][0])
print(f"ok: LibreOffice read {len(ours) - 1} cards back from the CSV, titles unchanged;")
print(f"ok: the XLSX opened, {len(sheets)} sheets, the cards sheet has the same titles,")
print(f"    its summary sheet starts {summary[0][0]!r}")
PY
