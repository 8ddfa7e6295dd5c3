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
# CSV -> XLSX through the CSV filter, then both workbooks -> CSV to read the text back.
"$soffice" "$profile" --headless --infilter="CSV:44,34,76,1" --convert-to xlsx \
    --outdir "$work/from-csv" "$work/cards.csv" >/dev/null
"$soffice" "$profile" --headless --convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1" \
    --outdir "$work/back" "$work/from-csv/cards.xlsx" >/dev/null
"$soffice" "$profile" --headless --convert-to pdf --outdir "$work/pdf" \
    "$work"/leantui-export-*.xlsx >/dev/null
test -s "$work/back/cards.csv" || { echo "FAIL: LibreOffice did not read the CSV" >&2; exit 1; }
test -s "$work"/pdf/leantui-export-*.pdf || { echo "FAIL: LibreOffice did not open the XLSX" >&2; exit 1; }
# The header row in Chinese must survive: the BOM-less re-export starts with 编号.
head -c 64 "$work/back/cards.csv" | grep -q "编号" || {
    echo "FAIL: Chinese header garbled after LibreOffice's import:" >&2
    head -c 200 "$work/back/cards.csv" >&2
    exit 1
}
# Same number of records as the export (line breaks inside fields kept as such).
python3 - "$work/cards.csv" "$work/back/cards.csv" <<'PY'
import csv, sys
ours = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
back = list(csv.reader(open(sys.argv[2], encoding="utf-8-sig", newline="")))
assert len(ours) == len(back), (len(ours), len(back))
assert [r[3] for r in ours] == [r[3] for r in back], "titles differ after LibreOffice"
print(f"ok: LibreOffice read {len(ours) - 1} cards back, titles unchanged; the XLSX opened")
PY
