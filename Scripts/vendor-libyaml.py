#!/usr/bin/env python3
"""Copies libyaml's parser into Vendor/CLibYAML and renames every symbol it exports to cspctl_yaml_*.

Usage: Scripts/vendor-libyaml.py SOURCE   where SOURCE holds include/yaml.h and src/*.c, src/yaml_private.h
(libyaml's own tree, or the copy Yams ships in Sources/CYaml, which is what Vendor/CLibYAML was made from).
Only what parsing needs is copied (api.c, parser.c, reader.c, scanner.c): the emitter and writer are left out.

Why the rename: Yams links its own libyaml (its internal C module CYaml) into every binary that uses Yams, and
the Manifest tests link Yams beside us. Two copies of `yaml_parser_parse` would not link, so each exported
function of this copy gets an assembler label (`yaml_parser_parse` is emitted as `cspctl_yaml_parser_parse`).
The C and Swift names stay libyaml's own: C and Swift callers both see the label, and `nm` shows only
cspctl_-prefixed globals (checked by the last step below).
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "Vendor" / "CLibYAML"
# The parser and what it calls; emitter.c and writer.c (YAML output) are not needed.
SOURCES = ["api.c", "parser.c", "reader.c", "scanner.c"]

LABEL_MACRO = """
/* cspctl: every exported libyaml symbol carries an assembler label with the cspctl_ prefix, so this copy links
 * beside another libyaml (Yams' CYaml) in one binary. Added by Scripts/vendor-libyaml.py. */
#define CSPCTL_YAML_STRINGIFY2(x) #x
#define CSPCTL_YAML_STRINGIFY(x) CSPCTL_YAML_STRINGIFY2(x)
#define CSPCTL_YAML_SYMBOL(name) __asm__(CSPCTL_YAML_STRINGIFY(__USER_LABEL_PREFIX__) "cspctl_" #name)
"""


def label_declarations(text: str) -> tuple[str, int]:
    """Adds CSPCTL_YAML_SYMBOL(name) before the `;` of every `YAML_DECLARE(type)\\nname(...);` prototype."""
    pattern = re.compile(r"(YAML_DECLARE\([^)]*\)\s*\n\s*(yaml_\w+)\s*\((?:[^;{])*?\))\s*;")
    count = 0

    def add(match: re.Match) -> str:
        nonlocal count
        count += 1
        return f"{match.group(1)} CSPCTL_YAML_SYMBOL({match.group(2)});"

    return pattern.sub(add, text), count


def main() -> int:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    source = Path(sys.argv[1])
    (TARGET / "include").mkdir(parents=True, exist_ok=True)
    (TARGET / "src").mkdir(parents=True, exist_ok=True)
    header = (source / "include" / "yaml.h").read_text()
    # The macro goes right after the include guard, before the first declaration.
    header = header.replace("#define YAML_H\n", "#define YAML_H\n" + LABEL_MACRO, 1)
    header, public = label_declarations(header)
    (TARGET / "include" / "yaml.h").write_text(header)

    private = (source / "src" / "yaml_private.h").read_text()
    private, internal = label_declarations(private)
    # The one exported variable, defined in parser.c without a prototype: renamed for C alone.
    private = private.replace(
        '#include "yaml.h"\n',
        '#include "yaml.h"\n\n/* cspctl: see yaml.h. */\n#define MAX_NESTING_LEVEL cspctl_MAX_NESTING_LEVEL\n',
        1,
    )
    (TARGET / "src" / "yaml_private.h").write_text(private)
    for name in SOURCES:
        shutil.copyfile(source / "src" / name, TARGET / "src" / name)
    print(f"labelled {public} public and {internal} internal prototypes")

    # Every global the objects define must carry the prefix.
    with tempfile.TemporaryDirectory() as build:
        unprefixed = []
        for file in sorted((TARGET / "src").glob("*.c")):
            obj = Path(build) / (file.name + ".o")
            subprocess.run(
                ["clang", "-c", "-DYAML_DECLARE_STATIC", "-I", str(TARGET / "include"), str(file), "-o", str(obj)],
                check=True,
            )
            symbols = subprocess.run(["nm", "-g", "--defined-only", str(obj)], capture_output=True, text=True, check=True)
            for line in symbols.stdout.splitlines():
                name = line.split()[-1].lstrip("_")
                if not name.startswith("cspctl_"):
                    unprefixed.append(f"{file.name}: {name}")
    if unprefixed:
        print("symbols without the cspctl_ prefix:\n  " + "\n  ".join(unprefixed))
        return 1
    print("every exported symbol carries the cspctl_ prefix")
    return 0


if __name__ == "__main__":
    sys.exit(main())
