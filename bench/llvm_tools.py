"""The tools of the LLVM a forksafe build was configured with
(FORKSAFE_LLVM_VERSION), the benchmarks' defaults: a plugin runs only in the
Clang it was built for."""
import os

DEFAULT_VERSION = "19"


def llvm_tool(plugin, tool):
    """TOOL (clang, clang-tidy, ...) for the plugin BUILD/lib/forksafe.so, from
    BUILD/CMakeCache.txt; LLVM 19's when the plugin is not in a build."""
    build = os.path.dirname(os.path.dirname(os.path.abspath(plugin)))
    version = DEFAULT_VERSION
    try:
        with open(os.path.join(build, "CMakeCache.txt")) as cache:
            for line in cache:
                if line.startswith("FORKSAFE_LLVM_VERSION:"):
                    version = line.split("=", 1)[1].strip()
    except OSError:
        pass
    return "/usr/lib/llvm-%s/bin/%s" % (version, tool)
