#include "join_benchmark.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>

#include "answer_check.h"
#include "berserkr/common/error.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/formats/csv_reader.h"
#include "berserkr/plan/data_frame.h"
#include "berserkr/sql/session.h"
#include "command_line_flags.h"
#include "join_data_generator.h"

namespace berserkr::bench {

const char kJoinUsage[] =
    R"(usage: berserkr-bench join --data DIR [--threads N] [--sql]

Loads the db-benchmark join tables from DIR ('berserkr-bench gen join' writes them: x =
J1_<N>_NA_0_0.csv and small, medium, big = J1_<N>_<N/1e6, N/1e3, N>_0_0.csv; N is found from the
x file's name) with id1..id3 BIGINT, id4..id6 VARCHAR and v1, v2 DOUBLE, as DuckDB infers them,
then runs the five db-benchmark join questions through the DataFrame API:
  q1  x inner join small on id1        q4  x inner join medium on id5 (a string key)
  q2  x inner join medium on id2       q5  x inner join big on id3
  q3  x left join medium on id2
and prints, as bench/peers/duckdb_join.mjs does:
  load <seconds>
  q<i> <seconds> rows=<answer rows> chk=<sum of v1>;<sum of v2>
  total <seconds of the five questions>

  --threads N   threads of the default pool (default: one per hardware thread)
  --sql         run each question as SQL (SELECT * FROM x JOIN small USING (id1), ...) through
                SqlSession instead of the DataFrame API
)";

namespace {

// The x file's name gives N, and with it the other three names.
std::vector<std::string> FindTables(const std::string& directory) {
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    const std::string name = entry.path().filename().string();
    const std::string suffix = "_NA_0_0.csv";
    if (name.rfind("J1_", 0) != 0 || name.size() <= suffix.size() + 3 ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) {
      continue;
    }
    const std::string n = name.substr(3, name.size() - 3 - suffix.size());
    const size_t exponent = n.find('e');
    if (exponent == std::string::npos) continue;
    int64_t rows = std::stoll(n.substr(0, exponent));
    for (int power = std::stoi(n.substr(exponent + 1)); power > 0; --power) rows *= 10;
    std::vector<std::string> paths;
    for (const std::string& table : JoinTableFileNames(rows))
      paths.push_back(directory + "/" + table);
    return paths;
  }
  throw InvalidInput("berserkr-bench join: no J1_<N>_NA_0_0.csv in " + directory +
                     "; write the tables with 'berserkr-bench gen join --rows 1e7 --out " +
                     directory + "'");
}

// Reads one table with its integer columns as BIGINT and its value as DOUBLE, as DuckDB infers.
DataFrame LoadTable(const std::string& path, const std::vector<std::string>& integer_columns,
                    const std::string& value_column) {
  CsvOptions options;
  options.header = true;
  for (const std::string& name : integer_columns) options.column_types[name] = DataType::Int64();
  options.column_types[value_column] = DataType::Float64();
  return DataFrame::FromTable(ReadCsv({path}, options));
}

}  // namespace

int RunJoinBenchmark(const std::vector<std::string>& arguments) {
  const ParsedFlags flags =
      ParseFlags(arguments, {{"data"}, {"threads"}, {"sql", false}}, "berserkr-bench join");
  if (flags.count("data") == 0) throw InvalidInput("berserkr-bench join: --data DIR is required");
  if (flags.count("threads") != 0) {
    SetDefaultThreadCount(static_cast<int>(ParseIntegerFlag("threads", flags.at("threads"))));
  }
  using Clock = std::chrono::steady_clock;
  const std::vector<std::string> paths = FindTables(flags.at("data"));
  auto start = Clock::now();
  const DataFrame x = LoadTable(paths[0], {"id1", "id2", "id3"}, "v1");
  const DataFrame small = LoadTable(paths[1], {"id1"}, "v2");
  const DataFrame medium = LoadTable(paths[2], {"id1", "id2"}, "v2");
  const DataFrame big = LoadTable(paths[3], {"id1", "id2", "id3"}, "v2");
  std::printf("load %.3f\n", std::chrono::duration<double>(Clock::now() - start).count());

  SqlSession session;
  session.RegisterView("x", x);
  session.RegisterView("small", small);
  session.RegisterView("medium", medium);
  session.RegisterView("big", big);
  auto sql = [&](const char* text) { return [&session, text] { return session.Query(text); }; };
  const std::vector<std::function<DataFrame()>> questions =
      flags.count("sql") != 0
          ? std::vector<
                std::function<DataFrame()>>{sql("SELECT * FROM x JOIN small USING (id1)"),
                                            sql("SELECT * FROM x JOIN medium USING (id2)"),
                                            sql("SELECT * FROM x LEFT JOIN medium USING (id2)"),
                                            sql("SELECT * FROM x JOIN medium USING (id5)"),
                                            sql("SELECT * FROM x JOIN big USING (id3)")}
          : std::vector<std::function<DataFrame()>>{
                [&] { return x.Join(small, {"id1"}); },
                [&] { return x.Join(medium, {"id2"}); },
                [&] { return x.Join(medium, {"id2"}, JoinType::kLeft); },
                [&] { return x.Join(medium, {"id5"}); },
                [&] { return x.Join(big, {"id3"}); },
            };
  double total = 0;
  for (size_t index = 0; index < questions.size(); ++index) {
    start = Clock::now();
    const Table answer = questions[index]().Collect();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    total += seconds;
    std::string checks;
    for (const char* column : {"v1", "v2"}) {
      const std::optional<int> position = answer.schema()->FieldIndex(column);
      if (!position) throw Internal(std::string("join benchmark: the answer has no ") + column);
      checks += (checks.empty() ? "" : ";") + ToPrecision12(SumColumn(answer, *position));
    }
    std::printf("q%zu %.3f rows=%lld chk=%s\n", index + 1, seconds,
                static_cast<long long>(answer.num_rows()), checks.c_str());
    std::fflush(stdout);
  }
  std::printf("total %.3f\n", total);
  return 0;
}

}  // namespace berserkr::bench
