#include "berserkr/expr/evaluate.h"

#include <gtest/gtest.h>

#include <limits>

#include "expr/expression_testing_internal.h"

namespace berserkr {
namespace {

using expr_testing::Bools;
using expr_testing::Doubles;
using expr_testing::ErrorOf;
using expr_testing::Int32s;
using expr_testing::Ints;
using expr_testing::MakeBatch;
using expr_testing::RunConstant;
using expr_testing::RunExpression;
using expr_testing::Strings;
using Texts = std::vector<std::string>;

Batch Numbers() {
  return MakeBatch({{"a", Ints({1, 2, std::nullopt, -4, 5})},
                    {"b", Ints({10, std::nullopt, 3, 0, -2})},
                    {"i", Int32s({7, 8, 9, std::nullopt, 11})},
                    {"x", Doubles({0.5, std::nullopt, 2.0, -1.5, 0.0})},
                    {"s", Strings({"apple", "Banana", std::nullopt, "", "cherry"})}});
}

TEST(EvaluateTest, ArithmeticPropagatesNulls) {
  const Batch batch = Numbers();
  EXPECT_EQ(RunExpression(Col("a") + Col("b"), batch), (Texts{"11", "NULL", "NULL", "-4", "3"}));
  EXPECT_EQ(RunExpression(Col("a") - 1, batch), (Texts{"0", "1", "NULL", "-5", "4"}));
  EXPECT_EQ(RunExpression(Col("a") * Col("i"), batch), (Texts{"7", "16", "NULL", "NULL", "55"}));
  EXPECT_EQ(RunExpression(-Col("a"), batch), (Texts{"-1", "-2", "NULL", "4", "-5"}));
  EXPECT_EQ(RunExpression(Col("a") + Col("x"), batch), (Texts{"1.5", "NULL", "NULL", "-5.5", "5"}));
}

// NaN's sign bit depends on the operation (x86 makes 0 / 0 "-nan"); the tests ignore it.
Texts IgnoringNaNSign(Texts texts) {
  for (std::string& text : texts) {
    if (text == "-nan") text = "nan";
  }
  return texts;
}

TEST(EvaluateTest, DivisionFollowsDuckDB) {
  // Answers of DuckDB 1.5.6 on the same table: `/` divides in DOUBLE, the IEEE way.
  const Batch batch = Numbers();
  EXPECT_EQ(RunExpression(Col("b") / Col("a"), batch), (Texts{"10", "NULL", "NULL", "-0", "-0.4"}));
  EXPECT_EQ(RunExpression(Col("a") / Col("b"), batch),
            (Texts{"0.1", "NULL", "NULL", "-inf", "-2.5"}));
  EXPECT_EQ(IgnoringNaNSign(RunExpression(Col("x") / 0.0, batch)),
            (Texts{"inf", "NULL", "inf", "-inf", "nan"}));
  EXPECT_EQ(IgnoringNaNSign(RunExpression(Col("x") / 0, batch)),
            (Texts{"inf", "NULL", "inf", "-inf", "nan"}));
  // Integer // and % by zero are NULL.
  EXPECT_EQ(RunExpression(Call("integer_divide", {Col("a"), Col("b")}), batch),
            (Texts{"0", "NULL", "NULL", "NULL", "-2"}));
  EXPECT_EQ(RunExpression(Col("b") % Col("a"), batch), (Texts{"0", "NULL", "NULL", "0", "-2"}));
  EXPECT_EQ(RunExpression(Col("a") % 0, batch), (Texts{"NULL", "NULL", "NULL", "NULL", "NULL"}));
  // DOUBLE %: fmod, NaN by zero. DOUBLE //: does not round, NULL by zero.
  EXPECT_EQ(IgnoringNaNSign(RunExpression(Col("x") % 0.0, batch)),
            (Texts{"nan", "NULL", "nan", "nan", "nan"}));
  EXPECT_EQ(RunExpression(Call("integer_divide", {Col("x"), Lit(0.0)}), batch),
            (Texts{"NULL", "NULL", "NULL", "NULL", "NULL"}));
  EXPECT_EQ(RunExpression(Call("integer_divide", {Col("x"), Lit(2)}), batch),
            (Texts{"0.25", "NULL", "1", "-0.75", "0"}));
  EXPECT_EQ(RunConstant(Call("integer_divide", {Lit(7.5), Lit(2)})), "3.75");
  EXPECT_EQ(RunConstant(Lit(-7.5) % Lit(2)), "-1.5");
  // DECIMAL // gives DOUBLE (3.75); DECIMAL % by zero is NULL.
  const Batch decimals =
      MakeBatch({{"d", expr_testing::FixedColumn<__int128>(DataType::Decimal(4, 1), {75, 15})},
                 {"z", expr_testing::FixedColumn<__int128>(DataType::Decimal(4, 1), {20, 0})}});
  EXPECT_EQ(RunExpression(Call("integer_divide", {Col("d"), Col("z")}), decimals),
            (Texts{"3.75", "NULL"}));
  EXPECT_EQ(RunExpression(Col("d") % Col("z"), decimals), (Texts{"1.5", "NULL"}));
  EXPECT_EQ(RunExpression(Col("d") / Col("z"), decimals), (Texts{"3.75", "inf"}));
}

TEST(EvaluateTest, MinimumDividedByMinusOneOverflows) {
  // DuckDB: "Overflow in division of -9223372036854775808 / -1", for % as for //; 5 % -1 = 0.
  EXPECT_EQ(ErrorOf([] { RunConstant(Lit(int64_t{INT64_MIN}) % -1); }),
            "integer overflow in (-9223372036854775808 % -1)");
  EXPECT_EQ(ErrorOf([] {
              RunConstant(Call("integer_divide", {Lit(int64_t{INT64_MIN}), Lit(-1)}));
            }),
            "integer overflow in (-9223372036854775808 // -1)");
  const Batch small = MakeBatch({{"t", Int32s({INT32_MIN, 5, -5})}});
  EXPECT_EQ(ErrorOf([&] { RunExpression(Col("t") % -1, small); }), "integer overflow in (t % -1)");
  const Batch fine = MakeBatch({{"t", Int32s({5, -5})}});
  EXPECT_EQ(RunExpression(Col("t") % -1, fine), (Texts{"0", "0"}));
  EXPECT_EQ(ErrorOf([] { RunConstant(-Lit(int64_t{INT64_MIN})); }),
            "integer overflow in (--9223372036854775808)");
}

TEST(EvaluateTest, NaNIsTheGreatestValueAndEqualsItself) {
  // DuckDB 1.5.6: NaN = NaN, NaN > inf, 1 < NaN, -0.0 = 0.0, also through BETWEEN and IN.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const Batch batch = MakeBatch({{"a", Doubles({nan, nan, nan, -0.0, 1, std::nullopt})},
                                 {"b", Doubles({1, nan, inf, 0.0, nan, nan})}});
  EXPECT_EQ(RunExpression(Col("a") == Col("b"), batch),
            (Texts{"false", "true", "false", "true", "false", "NULL"}));
  EXPECT_EQ(RunExpression(Col("a") != Col("b"), batch),
            (Texts{"true", "false", "true", "false", "true", "NULL"}));
  EXPECT_EQ(RunExpression(Col("a") < Col("b"), batch),
            (Texts{"false", "false", "false", "false", "true", "NULL"}));
  EXPECT_EQ(RunExpression(Col("a") <= Col("b"), batch),
            (Texts{"false", "true", "false", "true", "true", "NULL"}));
  EXPECT_EQ(RunExpression(Col("a") > Col("b"), batch),
            (Texts{"true", "false", "true", "false", "false", "NULL"}));
  EXPECT_EQ(RunExpression(Col("a") >= Col("b"), batch),
            (Texts{"true", "true", "true", "true", "false", "NULL"}));
  EXPECT_EQ(RunExpression(Between(Col("a"), Col("b"), Col("b")), batch),
            (Texts{"false", "true", "false", "true", "false", "NULL"}));
  EXPECT_EQ(RunExpression(In(Col("a"), {Col("b"), Lit(7.0)}), batch),
            (Texts{"false", "true", "false", "true", "false", "NULL"}));
  EXPECT_EQ(RunExpression(Call("greatest", {Col("a"), Col("b")}), batch),
            (Texts{"nan", "nan", "nan", "-0", "nan", "nan"}));
  EXPECT_EQ(RunExpression(Call("least", {Col("a"), Col("b")}), batch),
            (Texts{"1", "nan", "inf", "-0", "1", "nan"}));
  EXPECT_EQ(RunExpression(Call("nullif", {Col("a"), Col("b")}), batch),
            (Texts{"nan", "NULL", "nan", "NULL", "1", "NULL"}));
}

