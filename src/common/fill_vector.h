// FillVector: a std::vector whose sizing (vector(n), resize(n)) leaves trivial values
// uninitialised, for large arrays that are written whole right after, in parallel.
//
// A value-initialised std::vector of 100 MB is a memset on the calling thread before the
// threads fill it: the kernel zeroes every fresh page there, one thread while the others
// wait, and the memset writes it all once more. Left uninitialised, each page is first
// touched (and zeroed) by the thread that fills it.
#pragma once

#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace doppel::common {

template <typename T>
struct DefaultInitAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  DefaultInitAllocator() noexcept = default;
  template <typename U>
  DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}  // NOLINT: rebinding converts implicitly
  // Value-initialisation becomes default-initialisation (nothing, for trivial types).
  template <typename U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

template <typename T>
using FillVector = std::vector<T, DefaultInitAllocator<T>>;

}  // namespace doppel::common
