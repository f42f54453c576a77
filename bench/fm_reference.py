"""The `fm` of pipelines/movielens-fm.yaml in a reference implementation:
myFM (a factorization machine trained by Gibbs sampling, as libFM's MCMC) on
MovieLens 100k with the same features (user, item, age standardised,
gender, occupation, genres weighted 1/n, release year, weekday), 5 shuffled
folds. Prints RMSE and fit seconds per fold. Run by bench/fm.sh."""

import sys
import time

import numpy as np
import scipy.sparse as sps
import myfm


def read(path):
    with open(path, encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        rows = [line.rstrip("\n").split("\t") for line in handle if line.strip()]
    return [name.split(":")[0] for name in header], rows


def main(folder, rank, iterations):
    _, ratings = read(f"{folder}/ml-100k.inter")
    user_header, users = read(f"{folder}/ml-100k.user")
    item_header, items = read(f"{folder}/ml-100k.item")
    columns = {}

    def feature(name):
        return columns.setdefault(name, len(columns))

    ages = np.array([float(row[user_header.index("age")]) for row in users])
    mean, deviation = ages.mean(), ages.std()
    user_features = {}
    for row in users:
        age = (float(row[user_header.index("age")]) - mean) / deviation
        user_features[row[0]] = [
            (feature("age"), age),
            (feature("gender=" + row[user_header.index("gender")]), 1.0),
            (feature("occupation=" + row[user_header.index("occupation")]), 1.0),
        ]
    item_features = {}
    for row in items:
        genres = sorted(set(row[item_header.index("class")].split()))
        values = [(feature("genre=" + genre), 1.0 / len(genres)) for genre in genres]
        year = row[item_header.index("release_year")]
        if year:
            values.append((feature("year=" + year), 1.0))
        item_features[row[0]] = values

    data, indices, indptr, targets = [], [], [0], []
    for user, item, rating, timestamp in ratings:
        weekday = time.gmtime(int(float(timestamp))).tm_wday
        active = [(feature("user=" + user), 1.0), (feature("item=" + item), 1.0), (feature(f"weekday={weekday}"), 1.0)]
        active += user_features.get(user, []) + item_features.get(item, [])
        for column, value in active:
            indices.append(column)
            data.append(value)
        indptr.append(len(indices))
        targets.append(float(rating))
    X = sps.csr_matrix((data, indices, indptr), shape=(len(targets), len(columns)))
    y = np.array(targets)

    order = np.random.default_rng(42).permutation(len(y))
    folds = np.array_split(order, 5)
    errors, seconds = [], []
    for number, test in enumerate(folds, start=1):
        train = np.setdiff1d(order, test)
        model = myfm.MyFMRegressor(rank=rank, random_seed=number)
        start = time.perf_counter()
        model.fit(X[train], y[train], n_iter=iterations, n_kept_samples=iterations - 20)
        seconds.append(time.perf_counter() - start)
        predicted = np.clip(model.predict(X[test]), 1, 5)
        errors.append(float(np.sqrt(np.mean((predicted - y[test]) ** 2))))
        print(f"myfm fold {number}: rmse {errors[-1]:.4f}, fit {seconds[-1]:.2f} s", flush=True)
    print(f"myfm {myfm.__version__} rank {rank}, {iterations} Gibbs iterations: "
          f"mean rmse {np.mean(errors):.4f} ± {np.std(errors):.4f}, fit {np.mean(seconds):.2f} s per fold")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 16, int(sys.argv[3]) if len(sys.argv) > 3 else 200)
