// Subcommands: each file adds its CLI11 subcommand and returns the function that runs it.
#pragma once

#include <functional>
#include <memory>

#include <CLI/CLI.hpp>

namespace doppel::cli {

struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

Command AddScanCommand(CLI::App* root);
Command AddCleanCommand(CLI::App* root);
Command AddCompareCommand(CLI::App* root);

}  // namespace doppel::cli
