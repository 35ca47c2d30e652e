// Transparent huge pages for the heap, asked of glibc by restarting once.
#pragma once

namespace doppel::cli {

// Restarts the process (execve of /proc/self/exe with the same arguments and `envp`) with
// glibc.malloc.hugetlb=1 added to GLIBC_TUNABLES, so that malloc asks the kernel for
// transparent huge pages (madvise(MADV_HUGEPAGE)) for the heap; glibc reads tunables only
// at start-up, and Debian's kernels give huge pages only where asked. The scan's hot
// loops walk hundreds of megabytes of vectors and postings at random, and the page table
// walks were a large part of them: on the 100k bench corpus the default scan takes 12%
// less CPU and `--mode near` 7% less, at the same peak RSS (docs/cli.md). Returns without
// restarting when the tunable is already set (by this restart or by the user), when
// DOPPEL_HUGE_PAGES=0, or when the exec fails. It runs from the executable's .preinit_array
// (before main, any thread or any input; huge_pages.cc), not from main. glibc before 2.35 ignores the tunable. It also sets
// glibc.malloc.top_pad to 64 MiB (unless the user set it), so that the worker threads'
// heaps get huge pages too, and glibc.malloc.mmap_max=0 with the largest
// glibc.malloc.trim_threshold, so that freed memory is reused rather than unmapped and
// faulted in again (huge_pages.cc).
void RestartWithHugePages(char** argv, char** envp);

}  // namespace doppel::cli
