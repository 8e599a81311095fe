"""Writes a changed copy of a summary: 'version' (another format number),
'truncate' (the first half), 'text' (not a summary at all), 'long-number'
(its first number, the format, spelled in 11 bytes, past 64 bits).
   mutate_summary.py KIND IN OUT"""
import sys

kind, src, dst = sys.argv[1:]
data = open(src, "rb").read()
magic = b"forksafe summary\n"
assert data.startswith(magic)
if kind == "version":
    data = magic + bytes([data[len(magic)] + 1]) + data[len(magic) + 1:]
elif kind == "truncate":
    data = data[: len(data) // 2]
elif kind == "long-number":
    data = magic + b"\x80" * 10 + b"\x00" + data[len(magic) + 1:]
elif kind == "text":
    data = b"int main(void) { return 0; }\n"
open(dst, "wb").write(data)
