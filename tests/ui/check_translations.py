#!/usr/bin/env python3
"""Checks that each .ts file is current: lupdate run on the sources finds exactly the messages the file
has, and every one of them is translated. Fails with the list of what is missing, stale or unfinished.
Refresh with: cmake --build --preset dev --target update_translations"""
import argparse
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path


def messages(ts_path):
    root = ET.parse(ts_path).getroot()
    found = {}
    for context in root.iter("context"):
        name = context.findtext("name")
        for msg in context.iter("message"):
            tr = msg.find("translation")
            kind = tr.get("type") if tr is not None else "missing"
            if msg.get("numerus") == "yes" and tr is not None:
                text = "".join(n.text or "" for n in tr.iter("numerusform"))
            else:
                text = tr.text if tr is not None else ""
            found[(name, msg.findtext("source"), msg.findtext("comment"))] = (kind, text or "")
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lupdate", required=True)
    ap.add_argument("--sources", required=True)
    ap.add_argument("ts", nargs="+")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "fresh.ts"
        subprocess.run([args.lupdate, "-silent", "-no-obsolete", "-locations", "none", "-extensions",
                        "cpp,h", args.sources, "-ts", str(fresh)], check=True)
        wanted = set(messages(fresh))
    if not wanted:
        print("lupdate found no tr() strings: is --sources right?")
        return 1
    problems = []
    for ts in args.ts:
        have = messages(ts)
        for key in sorted(wanted - set(have), key=str):
            problems.append(f"{ts}: missing {key[0]}: {key[1]!r}")
        for key in sorted(set(have) - wanted, key=str):
            problems.append(f"{ts}: stale {key[0]}: {key[1]!r}")
        for key in sorted(wanted & set(have), key=str):
            kind, text = have[key]
            if kind in ("unfinished", "missing", "vanished", "obsolete") or not text.strip():
                problems.append(f"{ts}: untranslated {key[0]}: {key[1]!r}")
    for p in problems:
        print(p)
    print(f"{len(wanted)} messages, {len(args.ts)} files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
