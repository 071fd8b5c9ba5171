#!/usr/bin/env python3
"""rollcheck.py — reads a payment roll's CSV (UTF-8 with a BOM, or GB18030)
or workbook (.xlsx, with zipfile and xml.etree only) back, as
store/ROLL.md describes them, for the end-to-end tests to compare.

  rollcheck.py [county] FILE   the county's total amount, "1652.50"
  rollcheck.py totals FILE     the totals rows, tab-separated
  rollcheck.py lines FILE      the lines, tab-separated (a workbook's
                               township sheets in order)

Money comes out with two decimals whichever file it came from, counts as
integers, so that the same roll's CSV and workbook print the same text.
Exit status 1 with a message when the file is not a roll."""
import csv
import io
import sys
import zipfile
import xml.etree.ElementTree as ET
from decimal import Decimal

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

# The line's columns that hold money, and the one that holds a count.
LINE_MONEY = (14, 15, 16)
LINE_INT = (7,)
LINE_COLUMNS = 18


def fail(msg):
    sys.stderr.write("rollcheck: %s\n" % msg)
    sys.exit(1)


def money(text):
    return str(Decimal(text).quantize(Decimal("0.01")))


def integer(text):
    d = Decimal(text)
    if d != d.to_integral_value():
        fail("not a count: %s" % text)
    return str(int(d))


def total_kinds(ncols):
    """The totals have 11 columns besides two per kind of line."""
    if ncols < 11 or (ncols - 11) % 2:
        fail("a totals row of %d columns" % ncols)
    return (ncols - 11) // 2


def norm_total(row):
    k = total_kinds(len(row))
    out = list(row[:5])
    for i in range(5, len(row)):
        is_money = 7 + k <= i < 7 + 2 * k or i == len(row) - 1
        out.append(money(row[i] or "0") if is_money else integer(row[i] or "0"))
    return out


def norm_line(row):
    if len(row) != LINE_COLUMNS:
        fail("a line of %d columns" % len(row))
    out = list(row)
    for i in LINE_MONEY:
        out[i] = money(row[i] or "0")
    for i in LINE_INT:
        out[i] = integer(row[i] or "0")
    return out


# ---- CSV ---------------------------------------------------------------------

def read_csv(data):
    if data.startswith(b"\xef\xbb\xbf"):
        text = data.decode("utf-8-sig")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("gb18030")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    try:
        blank = rows.index([])
    except ValueError:
        fail("no blank row before the totals")
    lines = rows[1:blank]
    totals = rows[blank + 2:]  # the totals' own header row skipped
    return lines, totals


# ---- the workbook ------------------------------------------------------------

def col_index(ref):
    n = 0
    for ch in ref:
        if not ch.isalpha():
            break
        n = n * 26 + (ord(ch.upper()) - 64)
    return n - 1


def sheet_rows(z, member, shared):
    root = ET.fromstring(z.read(member))
    rows = []
    for r in root.iterfind("m:sheetData/m:row", NS):
        cells = {}
        for c in r.iterfind("m:c", NS):
            t = c.get("t")
            if t == "inlineStr":
                v = "".join(x.text or "" for x in c.iterfind(".//m:t", NS))
            elif t == "s":
                v = shared[int(c.find("m:v", NS).text)]
            else:
                e = c.find("m:v", NS)
                v = e.text if e is not None else ""
            cells[col_index(c.get("r"))] = v
        width = max(cells) + 1 if cells else 0
        rows.append((int(r.get("r")) - 1, [cells.get(i, "") for i in range(width)]))
    return rows


def read_xlsx(path):
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        shared = []
        if "xl/sharedStrings.xml" in names:
            sroot = ET.fromstring(z.read("xl/sharedStrings.xml"))
            for si in sroot.iterfind("m:si", NS):
                shared.append("".join(x.text or "" for x in si.iterfind(".//m:t", NS)))
        wb = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels}
        sheets = [(s.get("name"), "xl/" + target[s.get(REL)].lstrip("/").replace("xl/", "", 1))
                  for s in wb.iterfind("m:sheets/m:sheet", NS)]
        if not sheets:
            fail("%s: no sheets" % path)
        summary = sheet_rows(z, sheets[0][1], shared)
        # The summary: five rows of facts, a blank row, the totals' header
        # row (row 7), then the totals.
        totals = [cells for (r, cells) in summary if r >= 7]
        lines = []
        for _, member in sheets[1:]:
            lines += [cells + [""] * (LINE_COLUMNS - len(cells))
                      for (r, cells) in sheet_rows(z, member, shared) if r >= 1]
        ncols = max((len(t) for t in totals), default=0)
        totals = [t + [""] * (ncols - len(t)) for t in totals]
        return lines, totals


def main(argv):
    if len(argv) == 2:
        mode, path = "county", argv[1]
    elif len(argv) == 3 and argv[1] in ("county", "totals", "lines"):
        mode, path = argv[1], argv[2]
    else:
        sys.stderr.write(__doc__)
        return 2
    with open(path, "rb") as f:
        head = f.read(2)
    if head == b"PK":
        lines, totals = read_xlsx(path)
    else:
        with open(path, "rb") as f:
            lines, totals = read_csv(f.read())
    if not totals:
        fail("%s: no totals" % path)
    if mode == "county":
        print(norm_total(totals[-1])[-1])
    elif mode == "totals":
        for t in totals:
            print("\t".join(norm_total(t)))
    else:
        for line in lines:
            print("\t".join(norm_line(line)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
