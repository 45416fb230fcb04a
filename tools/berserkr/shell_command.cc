// `berserkr shell`: an interactive SQL session. Line editing, tab completion and history come from
// GNU readline (history kept in ~/.berserkr_history); a statement may span lines and runs at its
// ';'. Input that is not a terminal is read line by line without prompts, so scripts can pipe SQL
// in.

#include <readline/history.h>
#include <readline/readline.h>
#include <unistd.h>

#include <algorithm>
#include <csetjmp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>

#include "berserkr/commands.h"
#include "berserkr/common/error.h"
#include "berserkr/read_sources.h"
#include "berserkr/sql_runner.h"

namespace berserkr::cli {
namespace {

constexpr const char* kShellHelp =
    "Statements end with ';' and may span lines. Commands:\n"
    "  .tables              the tables and views\n"
    "  .schema NAME         the columns of a table or view (and a view's SQL)\n"
    "  .timer on|off        print how long each statement took\n"
    "  .mode table|csv|json how to print rows\n"
    "  .help                this text\n"
    "  .quit / .exit        leave (Ctrl-D too; Ctrl-C drops the line being typed)\n";

std::string Trim(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

// True when `buffer` holds complete statements: its last significant character is a ';' that
// is not inside a string, a quoted name or a comment.
bool EndsStatement(const std::string& buffer) {
  char quote = 0;
  bool line_comment = false;
  bool block_comment = false;
  char last = 0;
  for (size_t index = 0; index < buffer.size(); ++index) {
    const char character = buffer[index];
    const char next = index + 1 < buffer.size() ? buffer[index + 1] : '\0';
    if (line_comment) {
      if (character == '\n') line_comment = false;
      continue;
    }
    if (block_comment) {
      if (character == '*' && next == '/') {
        block_comment = false;
        ++index;
      }
      continue;
    }
    if (quote != 0) {
      if (character == quote) quote = 0;
      last = 'x';
      continue;
    }
    if (character == '\'' || character == '"') {
      quote = character;
    } else if (character == '-' && next == '-') {
      line_comment = true;
      continue;
    } else if (character == '/' && next == '*') {
      block_comment = true;
      ++index;
      continue;
    }
    if (!std::isspace(static_cast<unsigned char>(character))) last = character;
  }
  return quote == 0 && !block_comment && last == ';';
}

// Ctrl-C at the prompt drops the line (and a statement being typed) instead of leaving: the
// handler jumps back to the prompt. While a statement runs, the handler that was there before
// is back, so Ctrl-C stops the run (and the engine removes its spill files).
sigjmp_buf prompt_jump;
volatile std::sig_atomic_t at_prompt = 0;

void OnInterruptAtPrompt(int) {
  if (at_prompt) siglongjmp(prompt_jump, 1);
}

// Tab completion: SQL keywords, table and view names, and their columns, matched without case
// (keywords in the case the word was started in).
const SqlSession* completion_session = nullptr;

std::vector<std::string> CompletionCandidates(const std::string& prefix) {
  static const char* const kKeywords[] = {
      "SELECT",    "FROM",   "WHERE",     "GROUP",    "BY",        "HAVING", "ORDER",  "LIMIT",
      "OFFSET",    "JOIN",   "LEFT",      "RIGHT",    "FULL",      "INNER",  "CROSS",  "ON",
      "USING",     "UNION",  "INTERSECT", "EXCEPT",   "DISTINCT",  "WITH",   "AS",     "AND",
      "OR",        "NOT",    "IN",        "EXISTS",   "BETWEEN",   "LIKE",   "ILIKE",  "IS",
      "NULL",      "CASE",   "WHEN",      "THEN",     "ELSE",      "END",    "CAST",   "OVER",
      "PARTITION", "WINDOW", "QUALIFY",   "ROWS",     "ROLLUP",    "CUBE",   "CREATE", "VIEW",
      "TABLE",     "INSERT", "INTO",      "VALUES",   "DROP",      "COPY",   "TO",     "EXPLAIN",
      "DESCRIBE",  "SHOW",   "TABLES",    "read_csv", "read_json", "count",  "sum",    "avg",
      "min",       "max"};
  auto starts_with = [&prefix](const std::string& word) {
    if (word.size() < prefix.size()) return false;
    for (size_t index = 0; index < prefix.size(); ++index) {
      if (std::tolower(static_cast<unsigned char>(word[index])) !=
          std::tolower(static_cast<unsigned char>(prefix[index]))) {
        return false;
      }
    }
    return true;
  };
  const bool lower = !prefix.empty() && std::islower(static_cast<unsigned char>(prefix[0]));
  std::vector<std::string> candidates;
  for (const char* keyword : kKeywords) {
    std::string word = keyword;
    if (lower) {
      for (char& character : word) character = static_cast<char>(std::tolower(character));
    }
    if (starts_with(word)) candidates.push_back(word);
  }
  if (completion_session != nullptr) {
    for (const std::string& table : completion_session->TableNames()) {
      if (starts_with(table)) candidates.push_back(table);
      if (const auto schema = completion_session->TableSchema(table)) {
        for (const Field& field : schema->fields()) {
          if (starts_with(field.name)) candidates.push_back(field.name);
        }
      }
    }
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  return candidates;
}

char* CompletionGenerator(const char* text, int state) {
  static std::vector<std::string> matches;
  static size_t next = 0;
  if (state == 0) {
    matches = CompletionCandidates(text);
    next = 0;
  }
  if (next >= matches.size()) return nullptr;
  return strdup(matches[next++].c_str());  // readline frees it
}

char** Complete(const char* text, int, int) {
  rl_attempted_completion_over = 1;  // no file-name completion when nothing matches
  return rl_completion_matches(text, CompletionGenerator);
}

class Shell {
 public:
  explicit Shell(SqlRunOptions options)
      : options_(std::move(options)), interactive_(isatty(STDIN_FILENO) != 0) {
    options_.max_cell_width = 60;
    if (interactive_) {
      completion_session = &session_;
      rl_attempted_completion_function = Complete;
      if (const char* home = std::getenv("HOME"))
        history_path_ = std::string(home) + "/.berserkr_history";
      if (!history_path_.empty()) read_history(history_path_.c_str());
    }
  }

  ~Shell() {
    if (interactive_ && !history_path_.empty()) write_history(history_path_.c_str());
  }

  int Run() {
    if (interactive_) {
      std::printf(
          "berserkr %s SQL shell. Statements end with ';'. .help for commands, Ctrl-D to leave.\n",
          BERSERKR_VERSION);
    }
    std::string buffer;
    while (true) {
      if (interactive_ && sigsetjmp(prompt_jump, 1) != 0) {
        // Ctrl-C: readline has restored the terminal; start a fresh statement.
        at_prompt = 0;
        rl_free_line_state();
        std::printf("\n");
        buffer.clear();
      }
      std::optional<std::string> line = ReadLine(buffer.empty() ? "berserkr> " : "     ...> ");
      if (!line) break;  // Ctrl-D or the end of the input
      if (buffer.empty() && Trim(*line).rfind('.', 0) == 0) {
        if (interactive_) add_history(line->c_str());
        if (!DotCommand(Trim(*line))) return 0;
        continue;
      }
      if (buffer.empty() && Trim(*line).empty()) continue;
      buffer += *line + "\n";
      if (!EndsStatement(buffer)) continue;
      if (interactive_) add_history(Trim(buffer).c_str());
      RunStatements(buffer);
      buffer.clear();
    }
    if (!Trim(buffer).empty()) RunStatements(buffer);  // a last statement without ';'
    if (interactive_) std::printf("\n");
    return failed_ && !interactive_ ? 1 : 0;
  }

 private:
  std::optional<std::string> ReadLine(const char* prompt) {
    if (!interactive_) {
      std::string line;
      if (!std::getline(std::cin, line)) return std::nullopt;
      return line;
    }
    struct sigaction previous {};
    struct sigaction prompt_action {};
    prompt_action.sa_handler = OnInterruptAtPrompt;
    sigemptyset(&prompt_action.sa_mask);
    sigaction(SIGINT, &prompt_action, &previous);
    at_prompt = 1;
    char* raw = readline(prompt);
    at_prompt = 0;
    sigaction(SIGINT, &previous, nullptr);
    if (raw == nullptr) return std::nullopt;
    std::string line = raw;
    std::free(raw);
    return line;
  }

  void RunStatements(const std::string& text) {
    try {
      RunSqlText(session_, text, options_);
    } catch (const Error& error) {
      std::fprintf(stderr, "Error: %s\n", error.what());
      failed_ = true;
    } catch (const std::exception& error) {
      std::fprintf(stderr, "Internal error: %s\n", error.what());
      failed_ = true;
    }
  }

  // Runs a dot command; false means leave.
  bool DotCommand(const std::string& line) {
    const size_t space = line.find_first_of(" \t");
    const std::string command = line.substr(0, space);
    const std::string argument = space == std::string::npos ? "" : Trim(line.substr(space));
    if (command == ".quit" || command == ".exit") return false;
    if (command == ".help") {
      std::fputs(kShellHelp, stdout);
    } else if (command == ".tables") {
      for (const std::string& name : session_.TableNames()) std::printf("%s\n", name.c_str());
    } else if (command == ".schema") {
      Schema(argument);
    } else if (command == ".timer") {
      if (argument != "on" && argument != "off") {
        std::fprintf(stderr, "Error: .timer takes on or off\n");
      } else {
        options_.timer = argument == "on";
      }
    } else if (command == ".mode") {
      try {
        options_.format = ParseResultFormat(argument);
      } catch (const UsageError& error) {
        std::fprintf(stderr, "Error: %s\n", error.what());
      }
    } else {
      std::fprintf(stderr, "Error: unknown command %s; .help lists them\n", command.c_str());
    }
    return true;
  }

  void Schema(const std::string& name) {
    const std::vector<std::string> names =
        name.empty() ? session_.TableNames() : std::vector<std::string>{name};
    for (const std::string& each : names) {
      const std::optional<berserkr::Schema> schema = session_.TableSchema(each);
      if (!schema) {
        std::fprintf(stderr, "Error: no table or view named '%s'; .tables lists them\n",
                     each.c_str());
        continue;
      }
      const std::string definition = session_.ViewDefinition(each);
      if (!definition.empty()) {
        std::printf("%s;\n", definition.c_str());
        continue;
      }
      std::printf("CREATE TABLE %s (", each.c_str());
      for (int column = 0; column < schema->num_fields(); ++column) {
        std::printf("%s%s %s", column > 0 ? ", " : "", schema->field(column).name.c_str(),
                    schema->field(column).type.ToString().c_str());
      }
      std::printf(");\n");
    }
  }

  SqlSession session_;
  SqlRunOptions options_;
  bool interactive_;
  bool failed_ = false;
  std::string history_path_;
};

}  // namespace

int RunShell(int argc, char** argv, int first) {
  Arguments arguments(
      "shell", "berserkr shell [options]",
      "An interactive SQL session: line editing, tab completion and history\n"
      "(~/.berserkr_history), statements over several lines ending with ';', and the commands\n"
      ".tables, .schema NAME, .timer on|off, .mode table|csv|json, .help and .quit (or Ctrl-D;\n"
      "Ctrl-C drops the statement being typed). SQL piped into it runs without prompts; the exit\n"
      "status is then 1 when a statement failed.");
  arguments.AddOption("format", "table|csv|json", "how to print rows (default: table)");
  arguments.AddFlag("timer", "print how long each statement took");
  AddResourceArguments(arguments);
  arguments.Parse(argc, argv, first);
  if (arguments.help_requested()) {
    std::fputs(arguments.Help().c_str(), stdout);
    return 0;
  }
  if (!arguments.positionals().empty()) {
    throw UsageError("shell takes no arguments; use berserkr sql to run a query");
  }
  ApplyResourceArguments(arguments);
  SqlRunOptions options;
  options.format = ParseResultFormat(arguments.Get("format").value_or("table"));
  options.timer = arguments.Has("timer");
  return Shell(options).Run();
}

}  // namespace berserkr::cli
