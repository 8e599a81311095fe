#!/usr/bin/env bash
# Installs what building and testing forksafe needs on Debian 12, and only
# what is missing: a second run does nothing.
set -euo pipefail

LLVM_VERSION=${FORKSAFE_LLVM_VERSION:-19}
packages=(cmake make g++ python3 python3-jsonschema
          "clang-$LLVM_VERSION" "libclang-$LLVM_VERSION-dev"
          "llvm-$LLVM_VERSION-dev" "llvm-$LLVM_VERSION-tools"
          "clang-tools-$LLVM_VERSION" "clang-tidy-$LLVM_VERSION"
          # forksafe-clangd links Debian's clangd, which links these.
          libgrpc++-dev libprotobuf-dev libabsl-dev
          # gRPC's CMake package, which LLVM 22's Clang targets need, fails
          # when its code generator /usr/bin/grpc_cpp_plugin is missing.
          protobuf-compiler-grpc
          # CPack's Debian package: the programs' dependencies.
          dpkg-dev
          # The real headers of the libraries reinit-after-fork knows.
          pkg-config libevent-dev libuv1-dev libsqlite3-dev python3-dev
          libglib2.0-dev
          # The real headers of libraries that leave threads running (thread
          # sources), and OpenMP's omp.h for this Clang.
          libzmq3-dev librdkafka-dev libgrpc-dev "libomp-$LLVM_VERSION-dev")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "forksafe: missing packages: ${missing[*]}; run as root, or install them" >&2
  exit 1
fi
echo "forksafe: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
