//===- HostClang.cpp - The Clang that loaded a forksafe module ------------===//

#include "HostClang.h"
#include "clang/Basic/Version.h"
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

// Weak: a tool that does not export it loads the module unchecked.
namespace clang {
std::string getClangFullVersion() __attribute__((weak));
} // namespace clang

namespace forksafe {

// From the version text ("Debian clang version 22.1.8 (1~deb12u1)"): a free
// function that returns a std::string is called the same way by every Clang
// (LLVM's C API has LLVMGetVersion only since 16).
unsigned hostClangMajor() {
  if (!clang::getClangFullVersion)
    return 0;
  std::string Version = clang::getClangFullVersion();
  static const char Marker[] = "clang version ";
  std::string::size_type At = Version.find(Marker);
  if (At == std::string::npos)
    return 0;
  return std::strtoul(Version.c_str() + At + sizeof(Marker) - 1, nullptr, 10);
}

void exitUnlessHostClangMatches(const char *Module) {
  unsigned Host = hostClangMajor();
  if (Host == 0 || Host == CLANG_VERSION_MAJOR)
    return;
  std::fprintf(stderr,
               "error: forksafe: %s was built for Clang %d and cannot run in "
               "Clang %u; load it in Clang %d, or build forksafe against this "
               "Clang (FORKSAFE_LLVM_VERSION)\n",
               Module, CLANG_VERSION_MAJOR, Host, CLANG_VERSION_MAJOR);
  _exit(1);
}

} // namespace forksafe
