// End-to-end tests of `berserkr sql` and `berserkr shell`: output formats, files, errors with a
// caret, exit codes, and the shell's dot commands over piped input.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>

#include "test_util.h"

namespace berserkr {
namespace {

using testing_util::ReadFileText;
using testing_util::TempDir;
using testing_util::WriteFile;

struct CommandResult {
  int exit_code;
  std::string out;
  std::string err;
};

// Runs the CLI with `arguments` (shell syntax) and, when given, `input` on stdin.
CommandResult RunBerserkr(const std::string& arguments, const std::string& input = "") {
  TempDir dir;
  const std::string err_path = dir.File("stderr");
  const std::string in_path = dir.File("stdin");
  WriteFile(in_path, input);
  const std::string command =
      std::string(BERSERKR_CLI_PATH) + " " + arguments + " <" + in_path + " 2>" + err_path;
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  std::array<char, 4096> buffer;
  size_t count;
  while ((count = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    out.append(buffer.data(), count);
  }
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out, ReadFileText(err_path)};
}

const std::string kPeople = std::string(BERSERKR_SOURCE_DIR) + "/tests/sql/data/people.csv";

TEST(SqlCliTest, HelpListsTheCommands) {
  EXPECT_NE(RunBerserkr("--help").out.find("sql \"QUERY\""), std::string::npos);
  for (const char* command : {"sql", "shell"}) {
    const CommandResult help = RunBerserkr(std::string(command) + " --help");
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.out.find("--format"), std::string::npos) << command;
  }
  EXPECT_EQ(RunBerserkr("sql").exit_code, 2);
  EXPECT_EQ(RunBerserkr("sql 'SELECT 1' --format xml").exit_code, 2);
}

TEST(SqlCliTest, TableCsvAndJsonOutput) {
  const std::string query =
      "\"SELECT name, amount FROM '" + kPeople + "' WHERE id <= 2 ORDER BY id\"";
  const CommandResult table = RunBerserkr("sql " + query);
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("| Ann     |   10.5 |"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("(2 rows)"), std::string::npos);
  const CommandResult csv = RunBerserkr("sql " + query + " --format csv");
  EXPECT_EQ(csv.out, "name,amount\nAnn,10.5\nBob,20\n");
  const CommandResult json = RunBerserkr("sql " + query + " --format json");
  EXPECT_EQ(json.out, "{\"name\":\"Ann\",\"amount\":10.5}\n{\"name\":\"Bob\",\"amount\":20.0}\n")
      << json.out;
}

TEST(SqlCliTest, FileInputAndOutputFile) {
  TempDir dir;
  const std::string script = dir.File("q.sql");
  WriteFile(script, "CREATE VIEW p AS SELECT * FROM '" + kPeople +
                        "';\n-- a comment\nSELECT city, count(*) AS n\nFROM p\nGROUP BY city\n"
                        "ORDER BY n DESC, city NULLS LAST;\n");
  const std::string out = dir.File("out.csv");
  const CommandResult result = RunBerserkr("sql -f " + script + " --format csv --output " + out);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(ReadFileText(out), "city,n\nOslo,2\nBergen,1\n,1\n");
  EXPECT_NE(result.err.find("wrote 3 rows"), std::string::npos);
}

TEST(SqlCliTest, ParquetOutputGoesToAFile) {
  TempDir dir;
  const std::string query = "\"SELECT city, count(*) AS n FROM '" + kPeople +
                            "' GROUP BY city ORDER BY n DESC, city NULLS LAST\"";
  const CommandResult to_stdout = RunBerserkr("sql " + query + " --format parquet");
  EXPECT_EQ(to_stdout.exit_code, 2);
  EXPECT_NE(to_stdout.err.find("--output FILE.parquet"), std::string::npos) << to_stdout.err;
  const std::string out = dir.File("out.parquet");
  const CommandResult written = RunBerserkr("sql " + query + " --format parquet --output " + out);
  ASSERT_EQ(written.exit_code, 0) << written.err;
  const CommandResult back = RunBerserkr("sql \"SELECT * FROM '" + out +
                                         "' ORDER BY n DESC, city NULLS LAST\" --format csv");
  EXPECT_EQ(back.out, "city,n\nOslo,2\nBergen,1\n,1\n") << back.err;
}

TEST(SqlCliTest, ErrorsPointAtTheColumn) {
  const CommandResult result = RunBerserkr("sql \"SELECT nam FROM '" + kPeople + "'\"");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("unknown column 'nam'; did you mean 'name'? at line 1, column 8:"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("\n         ^"), std::string::npos) << result.err;
}

TEST(SqlCliTest, ShellRunsPipedStatementsAndDotCommands) {
  const CommandResult result = RunBerserkr(
      "shell --format csv",
      "CREATE TABLE t AS SELECT 1 AS a, 'x' AS b;\n.tables\n.schema t\nSELECT a + 1 AS c,\n  b\n"
      "FROM t;\n.quit\nSELECT 'not reached';\n");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "t\nCREATE TABLE t (a INTEGER, b VARCHAR);\nc,b\n2,x\n");
  const CommandResult failing = RunBerserkr("shell", "SELECT nope;\nSELECT 2;\n");
  EXPECT_EQ(failing.exit_code, 1);
  EXPECT_NE(failing.err.find("unknown column 'nope'"), std::string::npos);
  EXPECT_NE(failing.out.find("2"), std::string::npos);  // the next statement still ran
}

}  // namespace
}  // namespace berserkr
