// SqlSession as a library: lazy queries over registered tables and views, the catalog's
// answers, and errors formatted with the statement's line and a caret.

#include "berserkr/sql/session.h"

#include <gtest/gtest.h>

#include "berserkr/common/error.h"

namespace berserkr {
namespace {

Table OneColumn(const std::string& name, const std::vector<int64_t>& values) {
  std::vector<ColumnPtr> pieces;
  for (int64_t value : values) pieces.push_back(Scalar::Int(value).ToColumn(1));
  auto schema = std::make_shared<Schema>(std::vector<Field>{{name, DataType::Int64(), true}});
  Batch batch;
  batch.schema = schema;
  batch.columns = {ConcatenateColumns(pieces)};
  batch.num_rows = static_cast<int64_t>(values.size());
  return Table(schema, {batch});
}

TEST(SqlSessionTest, QueriesAreLazyFramesOverTheCatalog) {
  SqlSession session;
  session.RegisterTable("numbers", OneColumn("n", {3, 1, 2}));
  session.RegisterView("big", DataFrame::FromTable(OneColumn("n", {10, 20})));
  const DataFrame frame =
      session.Query("SELECT n * 2 AS twice FROM numbers UNION ALL SELECT n FROM big ORDER BY 1");
  EXPECT_EQ(frame.schema().field(0).name, "twice");
  const Table table = frame.Collect();
  ASSERT_EQ(table.num_rows(), 5);
  EXPECT_EQ(table.batches()[0].columns[0]->FormatValue(0), "2");
  EXPECT_EQ(session.TableNames(), (std::vector<std::string>{"big", "numbers"}));
  EXPECT_EQ(session.TableSchema("NUMBERS")->field(0).name, "n");  // names match without case
  EXPECT_FALSE(session.TableSchema("nothing").has_value());
}

TEST(SqlSessionTest, ExecuteRunsEveryStatementInOrder) {
  SqlSession session;
  const std::vector<SqlResult> results = session.Execute(
      "CREATE VIEW v AS SELECT 1 AS a; CREATE TABLE t AS SELECT a + 1 AS b FROM v; SELECT * FROM "
      "t");
  ASSERT_EQ(results.size(), 3u);
  EXPECT_FALSE(results[0].has_rows);
  EXPECT_EQ(results[0].message, "created view v");
  EXPECT_EQ(session.ViewDefinition("v"), "CREATE VIEW v AS SELECT 1 AS a");
  ASSERT_TRUE(results[2].has_rows);
  EXPECT_EQ(results[2].rows.batches()[0].columns[0]->FormatValue(0), "2");
  EXPECT_THROW(session.Query("CREATE VIEW w AS SELECT 1"), InvalidInput);
}

TEST(SqlSessionTest, ErrorsCarryTheLineAndACaret) {
  SqlSession session;
  session.RegisterTable("numbers", OneColumn("n", {1}));
  try {
    session.Execute("SELECT 1;\nSELECT m\n  FROM numbers");
    FAIL() << "no error";
  } catch (const InvalidInput& error) {
    EXPECT_EQ(std::string(error.what()),
              "unknown column 'm'; did you mean 'n'? at line 2, column 8:\n"
              "  SELECT m\n"
              "         ^");
  }
}

}  // namespace
}  // namespace berserkr
