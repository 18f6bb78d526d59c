#!/usr/bin/env python3
"""pecheck.py FILE MACHINE [VERSION]: FILE is a PE (Windows) executable for MACHINE (amd64 or
i386) and, when VERSION is given, its version resource says ProductVersion VERSION.
Exits non-zero with the reason otherwise."""
import struct
import sys

MACHINES = {"amd64": 0x8664, "i386": 0x14C, "arm64": 0xAA64}


def main() -> int:
    path, machine = sys.argv[1], sys.argv[2]
    want_version = sys.argv[3] if len(sys.argv) > 3 else None
    data = open(path, "rb").read()
    if data[:2] != b"MZ":
        print(f"{path}: not a PE file (no MZ header)")
        return 1
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe:pe + 4] != b"PE\0\0":
        print(f"{path}: not a PE file (no PE signature)")
        return 1
    got = struct.unpack_from("<H", data, pe + 4)[0]
    if got != MACHINES[machine]:
        print(f"{path}: machine 0x{got:x}, want {machine} (0x{MACHINES[machine]:x})")
        return 1
    if want_version:
        key = "ProductVersion".encode("utf-16-le") + b"\0\0"
        i = data.find(key)
        if i < 0:
            print(f"{path}: no ProductVersion in the version resource")
            return 1
        j = i + len(key)
        j += j % 4  # values are 32-bit aligned
        end = data.find(b"\0\0", j)
        while end >= 0 and (end - j) % 2:
            end = data.find(b"\0\0", end + 1)
        value = data[j:end].decode("utf-16-le")
        if value != want_version:
            print(f"{path}: ProductVersion {value!r}, want {want_version!r}")
            return 1
    print(f"{path}: PE {machine}" + (f", ProductVersion {want_version}" if want_version else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
