"""Prints mass and Surprise results side by side: compare.py MASS.tsv SURPRISE.tsv"""
import sys


def read(path):
    with open(path) as handle:
        rows = [line.rstrip("\n").split("\t") for line in handle][1:]
    return {name: (float(rmse), float(seconds)) for name, rmse, seconds in rows}


mass, surprise = read(sys.argv[1]), read(sys.argv[2])
print(f"{'model':<12} {'mass RMSE':>10} {'Surprise RMSE':>14} {'mass s':>8} {'Surprise s':>11} {'speed-up':>9}")
for name, (rmse, seconds) in mass.items():
    if name in surprise:
        other_rmse, other_seconds = surprise[name]
        print(f"{name:<12} {rmse:>10.4f} {other_rmse:>14.4f} {seconds:>8.3f} {other_seconds:>11.2f} {other_seconds / seconds:>8.1f}x")
    else:
        print(f"{name:<12} {rmse:>10.4f} {'-':>14} {seconds:>8.3f} {'-':>11} {'-':>9}")
