// The man page and the shell completions (see cli_docs.hpp). Each writer walks the program and its
// commands in definition order; what is not in the definitions (the DESCRIPTION prose, FILES, EXIT
// STATUS) is written here.
#include "cli_docs.hpp"

#include <sstream>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli.hpp"
#include "commands.hpp"

namespace roadmapd::daemon {
namespace {

std::string join(const std::vector<std::string>& words, const std::string& separator) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : separator) + w;
  return out;
}

std::vector<const CLI::App*> commands_of(const CLI::App& app) { return app.get_subcommands({}); }

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : commands_of(app)) names.push_back(sub->get_name());
  return names;
}

// What a page lists for the program or a command: every visible option of the program, a command's
// own options (its --help and the options for every command are described once, for the program).
std::vector<const CLI::Option*> listed_options(const CLI::App& app) {
  const bool is_program = app.get_parent() == nullptr;
  return app.get_options([&app, is_program](const CLI::Option* o) {
    if (o->get_group().empty()) return false;
    return is_program || (o != app.get_help_ptr() && o->get_group() != every_command_group);
  });
}

// "-c", "--config": the names an option is written with.
std::vector<std::string> flag_names(const CLI::Option& o) {
  std::vector<std::string> names;
  for (const auto& s : o.get_snames()) names.push_back("-" + s);
  for (const auto& l : o.get_lnames()) names.push_back("--" + l);
  return names;
}

// Every option a shell may complete after the program or a command: all with a visible name (a
// positional may have one too: check-config's FILE is also --config).
std::vector<const CLI::Option*> completed_options(const CLI::App& app) {
  return app.get_options([](const CLI::Option* o) { return !o->get_group().empty() && !flag_names(*o).empty(); });
}

const CLI::Option* positional_of(const CLI::App& app) {
  for (const CLI::Option* o : app.get_options()) {
    if (o->get_positional()) return o;
  }
  return nullptr;
}

// ---- man page

// Text for roff: a backslash, a minus and quotes as themselves (a plain '-' would be a hyphen,
// which breaks an option copied from the page).
std::string roff(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\\': out += "\\e"; break;
      case '-': out += "\\-"; break;
      case '\'': out += "\\(aq"; break;
      case '`': out += "\\(ga"; break;
      default: out += c;
    }
  }
  return out;
}

// A line of running text; \& keeps a leading '.' or '\'' from being read as a request.
std::string roff_line(const std::string& text) { return "\\&" + roff(text) + "\n"; }

std::string bold(const std::string& text) { return "\\fB" + roff(text) + "\\fR"; }
std::string italic(const std::string& text) { return "\\fI" + roff(text) + "\\fR"; }

std::string roff_synopsis(const CLI::App& app) {
  std::string line = bold(app.get_parent() ? "roadmapd " + app.get_name() : "roadmapd");
  for (const auto& item : usage_items(app)) {
    std::string word;
    if (!item.name.empty()) word = bold(item.name);
    if (!item.value.empty()) word += (word.empty() ? "" : " ") + italic(item.value);
    line += " " + (item.required ? word : "[" + word + "]");
  }
  return line + "\n";
}

// "\fB-c\fR, \fB--config\fR \fIFILE\fR": an option as the page's tagged paragraph names it.
std::string roff_option_tag(const CLI::Option& o) {
  std::vector<std::string> names;
  if (o.get_positional()) names.push_back(italic(o.get_name(true, false)));
  for (const auto& n : flag_names(o)) names.push_back(bold(n));
  std::string tag = join(names, ", ");
  if (const auto value = value_name(o); !value.empty() && !flag_names(o).empty()) tag += " " + italic(value);
  return tag;
}

std::string description_with_choices(const CLI::Option& o) {
  std::string text = o.get_description();
  if (const auto choices = choices_of(o); !choices.empty()) text += " (one of: " + join(choices, ", ") + ")";
  return text;
}

void roff_options(std::ostringstream& out, const std::vector<const CLI::Option*>& options) {
  for (const CLI::Option* o : options) {
    out << ".TP\n" << roff_option_tag(*o) << "\n" << roff_line(description_with_choices(*o));
  }
}

// ---- shells

// For bash: the words, space-separated, as one compgen -W argument.
std::string words(const std::vector<std::string>& list) { return "\"" + join(list, " ") + "\""; }

std::vector<std::string> option_words(const CLI::App& app) {
  std::vector<std::string> out;
  for (const CLI::Option* o : completed_options(app)) {
    for (const auto& n : flag_names(*o)) out.push_back(n);
  }
  return out;
}

