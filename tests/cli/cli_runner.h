// File: cli/cli_runner.h
// Runs the `chorus` binary as a user would, in a test's folder: with chosen
// environment variables, stdin from /dev/null, collecting the exit code,
// standard output and standard error.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

#include "support/temp_dir.h"

namespace chorus::test_support {

// A small coded bundle shared by the CLI tests.
inline constexpr char kSmallBundle[] = CHORUS_TEST_DATA_DIR "/api/small.json";

struct RunResult {
  int exit_code;
  std::string out;
  std::string err;
};

// Runs chorus with `args` (shell-quoted) in `dir`; `env` is shell
// assignments put before the command ("CHORUS_PASSPHRASE='x'").
inline RunResult RunChorus(const TempDir& dir, const std::string& env, const std::string& args) {
  std::string err_path = dir.File("stderr.txt");
  std::string command = "cd '" + dir.path() + "' && CHORUS_TEST=1 " + env + " '" + CHORUS_BIN +
                        "' " + args + " 2>'" + err_path + "' </dev/null";
  RunResult run{};
  FILE* pipe = popen(command.c_str(), "r");
  std::array<char, 4096> buffer{};
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) run.out.append(buffer.data(), n);
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.err = ReadFileBytes(err_path);
  return run;
}

}  // namespace chorus::test_support
