"""Prints mass and Surprise results side by side: compare.py MASS.tsv SURPRISE.tsv

Speed-ups are Surprise time / mass time, for wall-clock time and for processor
time (all threads; steadier than wall time on a shared machine).
"""
import sys


def read(path):
    with open(path) as handle:
        rows = [line.rstrip("\n").split("\t") for line in handle][1:]
    return {row[0]: tuple(float(value) for value in row[1:4]) for row in rows}


mass, surprise = read(sys.argv[1]), read(sys.argv[2])
print(f"{'model':<12} {'mass RMSE':>10} {'Surprise':>9} {'mass s':>8} {'Surprise s':>11} {'wall x':>7}"
      f" {'mass CPU s':>11} {'Surprise CPU s':>15} {'CPU x':>7}")
for name, (rmse, seconds, cpu) in mass.items():
    if name in surprise:
        other_rmse, other_seconds, other_cpu = surprise[name]
        print(f"{name:<12} {rmse:>10.4f} {other_rmse:>9.4f} {seconds:>8.3f} {other_seconds:>11.2f}"
              f" {other_seconds / seconds:>6.1f}x {cpu:>11.3f} {other_cpu:>15.2f} {other_cpu / cpu:>6.1f}x")
    else:
        print(f"{name:<12} {rmse:>10.4f} {'-':>9} {seconds:>8.3f} {'-':>11} {'-':>7} {cpu:>11.3f} {'-':>15} {'-':>7}")
