"""Corruption campaign: damages each kind of cache entry in turn and checks
that the next runs end exactly as a run with a clean cache does, and that
the damaged entry is made again. Run by bench/corruption-campaign.sh.

For each variant of bench/fixtures/campaign (its gate passing, exit 0, and
failing, exit 1), a reference project is run once with a clean cache. Then,
for every target (the stored result of one node of each kind, the stored
files, the stat cache, the lock file, the run record, a record of a running
stage, the stage outputs in the work tree) and every damage (truncate to half,
flip one byte, delete, replace with another entry of the same kind), a copy
of the reference project is damaged and run:

1. a plain run: exit code, results (tables, gates), report files, lock file
   and stage outputs must equal the reference's;
2. when that run did not need the damaged entry (a stored result is checked
   only when something reads it), a run that needs it: its dependants forced,
   or, for a node nothing reads, its outputs deleted so that they must be
   restored from it. The node must run again, with the same outcome;
3. a last plain run must do nothing and warn of nothing: the entry is whole.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

MASS, FIXTURE = sys.argv[1], sys.argv[2]
WORK = tempfile.mkdtemp(prefix="mass-corruption-campaign.")
VARIANTS = {"gate passes": "2.0", "gate fails": "0.05"}
COMPARED = ["pipeline.lock", "out/results.json", "out/results.md", "out/count.txt", "raw/ratings.csv", "data/ratings.csv"]
# One node of each kind; the stages differ in how their outputs are kept
# (generate's and clean's as stored files, count's inside its entry).
NODES = [
    "stage generate", "stage clean", "stage count", "load ratings", "split", "fit bias @ fold 1",
    "fit svd @ fold 1", "fit knn @ fold 1", "evaluate svd @ fold 1", "combine @ fold 1",
    "evaluate combined @ fold 1", "summarize", "report",
]
DAMAGES = ["truncate", "flip", "delete", "replace"]


def run(project, gate, *extra):
    done = subprocess.run(
        [MASS, "run", "pipeline.yaml", "-p", f"rmse_max={gate}", "--json", *extra],
        cwd=project, capture_output=True, text=True)
    try:
        document = json.loads(done.stdout)
    except json.JSONDecodeError:
        document = {}
    outcomes = {node["id"]: node["outcome"] for node in document.get("nodes", [])}
    return done.returncode, document.get("results"), outcomes, done.stderr


def outcome(project, status, results):
    files = {}
    for name in COMPARED:
        path = os.path.join(project, name)
        files[name] = open(path, "rb").read() if os.path.exists(path) else None
    return {"exit": status, "results": json.dumps(results, sort_keys=True), "files": files}


def differences(got, expected):
    found = []
    if got["exit"] != expected["exit"]:
        found.append(f"exit {got['exit']}, clean cache {expected['exit']}")
    if got["results"] != expected["results"]:
        found.append("results (tables, gates) differ" if got["results"] != "null" else "no results")
    for name, data in expected["files"].items():
        if got["files"][name] != data:
            found.append(f"{name} differs" if got["files"][name] is not None else f"{name} missing")
    return found


def lock_nodes(project):
    """id -> {fingerprint, inputs, outputs} from the lock file."""
    nodes, current = {}, None
    for line in open(os.path.join(project, "pipeline.lock"), encoding="utf-8"):
        words = line.strip().split(" ")
        if words[0] == "node":
            current = nodes.setdefault(json.loads(line.strip()[5:]), {"inputs": [], "outputs": {}})
        elif current is not None and words[0] == "fingerprint":
            current["fingerprint"] = words[1]
        elif current is not None and words[0] == "input":
            current["inputs"].append(json.loads(line.strip()[6:]))
        elif current is not None and words[0] == "output" and words[1] != "artifact":
            current["outputs"][words[1]] = words[3]
    return nodes


def object_path(project, key):
    return os.path.join(project, ".mass", "objects", key[:2], key[2:])


def file_path(project, key):
    return os.path.join(project, ".mass", "files", key[:2], key[2:])


def damage(path, how, replacement):
    if how == "delete":
        if os.path.exists(path):
            os.remove(path)
        return
    if how == "replace":
        shutil.copyfile(replacement, path)
        return
    data = bytearray(open(path, "rb").read())
    if how == "truncate":
        data = data[: len(data) // 2]
    elif how == "flip":
        data[len(data) // 2] ^= 0xFF
    open(path, "wb").write(bytes(data))


def own_run_record(project):
    """The run record of this folder's lock file, relative to the folder."""
    folder = os.path.join(project, ".mass/state/runs")
    locks = {os.path.join(project, "pipeline.lock"), os.path.join(os.path.realpath(project), "pipeline.lock")}
    for name in os.listdir(folder):
        if any(f"\nlock {lock}\n" in open(os.path.join(folder, name), encoding="utf-8", errors="replace").read() for lock in locks):
            return os.path.join(".mass/state/runs", name)
    raise RuntimeError(f"no run record of {project}")


