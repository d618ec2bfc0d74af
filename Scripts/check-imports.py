#!/usr/bin/env python3
"""Checks every Swift `import` of every target against Package.swift and the README's architecture table.

Fails (exit 1, one line per finding) when:
  - a target imports a module that Package.swift does not declare for it (a product's module or a target of
    this package named in its `dependencies`); modules of the toolchain (Foundation, Glibc, Testing, ...) need
    no declaration, and Testing/XCTest are allowed only in targets under Tests/;
  - a target declares a dependency that none of its files imports (an edge nothing uses);
  - a target imports what the "must not" column of README.md's architecture table forbids it: "import any
    package" forbids every module but the toolchain's; otherwise every word of the cell that names one of the
    table's targets (`Client`, `manifests`, `render`, ...) forbids importing that target;
  - the table is missing, or names a target Package.swift does not have.

The targets come from `swift package dump-package` run with CSPCTL_BENCHMARKS=1, so the benchmark targets
(declared only when that variable is set) are checked too. A product is taken to export the module of its own
name (true of every product this package uses; add an exception to PRODUCT_MODULES if that changes).

Usage: Scripts/check-imports.py [PACKAGE_ROOT]   (default: the folder above this script)
"""

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

# Modules that come with the toolchain: importable without a dependency.
TOOLCHAIN_MODULES = {
    "Swift", "_Concurrency", "_StringProcessing", "RegexBuilder", "Synchronization", "Observation",
    "Foundation", "FoundationEssentials", "FoundationInternationalization", "FoundationNetworking",
    "FoundationXML", "Dispatch", "Glibc", "Musl", "Bionic", "Android", "Darwin", "WinSDK", "ucrt", "CRT",
    "os", "CoreFoundation",
}
TEST_MODULES = {"Testing", "XCTest"}
# Product name -> modules it exports, where they differ from the product's own name.
PRODUCT_MODULES: dict[str, set[str]] = {}

IMPORT = re.compile(
    r"^\s*(?:@[\w]+(?:\([^)]*\))?\s+)*"
    r"(?:(?:public|package|internal|fileprivate|private)\s+)?"
    r"import\s+(?:(?:typealias|struct|class|enum|protocol|let|var|func)\s+)?"
    r"([A-Za-z_]\w*)"
)


def dump_package(root: Path) -> dict:
    env = dict(os.environ, CSPCTL_BENCHMARKS="1")
    with tempfile.TemporaryDirectory(prefix="check-imports-") as scratch:
        # A scratch folder of its own: the package's .build may be locked by a build in progress.
        result = subprocess.run(
            ["swift", "package", "--package-path", str(root), "--scratch-path", scratch, "dump-package"],
            env=env, capture_output=True, text=True,
        )
    if result.returncode != 0:
        sys.exit(f"check-imports: swift package dump-package failed:\n{result.stderr}")
    return json.loads(result.stdout)


def target_folder(root: Path, target: dict) -> Path:
    if target.get("path"):
        return root / target["path"]
    return root / ("Tests" if target["type"] == "test" else "Sources") / target["name"]


def imports_in(file: Path) -> list[tuple[int, str]]:
    """(line number, module) of each import, outside comments and multi-line string literals."""
    found = []
    in_string = False
    in_block_comment = False
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if in_block_comment:
            if "*/" in stripped:
                in_block_comment = False
            continue
        if stripped.startswith("/*") and "*/" not in stripped:
            in_block_comment = True
            continue
        if stripped.count('"""') % 2 == 1:
            in_string = not in_string
            continue
        if in_string or stripped.startswith("//"):
            continue
        match = IMPORT.match(line)
        if match:
            found.append((number, match.group(1)))
    return found


def architecture_rules(readme: Path, short_names: dict[str, str]) -> dict[str, tuple[str, set[str] | None]]:
    """target -> (the "must not" cell, modules it forbids; None = everything but the toolchain)."""
    rules = {}
    in_table = False
    for line in readme.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] == "target" and cells[2] == "must not":
            in_table = True
            continue
        if not in_table:
            continue
        if not line.startswith("|"):
            break
        if set(cells[0]) <= {"-", " "}:
            continue
        target = cells[0].strip("`")
        must_not = cells[2]
        if re.search(r"\bany package\b", must_not):
            rules[target] = (must_not, None)
            continue
        forbidden = set()
        for word in re.findall(r"[A-Za-z]+", must_not):
            word = word.lower()
            for short, module in short_names.items():
                # "Client", "manifests", "render", "reconciler": a word and a target's short name, one
                # the start of the other, at least five letters shared.
                if len(word) >= 5 and (short.startswith(word) or word.startswith(short)):
                    forbidden.add(module)
        forbidden.discard(target)
        rules[target] = (must_not, forbidden)
    return rules


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent).resolve()
    package = dump_package(root)
    targets = {t["name"]: t for t in package["targets"] if t["type"] in ("regular", "executable", "test")}
    all_targets = {t["name"] for t in package["targets"]}
    short_names = {
        name.removeprefix("PartnerCenter").lower(): name
        for name in all_targets
        if name.startswith("PartnerCenter") and name != "PartnerCenterTestSupport"
    }
    problems = []

    readme = root / "README.md"
    rules = architecture_rules(readme, short_names)
    if not rules:
        problems.append("README.md: no architecture table (| target | owns | must not |) found")
    for name in rules:
        if name not in targets:
            problems.append(f"README.md: the architecture table names `{name}`, which Package.swift does not declare")

    for name, target in sorted(targets.items()):
        declared = {}
        for dependency in target["dependencies"]:
            kind, value = next(iter(dependency.items()))
            dependency_name = value[0]
            modules = PRODUCT_MODULES.get(dependency_name, {dependency_name}) if kind == "product" else {dependency_name}
            for module in modules:
                declared[module] = dependency_name
        folder = target_folder(root, target)
        excluded = [folder / path for path in target.get("exclude", [])]
        is_test_code = folder.resolve().is_relative_to(root / "Tests")
        used = set()
        for file in sorted(folder.rglob("*.swift")):
            if any(file.is_relative_to(path) for path in excluded):
                continue
            relative = file.relative_to(root)
            for line, module in imports_in(file):
                where = f"{relative}:{line}"
                rule = rules.get(name)
                if module in TOOLCHAIN_MODULES:
                    continue
                if module in TEST_MODULES:
                    if not is_test_code:
                        problems.append(f"{where}: {name} imports {module}, which only code under Tests/ may import")
                    continue
                if rule and (rule[1] is None or module in rule[1]):
                    problems.append(
                        f"{where}: {name} imports {module}, against the README architecture table "
                        f"({name} must not: {rule[0]})"
                    )
                if module == name:
                    continue
                if module not in declared:
                    problems.append(
                        f"{where}: {name} imports {module}, which Package.swift does not declare as a dependency of {name}"
                    )
                used.add(module)
        for module, dependency in sorted(declared.items()):
            if module not in used:
                problems.append(
                    f"Package.swift: {name} depends on {dependency}, which no file of {name} imports "
                    f"(remove the edge)"
                )

    for problem in problems:
        print(problem)
    checked = ", ".join(sorted(targets))
    if problems:
        print(f"check-imports: {len(problems)} problem(s)")
        return 1
    print(f"check-imports: the imports of {len(targets)} targets agree with Package.swift and README.md ({checked})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
