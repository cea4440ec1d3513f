#!/usr/bin/env python3
"""compare.py OUTA OUTB: compare two check.sh output folders.

For each NAME.json (in either folder) print the findings only in A ("-") and only in B
("+"), matched by code, path (relative to the package, as check.sh writes it), line and
message; then the total per code in A and in B.
"""
import collections
import json
import os
import sys


def load(path):
    """Findings of one JSON file as a multiset of keys; None when the file is missing or bad."""
    try:
        with open(path) as f:
            findings = json.load(f)
    except (OSError, ValueError):
        return None
    return collections.Counter(
        (f["code"], os.path.normpath(f["path"]), f["line"], f["message"]) for f in findings
    )


def main(a_dir, b_dir):
    names = sorted({n for d in (a_dir, b_dir) for n in os.listdir(d) if n.endswith(".json")})
    totals = {"A": collections.Counter(), "B": collections.Counter()}
    for name in names:
        a, b = load(os.path.join(a_dir, name)), load(os.path.join(b_dir, name))
        notes = [f"{s}: missing or not JSON" for s, c in (("A", a), ("B", b)) if c is None]
        a, b = a or collections.Counter(), b or collections.Counter()
        for key, n in a.items():
            totals["A"][key[0]] += n
        for key, n in b.items():
            totals["B"][key[0]] += n
        only = [("-", k) for k in sorted((a - b).elements())]
        only += [("+", k) for k in sorted((b - a).elements())]
        if only or notes:
            print(f"{name}: {sum(a.values())} in A, {sum(b.values())} in B" + "".join(f" ({n})" for n in notes))
            for sign, (code, path, line, msg) in only:
                print(f"  {sign} {code} {path}:{line} {msg}")
    print(f"\n{'code':6} {'A':>6} {'B':>6} {'B-A':>5}")
    for code in sorted(totals["A"].keys() | totals["B"].keys()):
        a, b = totals["A"][code], totals["B"][code]
        print(f"{code:6} {a:6} {b:6} {b - a:+5}")
    a, b = sum(totals["A"].values()), sum(totals["B"].values())
    print(f"{'total':6} {a:6} {b:6} {b - a:+5}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: compare.py OUTA OUTB")
    main(sys.argv[1], sys.argv[2])
