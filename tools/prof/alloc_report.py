#!/usr/bin/env python3
"""Prints alloc_shim.cc's call sites with their source lines (innermost doppel frames).

usage: alloc_report.py ALLOCS_TXT BINARY [--top N]
The binary must be the one that ran, loaded at the non-ASLR base (run under setarch -R).
"""
import argparse
import subprocess

BASE = 0x555555554000  # where the kernel puts a PIE executable with ASLR off (x86-64)


def frames(binary, address):
    if address < BASE or address > BASE + (1 << 32):
        return []  # a shared library
    out = subprocess.run(["addr2line", "-f", "-C", "-i", "-e", binary, hex(address - BASE)],
                         capture_output=True, text=True, check=False).stdout.strip().split("\n")
    pairs = [(out[i], out[i + 1].rsplit("/", 1)[-1].split(" ")[0]) for i in range(0, len(out) - 1, 2)]
    skip = ("std::", "__", "void std", "operator", "nlohmann")
    return [f"{name[:60]}@{where}" for name, where in pairs
            if not name.startswith(skip) and "allocator" not in name and "invoke" not in where]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("allocs")
    parser.add_argument("binary")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    lines = open(args.allocs, encoding="utf-8").read().split("\n")
    print(lines[0])
    for line in lines[1:args.top + 1]:
        if not line:
            continue
        count, *addresses = line.split()
        names = []
        for a in addresses:
            names += frames(args.binary, int(a, 16))
        print(count, " <- ".join(names[:3]))


if __name__ == "__main__":
    main()
