// `berserkr sql "QUERY"` / `berserkr sql -f FILE`: runs SQL and prints the results.

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "berserkr/commands.h"
#include "berserkr/common/error.h"
#include "berserkr/read_sources.h"
#include "berserkr/sql_runner.h"

namespace berserkr::cli {

int RunSql(int argc, char** argv, int first) {
  Arguments arguments(
      "sql", "berserkr sql \"QUERY\" | -f FILE [options]",
      "Runs SQL statements (separated by ';') over files, directories and globs\n"
      "(FROM 'data/*.csv.gz', read_csv(...), read_json(...)) and the tables and views the\n"
      "statements create, and prints each query's rows. Example:\n"
      "  berserkr sql \"SELECT Country, sum(Quantity * UnitPrice) AS sales\n"
      "                FROM 'data/online-retail/by-day' GROUP BY ALL ORDER BY sales DESC LIMIT "
      "5\"\n"
      "docs/sql.md lists what is supported.");
  arguments.AddOption("f", "FILE",
                      "read the SQL from FILE (- for stdin) instead of the command line");
  arguments.AddOption("format", "table|csv|json|parquet",
                      "how to print rows: an aligned table (default), CSV, JSON lines, or Parquet "
                      "(with --output)");
  arguments.AddOption("output", "FILE", "write the last query's rows to FILE instead of stdout");
  arguments.AddFlag("timer", "print how long the statements took, on stderr");
  AddResourceArguments(arguments);
  arguments.Parse(argc, argv, first);
  if (arguments.help_requested()) {
    std::fputs(arguments.Help().c_str(), stdout);
    return 0;
  }
  std::string text;
  if (auto path = arguments.Get("f")) {
    if (!arguments.positionals().empty())
      throw UsageError("give the SQL as text or with -f, not both");
    std::stringstream contents;
    if (*path == "-") {
      contents << std::cin.rdbuf();  // -f - reads the SQL from stdin
    } else {
      std::ifstream file(*path);
      if (!file) throw IoError("cannot read the SQL file " + *path);
      contents << file.rdbuf();
    }
    text = contents.str();
  } else if (arguments.positionals().size() == 1) {
    text = arguments.positionals()[0];
  } else if (arguments.positionals().empty()) {
    throw UsageError("give the SQL to run: berserkr sql \"SELECT ...\" or berserkr sql -f FILE");
  } else {
    throw UsageError("give the SQL as one argument (quote it)");
  }
  ApplyResourceArguments(arguments);
  SqlRunOptions options;
  options.format = ParseResultFormat(arguments.Get("format").value_or("table"));
  options.output_path = arguments.Get("output").value_or("");
  if (options.format == ResultFormat::kParquet && options.output_path.empty()) {
    throw UsageError("--format parquet writes a file: add --output FILE.parquet");
  }
  options.timer = arguments.Has("timer");
  SqlSession session;
  RunSqlText(session, text, options);
  return 0;
}

}  // namespace berserkr::cli