TEST(EvaluateTest, IntegerOverflowNamesTheExpression) {
  const Batch batch = MakeBatch({{"a", Ints({INT64_MAX, 1})}, {"b", Ints({2, 1})}});
  EXPECT_EQ(ErrorOf([&] { RunExpression(Col("a") * Col("b"), batch); }),
            "integer overflow in (a * b)");
  EXPECT_EQ(ErrorOf([&] { RunExpression(Col("a") + Col("b"), batch); }),
            "integer overflow in (a + b)");
  const Batch small = MakeBatch({{"t", Int32s({INT32_MAX})}});
  EXPECT_EQ(ErrorOf([&] { RunExpression(Col("t") + 1, small); }), "integer overflow in (t + 1)");
  // A NULL row's hidden value never overflows.
  const Batch with_null = MakeBatch({{"a", Ints({std::nullopt, 1})}});
  EXPECT_EQ(RunExpression(Col("a") * 2, with_null), (Texts{"NULL", "2"}));
}

TEST(EvaluateTest, ComparisonsOfEveryKind) {
  const Batch batch = Numbers();
  EXPECT_EQ(RunExpression(Col("a") < Col("b"), batch),
            (Texts{"true", "NULL", "NULL", "true", "false"}));
  EXPECT_EQ(RunExpression(Col("a") == Col("x"), batch),
            (Texts{"false", "NULL", "NULL", "false", "false"}));
  EXPECT_EQ(RunExpression(Col("s") >= "b", batch),
            (Texts{"false", "false", "NULL", "false", "true"}));
  EXPECT_EQ(RunExpression(Col("s") != Lit("apple"), batch),
            (Texts{"false", "true", "NULL", "true", "true"}));
  EXPECT_EQ(RunExpression(Col("i") <= Col("a"), batch),
            (Texts{"false", "false", "NULL", "NULL", "false"}));
}

