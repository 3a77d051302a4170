// What the C++ benchmarks share around their measurement: integer options and a scratch directory
// from the command line, a usage message, and the removal of a scratch database with its WAL files.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace roadmapd::bench {

struct int_option {
  const char* name;  // "--items"
  int* value;        // its default on entry
  const char* help;
};

// Parses `--NAME N` for each of `ints` and `--dir DIR`; --help prints the usage and exits 0, a bad
// or unknown option exits 2 naming it. Every integer must be at least 1.
inline void parse_command_line(int argc, char** argv, const char* program, const char* about,
                               const std::vector<int_option>& ints, std::filesystem::path& dir) {
  auto usage = [&](const std::string& why, int status) {
    std::cerr << program << ": " << why << "\nusage: " << program;
    for (const auto& o : ints) std::cerr << " [" << o.name << " N]";
    std::cerr << " [--dir DIR]\n";
    for (const auto& o : ints) std::cerr << "  " << o.name << "  " << o.help << " (default " << *o.value << ")\n";
    std::cerr << "  --dir  where the scratch databases go (default: a new directory under $TMPDIR)\n";
    std::exit(status);
  };
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") usage(about, 0);
    if (i + 1 >= argc) usage("missing value after " + arg, 2);
    const std::string value = argv[++i];
    if (arg == "--dir") {
      dir = value;
      continue;
    }
    bool known = false;
    for (const auto& o : ints) {
      if (arg != o.name) continue;
      known = true;
      try {
        *o.value = std::stoi(value);
      } catch (const std::logic_error&) {
        usage("not a number: " + arg + " " + value, 2);
      }
      if (*o.value < 1) usage(arg + " must be at least 1", 2);
    }
    if (!known) usage("unknown option " + arg, 2);
  }
}

// The directory the scratch databases go in: `wanted`, or a new one under $TMPDIR that the
// destructor removes (when it is empty, as the benchmarks leave it).
class scratch_dir {
 public:
  scratch_dir(const std::filesystem::path& wanted, const std::string& name) : path_(wanted) {
    if (path_.empty()) {
      path_ = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
      own_ = true;
    }
    std::filesystem::create_directories(path_);
  }
  ~scratch_dir() {
    std::error_code ec;
    if (own_) std::filesystem::remove(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  bool own_ = false;
};

inline void remove_database(const std::filesystem::path& p) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(p.string() + suffix);
}

}  // namespace roadmapd::bench
