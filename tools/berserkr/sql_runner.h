#pragma once

// What `berserkr sql` and `berserkr shell` share: the session, options, and running a piece of SQL
// text with its results printed.

#include <string>

#include "berserkr/arguments.h"
#include "berserkr/result_printer.h"
#include "berserkr/sql/session.h"

namespace berserkr::cli {

// --threads, --memory-limit and --temp-dir, as the other commands have them.
void AddResourceArguments(Arguments& arguments);

struct SqlRunOptions {
  ResultFormat format = ResultFormat::kTable;
  std::string output_path;  // empty: stdout
  bool timer = false;
  size_t max_cell_width = 0;
};

// Runs every statement of `text`: rows go to stdout (or the output file: the last result with
// rows), EXPLAIN plans to stdout, other messages (created, wrote) to stderr. Throws as
// SqlSession::Execute.
void RunSqlText(SqlSession& session, const std::string& text, const SqlRunOptions& options);

}  // namespace berserkr::cli
