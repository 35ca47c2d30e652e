#include "common/simd.h"

#include <cstdlib>
#include <cstring>

namespace doppel::common {
namespace {

SimdLevel Detect() {
  const char* forced = std::getenv("DOPPEL_SIMD");
  if (forced != nullptr && std::strcmp(forced, "scalar") == 0) return SimdLevel::kScalar;
#ifdef DOPPEL_HAVE_AVX512_PATH
  // libgcc's check includes the OS's support for the AVX-512 register state (XGETBV).
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl")) {
    return SimdLevel::kAvx512;
  }
#endif
  return SimdLevel::kScalar;
}

}  // namespace

SimdLevel BestSimd() {
  static const SimdLevel level = Detect();
  return level;
}

bool HasAvx512Vbmi2() {
#ifdef DOPPEL_HAVE_AVX512_PATH
  static const bool has = BestSimd() == SimdLevel::kAvx512 && __builtin_cpu_supports("avx512vbmi2");
  return has;
#else
  return false;
#endif
}

}  // namespace doppel::common
