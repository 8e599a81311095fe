// A compiler's spelling of a fortified fcntl, as a system header would
// declare one: the tables know it as fcntl.
#pragma clang system_header
extern "C" int __builtin___fcntl_chk(int, int, ...);