// The bash command that completes an option's value, or the positional; ":" (nothing) for free text.
std::string bash_value(const CLI::Option& o) {
  if (const auto choices = choices_of(o); !choices.empty()) return "_roadmapd_words " + words(choices);
  if (takes_file(o)) return "_roadmapd_files";
  return ":";
}

void bash_command(std::ostringstream& out, const CLI::App& app, const std::string& label) {
  out << "    " << label << ")\n";
  out << "      case $prev in\n";
  for (const CLI::Option* o : completed_options(app)) {
    if (value_name(*o).empty()) continue;
    out << "        " << join(flag_names(*o), "|") << ") " << bash_value(*o) << "; return ;;\n";
  }
  out << "      esac\n";
  out << "      if [[ $cur == -* ]]; then\n";
  out << "        _roadmapd_words " << words(option_words(app)) << "\n";
  if (!app.get_parent()) {
    out << "      else\n        _roadmapd_words " << words(command_names(app)) << "\n";
  } else if (const CLI::Option* p = positional_of(app)) {
    out << "      else\n        " << bash_value(*p) << "\n";
  }
  out << "      fi ;;\n";
}

// Text inside a single-quoted zsh word.
std::string zsh_quoted(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out;
}

// A description inside _arguments' [...].
std::string zsh_bracketed(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '[' || c == ']' || c == '\\') out += '\\';
    out += c;
  }
  return zsh_quoted(out);
}

// ":FILE:_files", ":LEVEL:(trace debug ...)", ":TIME: " (a message, nothing to complete).
std::string zsh_action(const CLI::Option& o, const std::string& value) {
  if (const auto choices = choices_of(o); !choices.empty()) return ":" + value + ":(" + join(choices, " ") + ")";
  if (takes_file(o)) return ":" + value + ":_files";
  return ":" + value + ": ";
}

std::vector<std::string> zsh_specs(const CLI::App& app) {
  std::vector<std::string> specs;
  for (const CLI::Option* o : completed_options(app)) {
    const auto names = flag_names(*o);
    const auto value = value_name(*o);
    const std::string rest = "[" + zsh_bracketed(o->get_description()) + "]" +
                             (value.empty() ? "" : zsh_quoted(zsh_action(*o, value)));
    // -c+ and --config= take the value in the same word or the next.
    auto spelled = [&value](const std::string& n) { return value.empty() ? n : n + (n.size() == 2 ? "+" : "="); };
    if (o == app.get_help_ptr()) {
      specs.push_back("'(- *)'{" + join(names, ",") + "}'" + rest + "'");
    } else if (names.size() == 1) {
      specs.push_back("'" + spelled(names.front()) + rest + "'");
    } else {
      std::vector<std::string> each;
      for (const auto& n : names) each.push_back(spelled(n));
      specs.push_back("'(" + join(names, " ") + ")'{" + join(each, ",") + "}'" + rest + "'");
    }
  }
  if (const CLI::Option* p = positional_of(app)) {
    specs.push_back("'1" + zsh_quoted(zsh_action(*p, p->get_name(true, false))) + "'");
  }
  return specs;
}

}  // namespace

std::string man_page(const CLI::App& app, const std::string& version, const std::string& docdir) {
  std::ostringstream out;
  out << ".\\\" roadmapd(1), generated from the command-line definitions in daemon/cli.cpp: do not edit.\n";
  out << ".TH ROADMAPD 1 \"\" \"roadmapd " << roff(version) << "\" \"User Commands\"\n";
  out << ".SH NAME\nroadmapd \\- " << roff(app.get_description()) << "\n";

  out << ".SH SYNOPSIS\n" << roff_synopsis(app);
  for (const CLI::App* sub : commands_of(app)) out << ".br\n" << roff_synopsis(*sub);

  out << ".SH DESCRIPTION\n"
      << roff_line("roadmapd mirrors the GitHub Projects (v2) boards named in its configuration, with the issues "
                   "and pull requests of the configured repositories, into one SQLite file that can be queried "
                   "with sqlite3; stays current within GitHub's rate limit, also from webhooks; and judges every "
                   "item by the roadmap guidelines, telling authors in one comment it keeps up to date, with labels "
                   "and optional Backlog moves (dry run by default).")
      << ".PP\n"
      << roff_line("roadmapd run is the service, meant to run under systemd (roadmapd.service). The other "
                   "commands do one thing and exit.");

  out << ".SH COMMANDS\n";
  for (const CLI::App* sub : commands_of(app)) {
    out << ".SS " << roff(synopsis(*sub)) << "\n" << roff_line(sub->get_description());
    roff_options(out, listed_options(*sub));
  }

  out << ".SH OPTIONS\n"
      << roff_line("These go before the command. Every command also takes --log-level after its name, and "
                   "-h, --help there shows that command's options.");
  roff_options(out, listed_options(app));

  out << ".SH EXIT STATUS\n"
      << ".TP\n.B " << exit_ok << "\n" << roff_line("success; for lint, nothing was found")
      << ".TP\n.B " << exit_failure << "\n"
      << roff_line("the pass or the service failed, and one line on standard error says why; for lint, "
                   "something was found")
      << ".TP\n.B " << exit_usage << "\n" << roff_line("a bad command line or a configuration that does not validate");

  out << ".SH FILES\n";
  const std::pair<std::string, std::string> files[] = {
      {"/etc/roadmapd/roadmapd.toml", "the configuration roadmapd.service runs with"},
      {"/etc/roadmapd/github-token, webhook-secret, github-app.pem",
       "the credentials roadmapd.service passes in (LoadCredential=), readable by root only"},
      {"/var/lib/roadmapd/roadmapd.db", "the mirror, in the service's state directory"},
      {docdir + "/roadmapd.example.toml", "a fully commented example configuration"},
      {docdir + "/docs/config.md", "every configuration key"},
  };
  for (const auto& [path, what] : files) out << ".TP\n" << italic(path) << "\n" << roff_line(what);

  out << ".SH SEE ALSO\n"
      << "\\fBsqlite3\\fR(1), \\fBsystemctl\\fR(1), \\fBjournalctl\\fR(1), \\fBsystemd.service\\fR(5)\n.PP\n"
      << roff_line(docdir + "/README.md (deploying on a server), and in " + docdir +
                   "/docs: deploy.md, sync.md, webhooks.md, rules.md, schema.md, metrics.md");
  return out.str();
}

