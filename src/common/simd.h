// Run-time choice of SIMD code paths. The build targets the x86-64 baseline (no
// -march=native): a kernel with a wider path compiles it with a function-level target
// attribute and calls it only when the CPU (and the OS, which must save the wider
// registers) supports it. Every path gives the same results, bit for bit; tests compare
// them.
#pragma once

#include <cstdint>

#include "common/hash.h"

#if defined(__x86_64__) && defined(__GNUC__)
#define DOPPEL_HAVE_AVX512_PATH 1
#include <immintrin.h>
#endif

namespace doppel::common {

enum class SimdLevel {
  kScalar,  // portable C++ (the x86-64 baseline's SSE2 where the compiler finds it)
  kAvx512,  // AVX-512 F, DQ, BW and VL (Skylake-SP and later; vpmullq, vpmaddwd zmm)
};

// The widest path this CPU and OS support, unless the environment variable
// DOPPEL_SIMD=scalar asks for the portable one (to compare paths or reproduce a result on
// an older machine). Detected once; thread-safe.
SimdLevel BestSimd();

// Whether BestSimd() is kAvx512 and the CPU also has AVX-512 VBMI2 (byte compress: Ice
// Lake and later), for the kernels that pack bytes.
bool HasAvx512Vbmi2();

#ifdef DOPPEL_HAVE_AVX512_PATH
#define DOPPEL_TARGET_AVX512 __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl")))
#define DOPPEL_TARGET_AVX512_VBMI2 \
  __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,avx512vbmi2,popcnt,bmi")))

// x >> 33 in each lane. (The zero-masked form: GCC 12's _mm512_srli_epi64 merges into
// _mm512_undefined_epi32(), which it then reports as maybe uninitialised, bug 105593.)
DOPPEL_TARGET_AVX512 inline __m512i ShiftRight33x8(__m512i x) { return _mm512_maskz_srli_epi64(0xFF, x, 33); }

// common::Mix64 (hash.h) on eight lanes.
DOPPEL_TARGET_AVX512 inline __m512i Mix64x8(__m512i x) {
  x = _mm512_xor_si512(x, ShiftRight33x8(x));
  x = _mm512_mullo_epi64(x, _mm512_set1_epi64(static_cast<long long>(kMix64Multiplier1)));
  x = _mm512_xor_si512(x, ShiftRight33x8(x));
  x = _mm512_mullo_epi64(x, _mm512_set1_epi64(static_cast<long long>(kMix64Multiplier2)));
  x = _mm512_xor_si512(x, ShiftRight33x8(x));
  return x;
}

// common::Combine64 (hash.h) on eight lanes.
DOPPEL_TARGET_AVX512 inline __m512i Combine64x8(__m512i seed, __m512i value) {
  return Mix64x8(_mm512_add_epi64(
      _mm512_mullo_epi64(seed, _mm512_set1_epi64(static_cast<long long>(kCombineMultiplier))), value));
}
#endif

}  // namespace doppel::common
