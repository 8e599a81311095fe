# -*- Python -*-
# The forksafe test suite: every RUN line compiles a C or C++ file with the
# plugin loaded and checks the diagnostics with -verify or FileCheck.

import glob
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
# The runtime's tests read its reports; a program that reported exits with
# FORKSAFE_RT_EXITCODE (66 by default), which test/runtime/exitcode.c tests,
# and which would fail every pipe of the others.
config.environment["FORKSAFE_RT_EXITCODE"] = "0"

# Every tool comes from the LLVM forksafe was built against
# (FORKSAFE_LLVM_VERSION); tests that must differ between versions say so
# with REQUIRES: llvm-19 or llvm-22.
config.available_features.add("llvm-" + config.llvm_version_major)

clang = os.path.join(config.llvm_tools_dir, "clang")
# %clang_driver: the compiler as the plugin must be run, without flags.
clang_driver = clang
clangxx = os.path.join(config.llvm_tools_dir, "clang++")
# %clang_bin, %clangxx_bin: the compilers alone, for scripts that run them
# themselves or write them into compilation databases.
config.substitutions.append(("%clang_bin", clang))
config.substitutions.append(("%clangxx_bin", clangxx))
config.substitutions.append(
    ("%clang_apply_replacements",
     os.path.join(config.llvm_tools_dir, "clang-apply-replacements")))
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
    clang_driver = clang
    config.available_features.add("sanitized")

config.substitutions.append(("%clang_driver", clang_driver))

# %clang_tidy: clang-tidy with the forksafe module loaded, sanitized like
# the compiler when the module is.
tidy_module = os.path.join(config.forksafe_obj_root, "lib", "forksafe-tidy.so")
clang_tidy = os.path.join(config.llvm_tools_dir, "clang-tidy")
if config.sanitizer_preload:
    clang_tidy = sanitized + clang_tidy
config.substitutions.append(
    ("%clang_tidy", f"{clang_tidy} --load={tidy_module}"))
config.substitutions.append(("%tidy_module", tidy_module))
config.substitutions.append(("%plain_clang_tidy",
                             os.path.join(config.llvm_tools_dir, "clang-tidy")))
config.substitutions.append(("%forksafe_build", config.forksafe_obj_root))
# run-clang-tidy runs clang-tidy (and clang-apply-replacements) of the same
# LLVM, in the same environment.
run_clang_tidy = "%s -clang-tidy-binary=%s -clang-apply-replacements-binary=%s" % (
    os.path.join(config.llvm_tools_dir, "run-clang-tidy"),
    os.path.join(config.llvm_tools_dir, "clang-tidy"),
    os.path.join(config.llvm_tools_dir, "clang-apply-replacements"))
if config.sanitizer_preload:
    run_clang_tidy = sanitized + run_clang_tidy
config.substitutions.append(("%run_clang_tidy", run_clang_tidy))

# %forksafe_clangd: clangd with the forksafe checks, when it was built.
# Sanitized, it mixes instrumented code with Debian's clangd, which is not:
# LLVM's allocators poison memory in the one half and not in the other, and
# ASan would report its own annotations, so those are ignored there.
# %clangd_env is that environment alone, for a test that runs another
# forksafe-clangd of this build (an installed one).
if config.forksafe_clangd:
    config.available_features.add("clangd")
    clangd_env = "env"
    if config.sanitizer_preload:
        clangd_env = ("env ASAN_OPTIONS=detect_leaks=0:allow_user_poisoning=0"
                      ":exitcode=99")
    config.substitutions.append(("%clangd_env", clangd_env))
    config.substitutions.append(
        ("%forksafe_clangd", clangd_env + " " + config.forksafe_clangd))

# forksafe-rt was built against the headers of %python's CPython, and a
# fork child of a Python program says where in Python it is.
if config.rt_python_frames == "1":
    config.available_features.add("python-frames")

# Libraries whose real headers the reinit-after-fork tests compile with
# (scripts/install-deps.sh installs them): a feature each, and their flags.
import subprocess


