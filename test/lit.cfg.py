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
# %clang_bin: the compiler alone, for scripts that run it themselves.
config.substitutions.append(("%clang_bin", clang))
clangxx = os.path.join(config.llvm_tools_dir, "clang++")
plugin = "-fplugin=" + config.forksafe_plugin

# A sanitized plugin needs its runtimes in the compiler that loads it. Any
# report ends the compile with an error, and fails the test. Clang frees
# little at exit on purpose: leaks are not looked for.
if config.sanitizer_preload:
    sanitized = ("env LD_PRELOAD=%s ASAN_OPTIONS=detect_leaks=0:abort_on_error=0"
                 ":exitcode=99 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1"
                 " " % config.sanitizer_preload)
    clang = sanitized + clang
    clangxx = sanitized + clangxx
    config.available_features.add("sanitized")

# %forksafe_cc: compile C for diagnostics only, with the plugin loaded.
config.substitutions.append(
    ("%forksafe_cxx", f"{clangxx} -std=c++20 -fsyntax-only {plugin}"))
config.substitutions.append(
    ("%forksafe_cc", f"{clang} -std=gnu11 -fsyntax-only {plugin}"))
config.substitutions.append(("%clangxx", f"{clangxx} -std=c++20"))
config.substitutions.append(("%clang", f"{clang} -std=gnu11"))
config.substitutions.append(("%plugin_arg", "-fplugin=" + config.forksafe_plugin))
config.substitutions.append(("%plugin", config.forksafe_plugin))
# %forksafe: the whole-program command (build/bin/forksafe).
config.substitutions.append(
    ("%forksafe_cli", os.path.join(config.forksafe_obj_root, "bin", "forksafe")))
config.substitutions.append(("%python", config.python_executable))
# %forksafe_rt: the run-time library, to preload; %forksafe_run: the command
# that preloads it (runtime/).
config.substitutions.append(
    ("%forksafe_rt", os.path.join(config.forksafe_obj_root, "lib",
                                  "libforksafe-rt.so")))
config.substitutions.append(
    ("%llvm_symbolizer", os.path.join(config.llvm_tools_dir, "llvm-symbolizer")))
config.substitutions.append(
    ("%forksafe_run", os.path.join(config.forksafe_obj_root, "bin",
                                   "forksafe-run")))
# %gen_program: the generator of large programs shared with bench/.
config.substitutions.append(
    ("%gen_program", "%s %s/bench/gen_program.py"
     % (config.python_executable, config.forksafe_src_root)))
