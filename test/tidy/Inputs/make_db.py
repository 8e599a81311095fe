"""Writes DIR/compile_commands.json for the C files under DIR/src."""
import json
import os
import sys

root = os.path.abspath(sys.argv[1])
commands = []
for name in sorted(os.listdir(os.path.join(root, "src"))):
    if name.endswith(".c"):
        commands.append({"directory": root, "file": "src/" + name,
                         "arguments": ["cc", "-std=gnu11", "-c", "src/" + name,
                                       "-o", name[:-2] + ".o"]})
with open(os.path.join(root, "compile_commands.json"), "w") as out:
    json.dump(commands, out, indent=1)
