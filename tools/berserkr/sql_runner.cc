#include "berserkr/sql_runner.h"

#include <chrono>
#include <cstdio>

namespace berserkr::cli {

void AddResourceArguments(Arguments& arguments) {
  arguments.AddOption("threads", "N", "worker threads (default: one per core)");
  arguments.AddOption("memory-limit", "SIZE", "memory limit, e.g. 4GiB or 70% (default: 80%)");
  arguments.AddOption("temp-dir", "DIR",
                      "where operators spill near the memory limit (default: $TMPDIR or /tmp)");
}

void RunSqlText(SqlSession& session, const std::string& text, const SqlRunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const std::vector<SqlResult> results = session.Execute(text);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const SqlResult* last_rows = nullptr;
  for (const SqlResult& result : results) {
    if (result.has_rows) {
      last_rows = &result;
      if (options.output_path.empty()) {
        PrintResult(result.rows, options.format, stdout, options.max_cell_width);
      }
    } else if (result.explain) {
      std::fputs(result.message.c_str(), stdout);
      if (!result.message.empty() && result.message.back() != '\n') std::fputs("\n", stdout);
    } else if (!result.message.empty()) {
      std::fprintf(stderr, "%s\n", result.message.c_str());
    }
  }
  if (!options.output_path.empty() && last_rows != nullptr) {
    WriteResult(last_rows->rows, options.format, options.output_path);
    std::fprintf(stderr, "wrote %lld rows to %s\n",
                 static_cast<long long>(last_rows->rows.num_rows()), options.output_path.c_str());
  }
  std::fflush(stdout);
  if (options.timer) std::fprintf(stderr, "Run Time: %.3f s\n", seconds);
}

}  // namespace berserkr::cli
