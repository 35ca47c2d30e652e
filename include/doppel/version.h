#pragma once
#define DOPPEL_VERSION_STRING "0.1.0"
namespace doppel {
inline constexpr const char* kVersion = DOPPEL_VERSION_STRING;
}  // namespace doppel