def compiles(flags, header):
    probe = subprocess.run(
        [os.path.join(config.llvm_tools_dir, "clang"), "-fsyntax-only",
         "-x", "c", "-"] + flags,
        input="#include <%s>\n" % header, text=True, capture_output=True)
    return probe.returncode == 0


def pkg_cflags(package):
    try:
        found = subprocess.run(["pkg-config", "--cflags", package],
                               text=True, capture_output=True)
    except OSError:
        return None
    return found.stdout.split() if found.returncode == 0 else None


for feature, package, header in [("libevent", None, "event2/event.h"),
                                 ("libuv", None, "uv.h"),
                                 ("sqlite3", None, "sqlite3.h"),
                                 ("python3", "python3", "Python.h"),
                                 ("glib", "glib-2.0", "glib.h"),
                                 ("zmq", None, "zmq.h"),
                                 ("rdkafka", None, "librdkafka/rdkafka.h"),
                                 ("grpc", None, "grpc/grpc.h")]:
    flags = pkg_cflags(package) if package else []
    if flags is not None and compiles(flags, header):
        config.available_features.add(feature)
        config.substitutions.append(("%%%s_cflags" % feature, " ".join(flags)))

# OpenMP's header, which this Clang finds only with its own libomp's
# (libomp-<major>-dev).
if compiles(["-fopenmp"], "omp.h"):
    config.available_features.add("openmp")

# Clangs of other major versions (Debian's /usr/lib/llvm-N), to load the
# plugin in compilers it was not built for: %other_clang_newest and
# %other_clang_oldest, with their majors in %other_major_newest and
# %other_major_oldest (the same Clang when only one is installed).
other_majors = sorted(
    (int(os.path.basename(d)[len("llvm-"):]) for d in glob.glob("/usr/lib/llvm-*")
     if os.path.exists(os.path.join(d, "bin", "clang"))
     and os.path.basename(d)[len("llvm-"):].isdigit()
     and os.path.basename(d) != "llvm-" + config.llvm_version_major))
if other_majors:
    config.available_features.add("other-clang")
    config.substitutions.append(("%llvm_major", config.llvm_version_major))
    for which, major in (("newest", other_majors[-1]), ("oldest", other_majors[0])):
        other_clang = "/usr/lib/llvm-%d/bin/clang" % major
        if config.sanitizer_preload:
            other_clang = sanitized + other_clang
        config.substitutions.append(("%other_clang_" + which, other_clang))
        config.substitutions.append(("%other_major_" + which, str(major)))
    # %other_clang_tidy: the newest other Clang's clang-tidy, when installed.
    other_tidy = "/usr/lib/llvm-%d/bin/clang-tidy" % other_majors[-1]
    if os.path.exists(other_tidy):
        config.available_features.add("other-clang-tidy")
        if config.sanitizer_preload:
            other_tidy = sanitized + other_tidy
        config.substitutions.append(("%other_clang_tidy", other_tidy))

# %on_full_disk: runs a command with a directory on a full disk, a small
# tmpfs in a mount namespace of its own (test/robustness/Inputs). It needs
# root or a user namespace; where neither is at hand, the tests that use it
# are unsupported.
on_full_disk = os.path.join(config.test_source_root, "robustness", "Inputs",
                            "on-full-disk.sh")
try:
    probe = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c",
         "mount -t tmpfs -o size=64k probe /mnt"],
        capture_output=True)
    if probe.returncode == 0:
        config.available_features.add("full-disk")
except OSError:
    pass
config.substitutions.append(("%on_full_disk", on_full_disk))

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
    ("%forksafe_run", os.path.join(config.forksafe_obj_root, "bin",
                                   "forksafe-run")))
# %llvm_symbolizer: turns the runtime's module+offset frames into functions.
config.substitutions.append(
    ("%llvm_symbolizer", os.path.join(config.llvm_tools_dir, "llvm-symbolizer")))
# %forksafe_src: the source tree (the docs, the scripts).
config.substitutions.append(("%forksafe_src", config.forksafe_src_root))
# %gen_program: the generator of large programs shared with bench/.
config.substitutions.append(
    ("%gen_program", "%s %s/bench/gen_program.py"
     % (config.python_executable, config.forksafe_src_root)))
