#!/usr/bin/env python3
"""recalc_check.py — every formula of a workbook, recalculated by another program, gives its stored value.

libxlsxwriter never computes formulas: partnerfunnel stores the value it computed beside each formula, and
LibreOffice, viewers and PDF converters show that stored value. This script checks that the stored values
are what a spreadsheet computes. Gnumeric's ssconvert recalculates the workbook (xlsx -> xlsx with --recalc);
then every cell that holds a formula in the original is compared with the same cell of the recalculated copy:
numbers within a relative tolerance (default 1e-9), text exactly, and no cell may recalculate to an error.

Usage: recalc_check.py WORKBOOK.xlsx [--ssconvert PATH] [--tolerance 1e-9] [--keep DIR]
Prints one line per mismatch and a summary ("recalc: N formulas checked, M mismatches"); exit status 0 when
every formula agrees, 1 on a mismatch, 2 when the workbook or ssconvert cannot be used.
Python 3 standard library only.
"""
import argparse
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
R_ID = "{%s}id" % NS["r"]


def sheet_paths(archive):
    """[(sheet name, path of its XML in the archive)] in workbook order."""
    workbook = ET.fromstring(archive.read("xl/workbook.xml"))
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {}
    for rel in rels.findall("rel:Relationship", NS):
        target = rel.get("Target")
        if target.startswith("/"):
            target = target[1:]
        elif not target.startswith("xl/"):
            target = "xl/" + target
        targets[rel.get("Id")] = target
    return [(s.get("name"), targets[s.get(R_ID)]) for s in workbook.find("m:sheets", NS)]


def shared_strings(archive):
    try:
        root = ET.fromstring(archive.read("xl/sharedStrings.xml"))
    except KeyError:
        return []
    return ["".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])) for si in root.findall("m:si", NS)]


def cells(path):
    """{sheet name: {cell ref: (has formula, formula text, kind, value)}}; kind is 'n', 's', 'b' or 'e'."""
    with zipfile.ZipFile(path) as archive:
        strings = shared_strings(archive)
        result = {}
        for name, sheet_path in sheet_paths(archive):
            found = {}
            with archive.open(sheet_path) as stream:
                for _, element in ET.iterparse(stream):
                    if element.tag != "{%s}c" % NS["m"]:
                        continue
                    ref = element.get("r")
                    kind = element.get("t", "n")
                    formula = element.find("m:f", NS)
                    v = element.find("m:v", NS)
                    text = v.text if v is not None else None
                    if kind == "s" and text is not None:
                        value, kind = strings[int(text)], "s"
                    elif kind == "inlineStr":
                        value = "".join(t.text or "" for t in element.iter("{%s}t" % NS["m"]))
                        kind = "s"
                    elif kind == "str":
                        value, kind = text or "", "s"
                    elif kind in ("b", "e"):
                        value = text
                    else:
                        value = float(text) if text not in (None, "") else None
                    found[ref] = (formula is not None, formula.text if formula is not None else None, kind, value)
                    element.clear()
            result[name] = found
    return result


def same(a, b, tolerance):
    if a is None or b is None:
        return a is b
    if math.isnan(a) or math.isnan(b):
        return False
    scale = max(abs(a), abs(b))
    return abs(a - b) <= tolerance * scale or abs(a - b) <= 1e-12


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("workbook")
    parser.add_argument("--ssconvert", default=shutil.which("ssconvert") or "/usr/bin/ssconvert")
    parser.add_argument("--tolerance", type=float, default=1e-9)
    parser.add_argument("--keep", help="keep the recalculated copy in this folder")
    args = parser.parse_args()
    if not os.path.exists(args.ssconvert):
        print("recalc: ssconvert not found (Debian package gnumeric)", file=sys.stderr)
        return 2
    work = args.keep or tempfile.mkdtemp(prefix="pf-recalc.")
    try:
        recalculated = os.path.join(work, "recalculated.xlsx")
        run = subprocess.run([args.ssconvert, "--recalc", args.workbook, recalculated],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if run.returncode != 0 or not os.path.exists(recalculated):
            print("recalc: ssconvert failed: %s" % run.stderr.strip()[-500:], file=sys.stderr)
            return 2
        original = cells(args.workbook)
        again = cells(recalculated)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    checked = mismatches = 0
    for sheet, found in original.items():
        other = again.get(sheet)
        if other is None:
            print("recalc: sheet %r missing after recalculation" % sheet)
            mismatches += 1
            continue
        for ref, (has_formula, formula, kind, value) in found.items():
            if not has_formula:
                continue
            checked += 1
            got = other.get(ref)
            where = "%s!%s =%s" % (sheet, ref, formula)
            if got is None:
                print("recalc: %s: cell missing after recalculation" % where)
                mismatches += 1
            elif got[2] == "e":
                print("recalc: %s: recalculates to the error %s (stored %r)" % (where, got[3], value))
                mismatches += 1
            elif kind == "s" or got[2] == "s":
                if kind != got[2] or value != got[3]:
                    print("recalc: %s: stored %r, recalculated %r" % (where, value, got[3]))
                    mismatches += 1
            elif not same(value, got[3], args.tolerance):
                print("recalc: %s: stored %r, recalculated %r" % (where, value, got[3]))
                mismatches += 1
    print("recalc: %d formulas checked, %d mismatches" % (checked, mismatches))
    if checked == 0:
        print("recalc: no formula found: is this a partnerfunnel workbook?", file=sys.stderr)
        return 1
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
