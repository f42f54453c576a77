#!/usr/bin/env python3
"""Checks that every module a target imports is one of its declared dependencies
in Package.swift, so that no target builds only thanks to another's imports.
Reads `swift package dump-package`; run from the repository root."""
import json
import pathlib
import re
import subprocess
import sys

# Modules of the toolchain and the platform, never declared in Package.swift.
SYSTEM = {"Foundation", "FoundationEssentials", "FoundationXML", "FoundationNetworking", "Glibc", "Darwin", "Dispatch", "Testing", "XCTest", "Synchronization"}
# Modules a dependency builds for its own use without a product to declare
# them by, each allowed only to a target that declares that dependency:
# CYaml is the libyaml that Yams compiles and parses with.
BUILT_BY = {"CYaml": "Yams"}
IMPORT = re.compile(r"^\s*(?:@testable\s+|@_exported\s+)?import\s+(?:(?:struct|class|enum|func|protocol|typealias)\s+)?([A-Za-z_]\w*)", re.M)

package = json.loads(subprocess.run(["swift", "package", "dump-package"], check=True, capture_output=True, text=True).stdout)
failed = False
for target in package["targets"]:
    name = target["name"]
    folder = pathlib.Path(target.get("path") or ("Tests" if target["type"] == "test" else "Sources")) / ("" if target.get("path") else name)
    declared = set()
    for dependency in target["dependencies"]:
        kind, values = next(iter(dependency.items()))
        declared.add(values[0])
    imported = set()
    for source in folder.rglob("*.swift"):
        if "Fixtures" in source.parts:
            continue
        imported.update(IMPORT.findall(source.read_text(encoding="utf-8")))
    brought = {module for module, product in BUILT_BY.items() if product in declared}
    missing = sorted(imported - declared - SYSTEM - brought - {name})
    if missing:
        failed = True
        print(f"{name}: imports {', '.join(missing)}, not among its dependencies in Package.swift")
print("package imports: " + ("MISSING DEPENDENCIES" if failed else "every import is declared"))
sys.exit(1 if failed else 0)
