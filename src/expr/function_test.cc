#include <gtest/gtest.h>

#include <limits>

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
  // No default escape character (DuckDB): the backslashes are literal unless ESCAPE names them.
  EXPECT_EQ(RunExpression(Call("like", {Col("s"), Lit("100\\%\\_%")}), batch),
            (Texts{"false", "NULL", "false", "false"}));
  EXPECT_EQ(RunExpression(Call("like", {Col("s"), Lit("100\\%\\_%"), Lit("\\")}), batch),
            (Texts{"false", "NULL", "false", "true"}));
  EXPECT_EQ(RunExpression(Call("ilike", {Col("s"), Lit("%h_llo%")}), batch),
            (Texts{"true", "NULL", "false", "false"}));
  EXPECT_EQ(RunExpression(Call("concat", {Col("s"), Lit("!"), NullLit()}), batch),
            (Texts{"  Héllo World !", "!", "a,b,,c!", "100%_x!"}));
  EXPECT_EQ(RunExpression(Call("||", {Col("s"), Lit("!")}), batch)[1], "NULL");
  EXPECT_THROW(Bind(Call("date_trunc", {Lit("month"), Lit("2024-01-01")}), Schema()), InvalidInput);
}

// Expected values from DuckDB 1.5.6.
TEST(FunctionTest, MoreMath) {
  EXPECT_EQ(RunConstant(Call("log2", {Lit(8)})), "3");
  EXPECT_EQ(RunConstant(Call("log", {Lit(100)})), "2");
  EXPECT_EQ(RunConstant(Call("log", {Lit(2), Lit(8)})), "3");
  EXPECT_EQ(ErrorOf([] { RunConstant(Call("log2", {Lit(0)})); }),
            "cannot take the logarithm of zero or a negative number in log2(0)");
  EXPECT_EQ(ErrorOf([] {
              RunConstant(Call("log", {Lit(1), Lit(8)}));
            }),
            "cannot take a logarithm to base 1 (division by zero) in log(1, 8)");
  EXPECT_EQ(ErrorOf([] {
              RunConstant(Call("log", {Lit(-2), Lit(8)}));
            }),
            "cannot take the logarithm of zero or a negative number in log(-2, 8)");
  const Batch batch = MakeBatch({{"x", Doubles({-2.5, 0.0, 3.0, std::nullopt, -0.0,
                                                std::numeric_limits<double>::quiet_NaN()})}});
  const ExprPtr sign = Call("sign", {Col("x")});
  EXPECT_EQ(Bind(sign, *batch.schema).type(), DataType::Int8());
  EXPECT_EQ(RunExpression(sign, batch), (Texts{"-1", "0", "1", "NULL", "0", "0"}));
  EXPECT_EQ(RunConstant(Call("sign", {Lit(int64_t{-7})})), "-1");
}

TEST(FunctionTest, NullIfAndIfNull) {
  const Batch batch = MakeBatch({{"a", Ints({1, 2, std::nullopt, 4})},
                                 {"b", Ints({1, 3, 5, std::nullopt})},
                                 {"s", Strings({"a", "b", std::nullopt, ""})}});
  EXPECT_EQ(RunExpression(Call("nullif", {Col("a"), Col("b")}), batch),
            (Texts{"NULL", "2", "NULL", "4"}));
  EXPECT_EQ(RunExpression(Call("nullif", {Col("s"), Lit("a")}), batch),
            (Texts{"NULL", "b", "NULL", ""}));
  // a's type, compared in the common type (DuckDB: typeof(nullif(1, 2.5)) = INTEGER).
  const ExprPtr mixed = Call("nullif", {Lit(1), Lit(2.5)});
  EXPECT_EQ(Bind(mixed, Schema()).type(), DataType::Int32());
  EXPECT_EQ(RunConstant(mixed), "1");
  EXPECT_EQ(RunConstant(Call("nullif", {Lit(2), Lit(2.0)})), "NULL");
  EXPECT_EQ(RunConstant(Call("nullif", {NullLit(), Lit(1)})), "NULL");
  EXPECT_EQ(RunExpression(Call("ifnull", {Col("a"), Col("b")}), batch),
            (Texts{"1", "2", "5", "4"}));
  EXPECT_EQ(RunExpression(Call("ifnull", {Col("s"), Lit("?")}), batch), (Texts{"a", "b", "?", ""}));
  EXPECT_EQ(RunConstant(Call("ifnull", {NullLit(), NullLit()})), "NULL");
  EXPECT_EQ(Bind(Call("ifnull", {Lit(1), Lit(int64_t{2})}), Schema()).type(), DataType::Int64());
}

