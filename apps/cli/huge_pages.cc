#include "huge_pages.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace doppel::cli {

void RestartWithHugePages(char** argv) {
  const char* opt_out = std::getenv("DOPPEL_HUGE_PAGES");
  if (opt_out != nullptr && std::strcmp(opt_out, "0") == 0) return;
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (tunables != nullptr && std::strstr(tunables, "glibc.malloc.hugetlb") != nullptr) return;
  // Appended: glibc parses the list in order, and a user's own tunables stay.
  std::string value = tunables != nullptr && *tunables != '\0' ? std::string(tunables) + ":" : std::string();
  value += "glibc.malloc.hugetlb=1";
  if (setenv("GLIBC_TUNABLES", value.c_str(), 1) != 0) return;
  execv("/proc/self/exe", argv);
  // Still here: the restart failed (no /proc, say); run as we are, without the tunable in
  // the environment of anything this process would start.
  if (tunables != nullptr) {
    setenv("GLIBC_TUNABLES", tunables, 1);
  } else {
    unsetenv("GLIBC_TUNABLES");
  }
}

}  // namespace doppel::cli
