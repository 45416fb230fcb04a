#include "berserkr/expr/bind.h"

#include <gtest/gtest.h>

#include "berserkr/common/error.h"
#include "expr/expression_testing_internal.h"

namespace berserkr {
namespace {

using expr_testing::ErrorOf;

Schema Customers() {
  return Schema({Field{"customer_id", DataType::Int64()}, Field{"name", DataType::String()},
                 Field{"small", DataType::Int32()}, Field{"price", DataType::Decimal(10, 2)},
                 Field{"weight", DataType::Float64()}, Field{"day", DataType::Date()},
                 Field{"moment", DataType::Timestamp()}, Field{"flag", DataType::Bool()}});
}

DataType TypeOf(const ExprPtr& expression) { return Bind(expression, Customers()).type(); }

TEST(BindTest, UnknownColumnSuggestsTheNearest) {
  EXPECT_EQ(ErrorOf([] { Bind(Col("custmer_id"), Customers()); }),
            "unknown column 'custmer_id'; did you mean 'customer_id'?");
  EXPECT_EQ(ErrorOf([] { Bind(Col("zzzzzzzzzzzz") + 1, Customers()); }),
            "unknown column 'zzzzzzzzzzzz'; the columns are: customer_id, name, small, price, "
            "weight, day, moment, flag");
  EXPECT_EQ(ErrorOf([] { Bind(Call("lowr", {Col("name")}), Customers()); }),
            "unknown function 'lowr' in lowr(name); did you mean 'lower'?");
}

TEST(BindTest, TypeErrorsNameExpressionAndTypes) {
  EXPECT_EQ(ErrorOf([] { Bind(Col("name") + 1, Customers()); }),
            "cannot apply add to VARCHAR and INTEGER in (name + 1)");
  EXPECT_EQ(ErrorOf([] { Bind(Col("customer_id") && Col("flag"), Customers()); }),
            "cannot apply AND to BIGINT and BOOLEAN in (customer_id AND flag)");
  EXPECT_EQ(ErrorOf([] { Bind(Cast(Col("flag"), DataType::Date()), Customers()); }),
            "cannot cast BOOLEAN to DATE in CAST(flag AS DATE)");
  EXPECT_EQ(ErrorOf([] {
              Bind(Case({{Col("small"), Lit(1)}}), Customers());
            }),
            "CASE condition small is INTEGER, not BOOLEAN, in CASE WHEN small THEN 1 END");
}

TEST(BindTest, ImplicitCastsFollowDuckDB) {
  EXPECT_EQ(TypeOf(Col("small") + Col("customer_id")), DataType::Int64());
  EXPECT_EQ(TypeOf(Col("small") + Col("weight")), DataType::Float64());
  EXPECT_EQ(TypeOf(Col("small") + 1), DataType::Int32());
  EXPECT_EQ(TypeOf(Col("customer_id") / 2), DataType::Float64());
  EXPECT_EQ(TypeOf(Col("price") + Col("small")), DataType::Decimal(13, 2));
  EXPECT_EQ(TypeOf(Col("price") * Col("price")), DataType::Decimal(20, 4));
  EXPECT_EQ(TypeOf(Col("price") + Col("weight")), DataType::Float64());
  EXPECT_EQ(TypeOf(Col("day") - Col("day")), DataType::Int64());
  EXPECT_EQ(TypeOf(Col("day") + 1), DataType::Date());
  EXPECT_EQ(TypeOf(Coalesce({Col("small"), Col("customer_id")})), DataType::Int64());
  // A date compared with a timestamp compares as timestamps; a string literal becomes a date.
  const BoundExpression mixed = Bind(Col("day") < Col("moment"), Customers());
  EXPECT_EQ(mixed.root().children[0]->type, DataType::Timestamp());
  const BoundExpression literal = Bind(Col("day") == "2024-01-31", Customers());
  EXPECT_EQ(literal.root().children[1]->kind, BoundKind::kConstant);
  EXPECT_EQ(literal.root().children[1]->constant.type(), DataType::Date());
}

TEST(BindTest, ExpressionsPrintAsSql) {
  EXPECT_EQ((Col("a") + 1 > Lit(2) && !IsNull(Col("b")))->ToString(),
            "(((a + 1) > 2) AND (NOT (b IS NULL)))");
  EXPECT_EQ(Case({{Col("a") == "x", Lit(1.5)}}, NullLit())->ToString(),
            "CASE WHEN (a = 'x') THEN 1.5 ELSE NULL END");
  EXPECT_EQ(In(Col("a"), {Lit(1), Lit(2)}, true)->ToString(), "(a NOT IN (1, 2))");
  EXPECT_EQ(TryCast(Col("s"), DataType::Int64())->ToString(), "TRY_CAST(s AS BIGINT)");
  EXPECT_EQ(Between(Col("d"), Lit("it's"), Lit("z"))->ToString(), "(d BETWEEN 'it''s' AND 'z')");
  EXPECT_EQ(Bind(Col("small") + Col("customer_id"), Customers()).ToString(),
            "(small + customer_id)");
  EXPECT_EQ(Bind(Col("small") + Col("customer_id"), Customers()).root().children[0]->text,
            "CAST(small AS BIGINT)");
}

}  // namespace
}  // namespace berserkr