TEST(FunctionTest, MoreStrings) {
  const Batch batch = MakeBatch({{"s", Strings({"héllo", std::nullopt, "abc", ""})}});
  EXPECT_EQ(RunExpression(Call("ends_with", {Col("s"), Lit("lo")}), batch),
            (Texts{"true", "NULL", "false", "false"}));
  EXPECT_EQ(RunConstant(Call("suffix", {Lit("abc"), Lit("c")})), "true");
  EXPECT_EQ(RunConstant(Call("prefix", {Lit("abc"), Lit("a")})), "true");
  EXPECT_EQ(RunExpression(Call("strpos", {Col("s"), Lit("l")}), batch),
            (Texts{"3", "NULL", "0", "0"}));
  EXPECT_EQ(RunConstant(Call("strpos", {Lit("abc"), Lit("")})), "1");
  EXPECT_EQ(RunConstant(Call("instr", {Lit("abc"), Lit("b")})), "2");
  EXPECT_EQ(RunExpression(Call("left", {Col("s"), Lit(2)}), batch),
            (Texts{"hé", "NULL", "ab", ""}));
  EXPECT_EQ(RunExpression(Call("right", {Col("s"), Lit(2)}), batch),
            (Texts{"lo", "NULL", "bc", ""}));
  EXPECT_EQ(RunConstant(Call("left", {Lit("abc"), Lit(-1)})), "ab");
  EXPECT_EQ(RunConstant(Call("right", {Lit("abc"), Lit(-1)})), "bc");
  EXPECT_EQ(RunConstant(Call("left", {Lit("abc"), Lit(10)})), "abc");
  EXPECT_EQ(RunConstant(Call("right", {Lit("abc"), Lit(10)})), "abc");
  EXPECT_EQ(RunExpression(Call("reverse", {Col("s")}), batch), (Texts{"olléh", "NULL", "cba", ""}));
  EXPECT_EQ(RunConstant(Call("lpad", {Lit("abc"), Lit(5), Lit("xy")})), "xyabc");
  EXPECT_EQ(RunConstant(Call("lpad", {Lit("abcdef"), Lit(3), Lit("x")})), "abc");
  EXPECT_EQ(RunConstant(Call("rpad", {Lit("abc"), Lit(6), Lit("xy")})), "abcxyx");
  EXPECT_EQ(RunConstant(Call("lpad", {Lit("héllo"), Lit(7), Lit("é")})), "ééhéllo");
  EXPECT_EQ(RunConstant(Call("lpad", {Lit("abc"), Lit(-1), Lit("x")})), "");
  EXPECT_EQ(ErrorOf([] {
              RunConstant(Call("lpad", {Lit("abc"), Lit(5), Lit("")}));
            }),
            "cannot pad 'abc' with an empty string in lpad('abc', 5, '')");
  EXPECT_THROW(RunConstant(Call("rpad", {Lit("a"), Lit(int64_t{1} << 40), Lit("x")})),
               InvalidInput);
  EXPECT_EQ(RunConstant(Call("repeat", {Lit("ab"), Lit(3)})), "ababab");
  EXPECT_EQ(RunConstant(Call("repeat", {Lit("ab"), Lit(-1)})), "");
  EXPECT_THROW(RunConstant(Call("repeat", {Lit("ab"), Lit(int64_t{1} << 40)})), InvalidInput);
  EXPECT_EQ(RunConstant(Call("lcase", {Lit("AbC")})), "abc");
  EXPECT_EQ(RunConstant(Call("ucase", {Lit("AbC")})), "ABC");
}

}  // namespace
}  // namespace berserkr

