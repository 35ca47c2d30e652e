#!/bin/sh
# Builds tools/proto/rewrite_bench.cc against build/libdoppel_core.a (run from the repo root
# after `cmake --build build`).
set -e
lib=$(find build -name 'libdoppel_core.a' | head -1)
g++ -std=c++20 -O2 -Isrc -Iinclude tools/proto/rewrite_bench.cc "$lib" \
  -o build/rewrite_bench $(pkg-config --libs libutf8proc libzstd libxxhash zlib) \
  -lsimdjson -lstemmer -lpthread