TEST(EvaluateTest, ThreeValuedLogicTruthTables) {
  // Every pair of {true, false, NULL}.
  const Batch batch = MakeBatch(
      {{"p",
        Bools({true, true, true, false, false, false, std::nullopt, std::nullopt, std::nullopt})},
       {"q",
        Bools({true, false, std::nullopt, true, false, std::nullopt, true, false, std::nullopt})}});
  EXPECT_EQ(RunExpression(Col("p") && Col("q"), batch),
            (Texts{"true", "false", "NULL", "false", "false", "false", "NULL", "false", "NULL"}));
  EXPECT_EQ(RunExpression(Col("p") || Col("q"), batch),
            (Texts{"true", "true", "true", "true", "false", "NULL", "true", "NULL", "NULL"}));
  EXPECT_EQ(RunExpression(!Col("q"), batch),
            (Texts{"false", "true", "NULL", "false", "true", "NULL", "false", "true", "NULL"}));
  EXPECT_EQ(RunExpression(IsNull(Col("p")), batch),
            (Texts{"false", "false", "false", "false", "false", "false", "true", "true", "true"}));
  EXPECT_EQ(RunExpression(IsNotNull(Col("q")), batch),
            (Texts{"true", "true", "false", "true", "true", "false", "true", "true", "false"}));
  EXPECT_EQ(RunConstant(And(NullLit(), Lit(false))), "false");
  EXPECT_EQ(RunConstant(Or(NullLit(), Lit(false))), "NULL");
}

