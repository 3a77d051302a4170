// roadmapd_cli_docs OUTPUT_DIR DOCDIR: writes roadmapd.1, the bash completion (roadmapd.bash) and the
// zsh one (_roadmapd) into OUTPUT_DIR, at build time. A separate program rather than a hidden command
// of roadmapd: it links only cli.cpp, so the outputs are ready long before the daemon (and its Beast
// translation units) is built, and the installed binary carries nothing it does not run.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <CLI/CLI.hpp>

#include "cli.hpp"
#include "cli_docs.hpp"

namespace {

bool write(const std::filesystem::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) std::fprintf(stderr, "roadmapd_cli_docs: cannot write %s\n", file.c_str());
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fputs("usage: roadmapd_cli_docs OUTPUT_DIR DOCDIR\n", stderr);
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  roadmapd::daemon::command_line unused;
  const auto app = roadmapd::daemon::make_app(unused);
  const bool ok = write(dir / "roadmapd.1", roadmapd::daemon::man_page(*app, ROADMAPD_VERSION, argv[2])) &&
                  write(dir / "roadmapd.bash", roadmapd::daemon::bash_completion(*app)) &&
                  write(dir / "_roadmapd", roadmapd::daemon::zsh_completion(*app));
  return ok ? 0 : 1;
}
