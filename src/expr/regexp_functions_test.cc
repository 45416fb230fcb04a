// Regular expression functions. Expected values come from DuckDB 1.5.6 (the error texts are ours).

#include <gtest/gtest.h>

#include "berserkr/common/error.h"
#include "expr/expression_testing_internal.h"

namespace berserkr {
namespace {

using expr_testing::ErrorOf;
using expr_testing::Ints;
using expr_testing::MakeBatch;
using expr_testing::RunConstant;
using expr_testing::RunExpression;
using expr_testing::Strings;
using Texts = std::vector<std::string>;

TEST(RegexpTest, MatchesIsPartialFullMatchIsWhole) {
  const Batch batch = MakeBatch({{"s", Strings({"abc", std::nullopt, "ABC", "a\nb", "héllo"})}});
  EXPECT_EQ(RunExpression(Call("regexp_matches", {Col("s"), Lit("b")}), batch),
            (Texts{"true", "NULL", "false", "true", "false"}));
  EXPECT_EQ(RunExpression(Call("regexp_matches", {Col("s"), Lit("B"), Lit("i")}), batch),
            (Texts{"true", "NULL", "true", "true", "false"}));
  EXPECT_EQ(RunExpression(Call("regexp_full_match", {Col("s"), Lit("a.c")}), batch),
            (Texts{"true", "NULL", "false", "false", "false"}));
  EXPECT_EQ(RunExpression(Call("regexp_full_match", {Col("s"), Lit("a.c"), Lit("i")}), batch),
            (Texts{"true", "NULL", "true", "false", "false"}));
  // '.' matches one UTF-8 code point, and no newline unless 's'.
  EXPECT_EQ(RunExpression(Call("regexp_matches", {Col("s"), Lit("^h.llo$")}), batch)[4], "true");
  EXPECT_EQ(RunExpression(Call("regexp_matches", {Col("s"), Lit("a.b")}), batch)[3], "false");
  EXPECT_EQ(RunExpression(Call("regexp_matches", {Col("s"), Lit("a.b"), Lit("s")}), batch)[3],
            "true");
  EXPECT_EQ(RunExpression(Call("regexp_matches", {Col("s"), Lit("a.b"), Lit("n")}), batch)[3],
            "false");
  EXPECT_EQ(RunConstant(Call("regexp_matches", {Lit("a.c"), Lit("a.c"), Lit("l")})), "true");
  EXPECT_EQ(RunConstant(Call("regexp_matches", {Lit("abc"), Lit("a.c"), Lit("l")})), "false");
  EXPECT_EQ(RunConstant(Call("regexp_matches", {Lit("ABC"), Lit("b"), Lit("ic")})), "false");
  EXPECT_EQ(RunConstant(Call("regexp_matches", {Lit("ABC"), Lit("b"), Lit("ci")})), "true");
  EXPECT_EQ(RunConstant(Call("regexp_matches", {Lit("abc"), Lit("b"), Lit(" i ")})), "true");
  EXPECT_EQ(RunConstant(Call("regexp_matches", {Lit("abc"), Lit("(?i)B")})), "true");
  EXPECT_EQ(RunConstant(Call("regexp_matches", {Lit("a"), Lit("\\p{L}")})), "true");
  EXPECT_EQ(RunConstant(Call("regexp_full_match", {Lit(""), Lit("")})), "true");
  EXPECT_EQ(RunConstant(Call("regexp_full_match", {Lit("ab"), Lit("a")})), "false");
}

TEST(RegexpTest, PatternColumnsAndNulls) {
  const Batch batch = MakeBatch({{"s", Strings({"abc", "abc", "abc", "xyz", std::nullopt})},
                                 {"p", Strings({"b", "b", std::nullopt, "^x", "a"})}});
  EXPECT_EQ(RunExpression(Call("regexp_matches", {Col("s"), Col("p")}), batch),
            (Texts{"true", "true", "NULL", "true", "NULL"}));
  EXPECT_EQ(RunExpression(Call("regexp_replace", {Col("s"), Col("p"), Lit("_")}), batch),
            (Texts{"a_c", "a_c", "NULL", "_yz", "NULL"}));
  EXPECT_EQ(RunExpression(Call("regexp_extract", {Col("s"), Col("p")}), batch),
            (Texts{"b", "b", "NULL", "x", "NULL"}));
  EXPECT_EQ(RunExpression(Call("regexp_matches", {Col("s"), NullLit()}), batch),
            (Texts{"NULL", "NULL", "NULL", "NULL", "NULL"}));
  EXPECT_EQ(RunConstant(Call("regexp_replace", {Lit("abc"), Lit("b"), NullLit()})), "NULL");
  EXPECT_EQ(RunConstant(Call("regexp_replace", {Lit("abc"), Lit("b"), Lit("x"), NullLit()})),
            "NULL");
  EXPECT_EQ(RunConstant(Call("regexp_extract", {NullLit(), Lit("b")})), "NULL");
  // A pattern column is compiled per row: a bad one fails when its row is reached.
  const Batch bad = MakeBatch({{"s", Strings({"abc", "abc"})}, {"p", Strings({"b", "("})}});
  EXPECT_EQ(ErrorOf([&] {
              RunExpression(Call("regexp_matches", {Col("s"), Col("p")}), bad);
            }),
            "invalid regular expression '(' in regexp_matches(s, p): missing ): (");
}

TEST(RegexpTest, Replace) {
  EXPECT_EQ(RunConstant(Call("regexp_replace", {Lit("aaa"), Lit("a"), Lit("b")})), "baa");
  EXPECT_EQ(RunConstant(Call("regexp_replace", {Lit("aaa"), Lit("a"), Lit("b"), Lit("g")})), "bbb");
  EXPECT_EQ(RunConstant(Call("regexp_replace", {Lit("aAa"), Lit("a"), Lit("b"), Lit("gi")})),
            "bbb");
  EXPECT_EQ(RunConstant(Call("regexp_replace", {Lit("abc"), Lit("B"), Lit("x"), Lit("i")})), "axc");
  EXPECT_EQ(RunConstant(Call("regexp_replace", {Lit("abc"), Lit("(b)"), Lit("[\\1\\0]")})),
            "a[bb]c");
  EXPECT_EQ(RunConstant(
                Call("regexp_replace", {Lit("hello world"), Lit("(\\w+) (\\w+)"), Lit("\\2 \\1")})),
            "world hello");
  EXPECT_EQ(
      RunConstant(Call("regexp_replace", {Lit("a1b22"), Lit("[0-9]+"), Lit("<\\0>"), Lit("g")})),
      "a<1>b<22>");
  EXPECT_EQ(RunConstant(Call("regexp_replace", {Lit("abc"), Lit(""), Lit("X"), Lit("g")})),
            "XaXbXcX");
  EXPECT_EQ(RunConstant(Call("regexp_replace", {Lit("abc"), Lit("x*"), Lit("-"), Lit("g")})),
            "-a-b-c-");
  // \\ is a backslash; a group the pattern lacks leaves the text as it is.
  EXPECT_EQ(RunConstant(Call("regexp_replace", {Lit("abc"), Lit("(b)"), Lit("\\\\x")})), "a\\xc");
  EXPECT_EQ(RunConstant(Call("regexp_replace", {Lit("abc"), Lit("b"), Lit("\\5")})), "abc");
  const Batch batch = MakeBatch({{"r", Strings({"1", std::nullopt, "\\0\\0"})}});
  EXPECT_EQ(RunExpression(Call("regexp_replace", {Lit("abc"), Lit("b"), Col("r")}), batch),
            (Texts{"a1c", "NULL", "abbc"}));
}

TEST(RegexpTest, Extract) {
  EXPECT_EQ(RunConstant(Call("regexp_extract", {Lit("abc"), Lit("x")})), "");
  EXPECT_EQ(RunConstant(Call("regexp_extract", {Lit("abc"), Lit("b")})), "b");
  EXPECT_EQ(RunConstant(Call("regexp_extract", {Lit("abc"), Lit("(b)(c)"), Lit(2)})), "c");
  EXPECT_EQ(RunConstant(Call("regexp_extract", {Lit("abc"), Lit("b"), Lit(0)})), "b");
  EXPECT_EQ(RunConstant(Call("regexp_extract", {Lit("abc"), Lit("b"), Lit(1)})), "");
  EXPECT_EQ(RunConstant(Call("regexp_extract", {Lit("abc"), Lit("(b)(x)?"), Lit(2)})), "");
  EXPECT_EQ(RunConstant(Call("regexp_extract", {Lit("héllo"), Lit("h(.)"), Lit(1)})), "é");
  EXPECT_EQ(RunConstant(Call("regexp_extract", {Lit("abc"), Lit("b"), NullLit()})), "");
  const Batch batch = MakeBatch({{"s", Strings({"order 17", "none", std::nullopt, "7 of 9"})}});
  EXPECT_EQ(RunExpression(Call("regexp_extract", {Col("s"), Lit("([0-9]+)"), Lit(1)}), batch),
            (Texts{"17", "", "NULL", "7"}));
}

TEST(RegexpTest, Errors) {
  const Schema schema({Field{"s", DataType::String()}, Field{"g", DataType::Int64()}});
  EXPECT_EQ(ErrorOf([&] {
              Bind(Call("regexp_matches", {Col("s"), Lit("a(b")}), schema);
            }),
            "invalid regular expression 'a(b' in regexp_matches: missing ): a(b");
  EXPECT_EQ(
      ErrorOf([&] {
        Bind(Call("regexp_matches", {Col("s"), Lit("b"), Lit("x")}), schema);
      }),
      "regexp_matches: unknown regular expression option 'x' in 'x'; use i (case-insensitive), c, "
      "l (literal), s, m, n, p");
  EXPECT_EQ(ErrorOf([&] {
              Bind(Call("regexp_matches", {Col("s"), Lit("b"), Lit("g")}), schema);
            }),
            "regexp_matches: option 'g' (replace every match) is only valid for regexp_replace");
  EXPECT_EQ(ErrorOf([&] {
              Bind(Call("regexp_full_match", {Col("s"), Lit("b"), NullLit()}), schema);
            }),
            "regexp_full_match: the options argument must not be NULL");
  EXPECT_EQ(ErrorOf([&] {
              Bind(Call("regexp_matches", {Col("s"), Lit("b"), Col("s")}), schema);
            }),
            "regexp_matches: the options argument must be a constant such as 'i', not a column");
  EXPECT_EQ(ErrorOf([&] {
              Bind(Call("regexp_extract", {Col("s"), Lit("b"), Lit(10)}), schema);
            }),
            "regexp_extract: group 10 is out of range; use a group between 0 and 9");
  EXPECT_EQ(ErrorOf([&] {
              Bind(Call("regexp_extract", {Col("s"), Lit("b"), Col("g")}), schema);
            }),
            "regexp_extract: the group argument must be a constant, not a column");
  EXPECT_THROW(Bind(Call("regexp_matches", {Col("s"), Lit(1)}), schema), InvalidInput);
}

}  // namespace
}  // namespace berserkr
