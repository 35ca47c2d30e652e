# Every dependency is a Debian 12 package; scripts/install-deps.sh installs them.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)
find_package(simdjson REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
# Highway's vectorised quicksort (VQSort), which picks AVX-512, AVX2 or SSE4 at run time:
# libhwy-contrib's for 64- and 128-bit keys, compiled from its headers for 32-bit keys
# (src/common/sorted_set.cc says why), dispatched by libhwy.
pkg_check_modules(HWY_CONTRIB REQUIRED IMPORTED_TARGET libhwy-contrib)
pkg_check_modules(HWY REQUIRED IMPORTED_TARGET libhwy)
find_path(STEMMER_INCLUDE_DIR libstemmer.h REQUIRED)
find_library(STEMMER_LIBRARY stemmer REQUIRED)
add_library(doppel_stemmer INTERFACE)
target_include_directories(doppel_stemmer INTERFACE ${STEMMER_INCLUDE_DIR})
target_link_libraries(doppel_stemmer INTERFACE ${STEMMER_LIBRARY})