def running_record(project):
    """A record of a stage of a run that died: its output is partial, its process group long gone."""
    folder = os.path.join(project, ".mass", "state", "running")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "0" * 64)
    with open(path, "w") as record:
        record.write(f"mass-running 1\nfolder {os.path.realpath(project)}\ngroup 4194000 12345 not-this-boot\n"
                     f"output {os.path.realpath(project)}/out/count.txt\n")
    return path


def targets(reference, other):
    """(kind, name, path in a project relative to it, path of a replacement, how to need it)"""
    nodes = lock_nodes(reference)
    consumers = {node: [n for n, record in nodes.items() if node in record["inputs"]] for node in nodes}
    found = []
    for index, node in enumerate(NODES):
        key = nodes[node]["fingerprint"]
        other_node = NODES[(index + 1) % len(NODES)]
        need = {"force": consumers[node]} if consumers[node] else {"delete": list(nodes[node]["outputs"])}
        found.append(("stored result", node, os.path.relpath(object_path(reference, key), reference),
                      object_path(reference, nodes[other_node]["fingerprint"]), dict(need, node=node)))
    stored = {path: key for record in nodes.values() for path, key in record["outputs"].items()
              if os.path.exists(file_path(reference, key))}
    for path, key in sorted(stored.items()):
        producer = next(n for n, record in nodes.items() if path in record["outputs"])
        others = [k for k in stored.values() if k != key]
        found.append(("stored file", path, os.path.relpath(file_path(reference, key), reference),
                      file_path(reference, others[0]), {"delete": [path], "node": producer, "file": key}))
    found.append(("stat cache", "stat-cache", ".mass/stat-cache", os.path.join(other, ".mass/stat-cache"), {}))
    found.append(("lock file", "pipeline.lock", "pipeline.lock", os.path.join(other, "pipeline.lock"), {}))
    found.append(("run record", "state/runs", None, other, {}))
    found.append(("running-stage record", "state/running", None, None, {}))
    for path in ["raw/ratings.csv", "data/ratings.csv", "out/count.txt"]:
        found.append(("stage output", path, path, os.path.join(reference, "data/ratings.csv" if path != "data/ratings.csv" else "raw/ratings.csv"), {}))
    return found


