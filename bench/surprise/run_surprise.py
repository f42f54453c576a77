"""Times Surprise models on the fold assignment written by `mass-bench models`.

Usage: run_surprise.py --data RATINGS.tsv --folds FOLDS.txt --results OUT.tsv [--only a,b]
The ratings file has one header line; FOLDS.txt holds one fold index per data row.
"""
import argparse
import time

from surprise import (BaselineOnly, Dataset, KNNBaseline, Reader, SlopeOne, SVD, SVDpp, accuracy)


def models():
    # Surprise defaults, except where the mass side names a setting.
    return [
        ("baseline", lambda: BaselineOnly(bsl_options={"method": "als"}, verbose=False)),
        ("mf", lambda: SVD(n_factors=100, n_epochs=20, lr_all=0.005, reg_all=0.02, random_state=1)),
        ("svdpp", lambda: SVDpp(random_state=1)),
        ("knn", lambda: KNNBaseline(k=40, sim_options={"name": "pearson_baseline", "user_based": False,
                                                       "shrinkage": 100}, verbose=False)),
        ("slope-one", lambda: SlopeOne()),
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--folds", required=True)
    parser.add_argument("--results", required=True)
    parser.add_argument("--only", default="")
    args = parser.parse_args()

    reader = Reader(line_format="user item rating timestamp", sep="\t", skip_lines=1, rating_scale=(1, 5))
    data = Dataset.load_from_file(args.data, reader=reader)
    with open(args.folds) as handle:
        folds = [int(line) for line in handle if line.strip()]
    rows = data.raw_ratings
    if len(rows) != len(folds):
        raise SystemExit(f"{len(rows)} ratings but {len(folds)} fold indices")
    fold_count = max(folds) + 1
    parts = []
    for fold in range(fold_count):
        train = [row for row, f in zip(rows, folds) if f != fold]
        test = [row for row, f in zip(rows, folds) if f == fold]
        parts.append((data.construct_trainset(train), data.construct_testset(test)))

    only = set(filter(None, args.only.split(",")))
    lines = ["model\trmse\tseconds\tcpu_seconds"]
    for name, make in models():
        if only and name not in only:
            continue
        total_rmse, total_seconds, total_cpu = 0.0, 0.0, 0.0
        for trainset, testset in parts:
            algorithm = make()
            cpu_start, start = time.process_time(), time.perf_counter()
            algorithm.fit(trainset)
            predictions = algorithm.test(testset)
            total_seconds += time.perf_counter() - start
            total_cpu += time.process_time() - cpu_start
            total_rmse += accuracy.rmse(predictions, verbose=False) / fold_count
        print(f"surprise {name:<10} mean RMSE {total_rmse:.4f}  fit+predict {total_seconds:.2f} s, CPU {total_cpu:.2f} s",
              flush=True)
        lines.append(f"{name}\t{total_rmse}\t{total_seconds}\t{total_cpu}")
    with open(args.results, "w") as handle:
        handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
