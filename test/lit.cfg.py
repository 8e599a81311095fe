# -*- Python -*-
# The forksafe test suite: every RUN line compiles a C or C++ file with the
# plugin loaded and checks the diagnostics with -verify or FileCheck.

import os

import lit.formats

config.name = "forksafe"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".cpp", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.forksafe_obj_root, "test")

config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", "")])

clang = os.path.join(config.llvm_tools_dir, "clang")
clangxx = os.path.join(config.llvm_tools_dir, "clang++")
plugin = "-fplugin=" + config.forksafe_plugin

# %forksafe_cc: compile C for diagnostics only, with the plugin loaded.
config.substitutions.append(
    ("%forksafe_cxx", f"{clangxx} -std=c++20 -fsyntax-only {plugin}"))
config.substitutions.append(
    ("%forksafe_cc", f"{clang} -std=gnu11 -fsyntax-only {plugin}"))
config.substitutions.append(("%clangxx", f"{clangxx} -std=c++20"))
config.substitutions.append(("%clang", f"{clang} -std=gnu11"))
config.substitutions.append(("%plugin", config.forksafe_plugin))
config.substitutions.append(("%python", config.python_executable))