namespace berserkr {
namespace {

// Answers of DuckDB 1.5.6.
TEST(FunctionTest, EdgeCasesFollowDuckDB) {
  using expr_testing::Doubles;
  using expr_testing::RunConstant;
  using expr_testing::RunExpression;
  using expr_testing::Strings;
  using Texts = std::vector<std::string>;
  // round keeps a value whose scaling overflows; scale inf with negative digits gives 0.
  const double inf = std::numeric_limits<double>::infinity();
  const Batch numbers = expr_testing::MakeBatch(
      {{"x", Doubles({1.7976931348623157e308, -1.7976931348623157e308, inf, 123.456, -125, 1e-320,
                      std::numeric_limits<double>::quiet_NaN()})}});
  EXPECT_EQ(RunExpression(Call("round", {Col("x"), Lit(1)}), numbers),
            (Texts{"1.7976931348623157e+308", "-1.7976931348623157e+308", "inf", "123.5", "-125",
                   "0", "nan"}));
  EXPECT_EQ(
      RunExpression(Call("round", {Col("x"), Lit(-1)}), numbers),
      (Texts{"1.7976931348623157e+308", "-1.7976931348623157e+308", "0", "120", "-130", "0", "0"}));
  EXPECT_EQ(RunExpression(Call("round", {Col("x"), Lit(400)}), numbers)[5], "1e-320");
  EXPECT_EQ(RunExpression(Call("round", {Col("x"), Lit(-400)}), numbers)[4], "0");
  // split_part with an empty separator: code points.
  const Batch texts = expr_testing::MakeBatch({{"s", Strings({"abc", "", "ñé"})}});
  EXPECT_EQ(RunExpression(Call("split_part", {Col("s"), Lit(""), Lit(2)}), texts),
            (Texts{"b", "", "é"}));
  EXPECT_EQ(RunExpression(Call("split_part", {Col("s"), Lit(""), Lit(-1)}), texts),
            (Texts{"c", "", "é"}));
  EXPECT_EQ(RunExpression(Call("split_part", {Col("s"), Lit(""), Lit(4)}), texts),
            (Texts{"", "", ""}));
  EXPECT_EQ(RunExpression(Call("split_part", {Col("s"), Lit(""), Lit(0)}), texts),
            (Texts{"", "", ""}));
  // LIKE has no default escape: '\%' is a backslash then anything.
  const Batch likes = expr_testing::MakeBatch({{"s", Strings({"%", "\\x", "a", "\\"})}});
  EXPECT_EQ(RunExpression(Call("like", {Col("s"), Lit("\\%")}), likes),
            (Texts{"false", "true", "false", "true"}));
  EXPECT_EQ(RunExpression(Call("like", {Col("s"), Lit("\\%"), Lit("\\")}), likes),
            (Texts{"true", "false", "false", "false"}));
  EXPECT_EQ(RunConstant(Call("like_escape", {Lit("a%"), Lit("a!%"), Lit("!")})), "true");
  EXPECT_EQ(RunConstant(Call("like_escape", {Lit("ab"), Lit("a!%"), Lit("!")})), "false");
  EXPECT_EQ(RunConstant(Call("ilike_escape", {Lit("A%"), Lit("a!%"), Lit("!")})), "true");
  EXPECT_EQ(RunConstant(Call("like_escape", {Lit("a!"), Lit("a!!"), Lit("!")})), "true");
  EXPECT_EQ(RunConstant(Call("like_escape", {Lit("a"), Lit("a"), Lit("")})), "true");
  EXPECT_EQ(RunConstant(Call("like_escape", {Lit("a"), Lit("a\\"), Lit("\\")})), "false");
  EXPECT_NE(expr_testing::ErrorOf([] {
              RunConstant(Call("like_escape", {Lit("a"), Lit("a"), Lit("ab")}));
            }).find("escape"),
            std::string::npos);
  // trim removes Unicode space separators (U+00A0, U+3000, U+2003, U+1680), not tab or newline.
  const Batch spaces = expr_testing::MakeBatch(
      {{"s",
        Strings({"\u00A0a\u00A0", "\u3000a", "\ta", "\na", "\u2003a ", "\u1680a", "\u200Ba"})}});
  EXPECT_EQ(RunExpression(Call("trim", {Col("s")}), spaces),
            (Texts{"a", "a", "\ta", "\na", "a", "a", "\u200Ba"}));
  EXPECT_EQ(RunExpression(Call("ltrim", {Col("s")}), spaces)[0], "a\u00A0");
  EXPECT_EQ(RunExpression(Call("rtrim", {Col("s")}), spaces)[0], "\u00A0a");
}

}  // namespace
}  // namespace berserkr
