// dlopen finds a library through its caller's RUNPATH: under the runtime,
// the caller is still the program (the wrapper tail-calls dlopen).
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %clang -shared -fPIC -DPLUGIN %s -o %t.dir/librt-test-plugin.so
// RUN: %clang %s -o %t.dir/program -ldl -Wl,--enable-new-dtags,-rpath,%t.dir
// RUN: %t.dir/program | FileCheck %s
// RUN: env LD_PRELOAD=%forksafe_rt %t.dir/program 2>&1 | FileCheck %s --implicit-check-not=forksafe-rt
// CHECK: plugin says 42

#ifdef PLUGIN
int plugin_answer(void) { return 42; }
#else
#include <dlfcn.h>
#include <stdio.h>

int main(void) {
  void *plugin = dlopen("librt-test-plugin.so", RTLD_NOW);
  if (!plugin) {
    printf("dlopen failed: %s\n", dlerror());
    return 1;
  }
  int (*answer)(void) = (int (*)(void))dlsym(plugin, "plugin_answer");
  printf("plugin says %d\n", answer());
  return 0;
}
#endif
