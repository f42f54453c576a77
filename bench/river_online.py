"""River's online biased matrix factorization on MovieLens 100k in time order:
each rating predicted, then learned from, as mass's online mf does.
Settings from River's MovieLens 100k tutorial (10 factors, SGD 0.025 for
the biases and 0.05 for the factors, factors from N(0, 0.1))."""
import csv
import sys
import time

from river import metrics, optim, reco, stats  # noqa: F401


def main(path: str) -> None:
    rows = []
    with open(path, newline="") as handle:
        reader = csv.reader(handle, delimiter="\t")
        next(reader)
        for user, item, rating, timestamp in reader:
            rows.append((float(timestamp), len(rows), user, item, float(rating)))
    rows.sort()
    model = reco.BiasedMF(
        n_factors=10,
        bias_optimizer=optim.SGD(0.025),
        latent_optimizer=optim.SGD(0.05),
        latent_initializer=optim.initializers.Normal(mu=0.0, sigma=0.1, seed=73),
        l2_bias=0.0,
        l2_latent=0.0,
    )
    rmse = metrics.RMSE()
    started = time.perf_counter()
    for _, _, user, item, rating in rows:
        prediction = min(max(model.predict_one(user, item), 1.0), 5.0)
        rmse.update(rating, prediction)
        model.learn_one(user, item, rating)
    seconds = time.perf_counter() - started
    print(f"river BiasedMF (10 factors)  rmse {rmse.get():.4f}   {len(rows) / seconds:10.0f} events/s")


if __name__ == "__main__":
    main(sys.argv[1])