def case(reference, expected, gate, target, how):
    kind, name, relative, replacement, need = target
    project = os.path.join(WORK, "case")
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(reference, project, symlinks=True)
    # A first run in the copy: the stat cache and the run record are then this folder's own.
    run(project, gate)
    if kind == "run record":
        relative = own_run_record(project)
        replacement = os.path.join(replacement, own_run_record(replacement))
    if kind == "running-stage record":
        path = running_record(project)
        if how == "delete":
            os.remove(path)
        elif how == "replace":
            open(path, "wb").write(os.urandom(300))
        else:
            damage(path, how, None)
    else:
        damage(os.path.join(project, relative), how, replacement)

    problems = []
    status, results, outcomes, stderr = run(project, gate)
    problems += differences(outcome(project, status, results), expected)
    node = need.get("node")
    if node is not None and outcomes.get(node) != "ran":
        # Not read by that run: make a run need it, and see it made again.
        for path in need.get("delete", []):
            if os.path.exists(os.path.join(project, path)):
                os.remove(os.path.join(project, path))
        forced = [arg for consumer in need.get("force", []) for arg in ("--force", consumer)]
        status, results, outcomes, stderr = run(project, gate, *forced)
        problems += [f"when needed: {p}" for p in differences(outcome(project, status, results), expected)]
        if outcomes.get(node) != "ran":
            problems.append(f"'{node}' was not computed again when needed ({outcomes.get(node)})")
    if "file" in need:
        stored = file_path(project, need["file"])
        if not os.path.exists(stored) or hashlib.sha256(open(stored, "rb").read()).hexdigest() != need["file"]:
            problems.append("the stored file was not stored again")
    if kind == "running-stage record" and os.listdir(os.path.join(project, ".mass/state/running")):
        problems.append("the running-stage record is still there")
    status, results, outcomes, stderr = run(project, gate)
    problems += [f"last run: {p}" for p in differences(outcome(project, status, results), expected)]
    ran = [n for n, o in outcomes.items() if o != "cached"]
    if ran:
        problems.append(f"last run ran {', '.join(ran)}")
    if "damaged" in stderr or "warning" in stderr:
        problems.append("last run warned: " + stderr.strip().splitlines()[0])
    if kind == "stat cache":
        problems += check_stat_cache(project)
    if kind == "run record" and not open(os.path.join(project, relative), "rb").read().startswith(b"mass-run 1\n"):
        problems.append("the run record was not written again")
    shutil.rmtree(project, ignore_errors=True)
    return problems


def check_stat_cache(project):
    data = open(os.path.join(project, ".mass/stat-cache"), "rb").read()
    body, _, trailer = data[:-1].rpartition(b"\n")
    if trailer != b"checksum " + hashlib.sha256(body + b"\n").hexdigest().encode():
        return ["the stat cache was not written again whole"]
    return []


def main():
    counts = {"cases": 0, "outcome identical": 0, "mismatches": 0}
    by_kind = {}
    details = []
    for variant, gate in VARIANTS.items():
        reference = os.path.join(WORK, "reference")
        other = os.path.join(WORK, "other")
        for project, value in [(reference, gate), (other, "1.5")]:
            shutil.rmtree(project, ignore_errors=True)
            shutil.copytree(FIXTURE, project)
            run(project, value)
        status, results, _, _ = run(reference, gate)
        expected = outcome(reference, status, results)
        print(f"{variant}: clean-cache run exits {status}")
        for target in targets(reference, other):
            for how in DAMAGES:
                problems = case(reference, expected, gate, target, how)
                counts["cases"] += 1
                kind = target[0]
                by_kind.setdefault(kind, [0, 0])[0] += 1
                if problems:
                    counts["mismatches"] += 1
                    details += [f"{variant}, {how} {kind} {target[1]}: {p}" for p in problems]
                    print(f"  {how:8} {kind} {target[1]}: MISMATCH")
                    for problem in problems:
                        print(f"      {problem}")
                else:
                    counts["outcome identical"] += 1
                    by_kind[kind][1] += 1
                    print(f"  {how:8} {kind} {target[1]}: same outcome as a clean cache, entry made again")
    print()
    print(f"cases: {counts['cases']} ({len(VARIANTS)} variants x targets x {len(DAMAGES)} damages: {', '.join(DAMAGES)})")
    for kind, (total, good) in by_kind.items():
        print(f"  {kind}: {good}/{total}")
    print(f"same outcome as a clean cache and entry made again: {counts['outcome identical']}")
    print(f"mismatches: {counts['mismatches']}")
    for detail in details:
        print(f"  {detail}")
    if counts["mismatches"] == 0:
        shutil.rmtree(WORK, ignore_errors=True)
    else:
        print(f"(evidence under {WORK})")
    return 1 if counts["mismatches"] else 0


if __name__ == "__main__":
    sys.exit(main())
