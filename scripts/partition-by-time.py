#!/usr/bin/env python3
"""Cuts a rating file into N files of (nearly) equal size by time, oldest first.

    partition-by-time.py RATINGS N OUT_DIR

RATINGS is tab-separated with a header and a column whose name starts with
"timestamp"; the files OUT_DIR/part-01.tsv ... part-NN.tsv keep the header and
the original columns, each holding the next slice of ratings in time order
(ties keep the file's order). A pipeline reads them as partitions that arrive
one after another.
"""
import os
import sys


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    source, count, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(source, encoding="utf-8") as handle:
        header = handle.readline()
        rows = [line for line in handle if line.strip()]
    columns = header.rstrip("\n").split("\t")
    time = next((i for i, name in enumerate(columns) if name.startswith("timestamp")), None)
    if time is None:
        sys.exit(f"{source}: no column named timestamp*")
    rows.sort(key=lambda line: float(line.split("\t")[time]))
    os.makedirs(folder, exist_ok=True)
    width = len(str(count)) if count >= 10 else 2
    for part in range(count):
        start, end = part * len(rows) // count, (part + 1) * len(rows) // count
        path = os.path.join(folder, f"part-{part + 1:0{width}d}.tsv")
        with open(path + ".tmp", "w", encoding="utf-8") as out:
            out.write(header)
            out.writelines(rows[start:end])
        os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