TEST(EvaluateTest, CaseAndCoalesce) {
  const Batch batch = Numbers();
  EXPECT_EQ(
      RunExpression(
          Case({{Col("a") > 1, Lit("big")}, {Col("a") < 0, Lit("negative")}}, Lit("other")), batch),
      (Texts{"other", "big", "other", "negative", "big"}));
  // No ELSE: NULL; a NULL condition does not match.
  EXPECT_EQ(RunExpression(Case({{Col("b") > 0, Col("a")}}), batch),
            (Texts{"1", "NULL", "NULL", "NULL", "NULL"}));
  // Branches of different numeric types unify (BIGINT and DOUBLE -> DOUBLE).
  EXPECT_EQ(RunExpression(Case({{Col("a") > 1, Col("a")}}, Col("x")), batch),
            (Texts{"0.5", "2", "2", "-1.5", "5"}));
  EXPECT_EQ(RunExpression(Coalesce({Col("b"), Col("a"), Lit(0)}), batch),
            (Texts{"10", "2", "3", "0", "-2"}));
  EXPECT_EQ(RunExpression(Coalesce({Col("s"), Lit("none")}), batch),
            (Texts{"apple", "Banana", "none", "", "cherry"}));
}

TEST(EvaluateTest, InAndBetween) {
  const Batch batch = Numbers();
  EXPECT_EQ(RunExpression(In(Col("a"), {Lit(1), Lit(5)}), batch),
            (Texts{"true", "false", "NULL", "false", "true"}));
  // x NOT IN (1, NULL) is never true (SQL).
  EXPECT_EQ(RunExpression(In(Col("a"), {Lit(1), NullLit()}, true), batch),
            (Texts{"false", "NULL", "NULL", "NULL", "NULL"}));
  EXPECT_EQ(RunExpression(In(Col("s"), {Lit("apple"), Lit("cherry")}), batch),
            (Texts{"true", "false", "NULL", "false", "true"}));
  EXPECT_EQ(RunExpression(Between(Col("a"), Lit(0), Col("b")), batch),
            (Texts{"true", "NULL", "NULL", "false", "false"}));
  EXPECT_EQ(RunExpression(Between(Col("x"), Lit(0), Lit(1), true), batch),
            (Texts{"false", "NULL", "true", "true", "false"}));
}

TEST(EvaluateTest, ConstantSubtreesFoldOnce) {
  const Batch batch = Numbers();
  const BoundExpression folded = Bind(Lit(2) * Lit(3) + 1, *batch.schema);
  ASSERT_TRUE(folded.is_constant());
  EXPECT_EQ(folded.constant().int_value(), 7);
  EXPECT_EQ(folded.type(), DataType::Int32());
  // Inside a larger tree the literal part folds, the column part stays.
  const BoundExpression mixed = Bind(Col("a") + (Lit(2) * Lit(3)), *batch.schema);
  EXPECT_FALSE(mixed.is_constant());
  EXPECT_EQ(mixed.root().children[1]->kind, BoundKind::kConstant);
  EXPECT_EQ(expr_testing::Values(Evaluate(mixed, batch)), (Texts{"7", "8", "NULL", "2", "11"}));
  // A failing constant is left for execution (a CASE might never reach it).
  const BoundExpression failing = Bind(Cast(Lit("abc"), DataType::Int64()), *batch.schema);
  EXPECT_FALSE(failing.is_constant());
  EXPECT_EQ(
      RunExpression(Case({{Lit(false), Cast(Lit("abc"), DataType::Int64())}}, Lit(int64_t{1})),
                    MakeBatch({{"a", Ints({1})}}))[0],
      "1");
}

TEST(EvaluateTest, StructFieldsByDottedPath) {
  const ColumnPtr variant = Strings({"red", std::nullopt, "blue"});
  const ColumnPtr size = Ints({1, 2, 3});
  const DataType type =
      DataType::Struct({Field{"variant", DataType::String()}, Field{"size", DataType::Int64()}});
  auto properties = std::make_shared<Column>(type, 3, 0, nullptr, nullptr, nullptr,
                                             std::vector<ColumnPtr>{variant, size});
  const Batch batch = MakeBatch({{"properties", properties}});
  EXPECT_EQ(RunExpression(Col("properties.variant") == "red", batch),
            (Texts{"true", "NULL", "false"}));
  EXPECT_EQ(RunExpression(Col("properties.size") * 10, batch), (Texts{"10", "20", "30"}));
}

}  // namespace
}  // namespace berserkr
