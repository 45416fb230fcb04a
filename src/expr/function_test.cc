#include <gtest/gtest.h>

#include "berserkr/common/error.h"
#include "expr/expression_testing_internal.h"

namespace berserkr {
namespace {

using expr_testing::Doubles;
using expr_testing::ErrorOf;
using expr_testing::Ints;
using expr_testing::MakeBatch;
using expr_testing::RunConstant;
using expr_testing::RunExpression;
using expr_testing::Strings;
using Texts = std::vector<std::string>;

TEST(FunctionTest, Math) {
  const Batch batch = MakeBatch(
      {{"x", Doubles({2.5, -2.5, std::nullopt, 1.2345})}, {"a", Ints({-3, 4, 5, std::nullopt})}});
  EXPECT_EQ(RunExpression(Call("abs", {Col("a")}), batch), (Texts{"3", "4", "5", "NULL"}));
  EXPECT_EQ(RunExpression(Call("round", {Col("x")}), batch), (Texts{"3", "-3", "NULL", "1"}));
  EXPECT_EQ(RunExpression(Call("round", {Col("x"), Lit(2)}), batch),
            (Texts{"2.5", "-2.5", "NULL", "1.23"}));
  EXPECT_EQ(RunExpression(Call("floor", {Col("x")}), batch), (Texts{"2", "-3", "NULL", "1"}));
  EXPECT_EQ(RunExpression(Call("ceil", {Col("x")}), batch), (Texts{"3", "-2", "NULL", "2"}));
  EXPECT_EQ(RunConstant(Call("pow", {Lit(2), Lit(10)})), "1024");
  EXPECT_EQ(RunConstant(Call("sqrt", {Lit(16)})), "4");
  EXPECT_EQ(RunConstant(Call("ln", {Call("exp", {Lit(1.0)})})), "1");
  EXPECT_EQ(RunConstant(Call("log10", {Lit(1000)})), "3");
  EXPECT_EQ(RunExpression(Call("greatest", {Col("a"), Col("x"), Lit(0)}), batch),
            (Texts{"2.5", "4", "5", "1.2345"}));
  EXPECT_EQ(RunExpression(Call("least", {Col("a"), Lit(4)}), batch), (Texts{"-3", "4", "4", "4"}));
  const Batch zero = MakeBatch({{"z", Doubles({0.0})}});
  EXPECT_EQ(ErrorOf([&] { RunExpression(Call("ln", {Col("z")}), zero); }),
            "cannot take the logarithm of zero or a negative number in ln(z)");
  const Batch minimum = MakeBatch({{"m", Ints({INT64_MIN})}});
  EXPECT_EQ(ErrorOf([&] { RunExpression(Call("abs", {Col("m")}), minimum); }),
            "integer overflow in abs(m)");
}

TEST(FunctionTest, Strings) {
  const Batch batch =
      MakeBatch({{"s", Strings({"  Héllo World ", std::nullopt, "a,b,,c", "100%_x"})}});
  EXPECT_EQ(RunExpression(Call("length", {Col("s")}), batch), (Texts{"14", "NULL", "6", "6"}));
  EXPECT_EQ(RunExpression(Call("upper", {Col("s")}), batch),
            (Texts{"  HéLLO WORLD ", "NULL", "A,B,,C", "100%_X"}));
  EXPECT_EQ(RunExpression(Call("trim", {Col("s")}), batch),
            (Texts{"Héllo World", "NULL", "a,b,,c", "100%_x"}));
  EXPECT_EQ(RunExpression(Call("ltrim", {Col("s")}), batch)[0], "Héllo World ");
  EXPECT_EQ(RunExpression(Call("rtrim", {Col("s")}), batch)[0], "  Héllo World");
  EXPECT_EQ(RunExpression(Call("substr", {Col("s"), Lit(3), Lit(5)}), batch),
            (Texts{"Héllo", "NULL", "b,,c", "0%_x"}));
  EXPECT_EQ(RunConstant(Call("substr", {Lit("hello"), Lit(0), Lit(2)})), "h");
  EXPECT_EQ(RunConstant(Call("substr", {Lit("hello"), Lit(-3)})), "llo");
  EXPECT_EQ(RunConstant(Call("substr", {Lit("hello"), Lit(-3), Lit(2)})), "ll");
  EXPECT_EQ(RunExpression(Call("split_part", {Col("s"), Lit(","), Lit(4)}), batch),
            (Texts{"", "NULL", "c", ""}));
  EXPECT_EQ(RunConstant(Call("split_part", {Lit("a,b,c"), Lit(","), Lit(-1)})), "c");
  EXPECT_EQ(RunExpression(Call("replace", {Col("s"), Lit(","), Lit(";")}), batch)[2], "a;b;;c");
  EXPECT_EQ(RunExpression(Call("contains", {Col("s"), Lit("World")}), batch),
            (Texts{"true", "NULL", "false", "false"}));
  EXPECT_EQ(RunExpression(Call("starts_with", {Col("s"), Lit("a,")}), batch),
            (Texts{"false", "NULL", "true", "false"}));
  EXPECT_EQ(RunExpression(Call("like", {Col("s"), Lit("%World_")}), batch),
            (Texts{"true", "NULL", "false", "false"}));
  EXPECT_EQ(RunExpression(Call("like", {Col("s"), Lit("100\\%\\_%")}), batch),
            (Texts{"false", "NULL", "false", "true"}));
  EXPECT_EQ(RunExpression(Call("ilike", {Col("s"), Lit("%h_llo%")}), batch),
            (Texts{"true", "NULL", "false", "false"}));
  EXPECT_EQ(RunExpression(Call("concat", {Col("s"), Lit("!"), NullLit()}), batch),
            (Texts{"  Héllo World !", "!", "a,b,,c!", "100%_x!"}));
  EXPECT_EQ(RunExpression(Call("||", {Col("s"), Lit("!")}), batch)[1], "NULL");
  EXPECT_THROW(Bind(Call("date_trunc", {Lit("month"), Lit("2024-01-01")}), Schema()), InvalidInput);
}

}  // namespace
}  // namespace berserkr
