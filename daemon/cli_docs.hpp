// The man page and the shell completions, written by walking the command line's CLI11 App (cli.hpp):
// every command, option, description and choice list comes from the same definitions that parse.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace roadmapd::daemon {

// roadmapd.1 in roff (man(7) macros). `version` goes in the header line; `docdir` is where the
// example configuration and the docs are installed, for FILES and SEE ALSO.
std::string man_page(const CLI::App& app, const std::string& version, const std::string& docdir);
// A bash completion script, as bash-completion loads it from completions/roadmapd.
std::string bash_completion(const CLI::App& app);
// A zsh completion function, as compinit loads it from a file _roadmapd on $fpath.
std::string zsh_completion(const CLI::App& app);

}  // namespace roadmapd::daemon