std::string bash_completion(const CLI::App& app) {
  std::vector<std::string> program_values;  // options of the program itself that take a value
  for (const CLI::Option* o : completed_options(app)) {
    if (!value_name(*o).empty()) {
      for (const auto& n : flag_names(*o)) program_values.push_back(n);
    }
  }
  std::ostringstream out;
  out << "# bash completion for roadmapd, generated from the command-line definitions in daemon/cli.cpp.\n"
         "\n"
         "_roadmapd_words() { mapfile -t COMPREPLY < <(compgen -W \"$1\" -- \"$cur\"); }\n"
         "_roadmapd_files() { compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- \"$cur\"); }\n"
         "\n"
         "_roadmapd() {\n"
         "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} command=\"\" i\n"
         "  COMPREPLY=()\n"
         "  # The command is the first word that is neither an option nor an option's value.\n"
         "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
         "    case ${COMP_WORDS[i]} in\n"
         "      "
      << join(program_values, "|")
      << ") ((i++)) ;;\n"
         "      -*) ;;\n"
         "      *) command=${COMP_WORDS[i]}; break ;;\n"
         "    esac\n"
         "  done\n"
         "  case $command in\n";
  bash_command(out, app, "\"\"");
  for (const CLI::App* sub : commands_of(app)) bash_command(out, *sub, sub->get_name());
  out << "  esac\n"
         "}\n"
         "complete -F _roadmapd roadmapd\n";
  return out.str();
}

std::string zsh_completion(const CLI::App& app) {
  std::ostringstream out;
  out << "#compdef roadmapd\n"
         "# zsh completion for roadmapd, generated from the command-line definitions in daemon/cli.cpp.\n"
         "\n"
         "_roadmapd() {\n"
         "  local curcontext=$curcontext state line ret=1\n"
         "  typeset -A opt_args\n"
         "  _arguments -C \\\n";
  for (const auto& spec : zsh_specs(app)) out << "    " << spec << " \\\n";
  out << "    '1: :->command' \\\n"
         "    '*:: :->argument' && ret=0\n"
         "  case $state in\n"
         "    command)\n"
         "      local -a commands=(\n";
  for (const CLI::App* sub : commands_of(app)) {
    out << "        '" << zsh_quoted(sub->get_name() + ":" + sub->get_description()) << "'\n";
  }
  out << "      )\n"
         "      _describe -t commands 'roadmapd command' commands && ret=0 ;;\n"
         "    argument)\n"
         "      curcontext=${curcontext%:*:*}:roadmapd-$words[1]:\n"
         "      case $words[1] in\n";
  for (const CLI::App* sub : commands_of(app)) {
    out << "        " << sub->get_name() << ")\n          _arguments";
    for (const auto& spec : zsh_specs(*sub)) out << " \\\n            " << spec;
    out << " && ret=0 ;;\n";
  }
  out << "      esac ;;\n"
         "  esac\n"
         "  return ret\n"
         "}\n"
         "\n"
         "_roadmapd \"$@\"\n";
  return out.str();
}

}  // namespace roadmapd::daemon
