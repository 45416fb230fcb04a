// Queries: WITH, SELECT and its clauses, set operations (INTERSECT binds tighter than UNION and
// EXCEPT, as in the SQL standard), VALUES, ORDER BY, LIMIT / OFFSET and window definitions.

#include "sql/parser_internal.h"

namespace berserkr::sql {
namespace {

int64_t ParseFrameOffset(const Token& token) {
  if (token.kind != TokenKind::kInteger) {
    throw SqlError("a frame offset must be a whole number of rows", token.position);
  }
  try {
    return std::stoll(token.text);
  } catch (const std::exception&) {
    throw SqlError("frame offset " + token.text + " is too large", token.position);
  }
}

}  // namespace

QueryPtr Parser::ParseQuery() {
  const SourcePosition position = Peek().position;
  std::vector<CommonTableExpression> ctes;
  if (AcceptKeyword("WITH")) {
    if (AcceptKeyword("RECURSIVE")) Fail("WITH RECURSIVE is not supported yet");
    do {
      CommonTableExpression cte;
      cte.position = Peek().position;
      cte.name = ExpectName("a name for the WITH query");
      if (AcceptOperator("(")) {
        do {
          cte.column_aliases.push_back(ExpectName("a column name"));
        } while (AcceptOperator(","));
        ExpectOperator(")");
      }
      ExpectKeyword("AS");
      if (AcceptKeyword("NOT")) ExpectKeyword("MATERIALIZED");
      AcceptKeyword("MATERIALIZED");
      ExpectOperator("(");
      cte.query = ParseQuery();
      ExpectOperator(")");
      ctes.push_back(std::move(cte));
    } while (AcceptOperator(","));
  }
  // INTERSECT binds tighter than UNION and EXCEPT.
  auto parse_intersections = [&]() {
    QueryPtr left = ParseSetOperand();
    while (Peek().IsKeyword("INTERSECT")) {
      auto node = std::make_shared<QueryNode>();
      node->position = Advance().position;
      node->kind = QueryNode::Kind::kSetOperation;
      node->set_operation = SetOperation::kIntersect;
      node->all = AcceptKeyword("ALL");
      if (!node->all) AcceptKeyword("DISTINCT");
      node->left = left;
      node->right = ParseSetOperand();
      left = node;
    }
    return left;
  };
  QueryPtr tree = parse_intersections();
  while (Peek().IsKeyword("UNION") || Peek().IsKeyword("EXCEPT")) {
    auto node = std::make_shared<QueryNode>();
    node->kind = QueryNode::Kind::kSetOperation;
    node->set_operation = Peek().IsKeyword("UNION") ? SetOperation::kUnion : SetOperation::kExcept;
    node->position = Advance().position;
    node->all = AcceptKeyword("ALL");
    if (!node->all) AcceptKeyword("DISTINCT");
    node->left = tree;
    node->right = parse_intersections();
    tree = node;
  }
  std::vector<OrderItem> order_by;
  AstExprPtr limit;
  AstExprPtr offset;
  if (AcceptKeyword("ORDER")) {
    ExpectKeyword("BY");
    order_by = ParseOrderList();
  }
  for (int clause = 0; clause < 2; ++clause) {
    if (!limit && AcceptKeyword("LIMIT")) {
      limit = ParseExpression();
      if (AcceptOperator(",")) {  // LIMIT offset, count (MySQL, also DuckDB)
        offset = limit;
        limit = ParseExpression();
      }
    } else if (!offset && AcceptKeyword("OFFSET")) {
      offset = ParseExpression();
      if (!AcceptKeyword("ROWS")) AcceptKeyword("ROW");
    }
  }
  if (ctes.empty() && order_by.empty() && !limit && !offset) return tree;
  // The clauses apply to the whole tree: hang them on a copy of its root.
  auto node = std::make_shared<QueryNode>(*tree);
  node->position = position;
  node->ctes.insert(node->ctes.begin(), ctes.begin(), ctes.end());
  if (!order_by.empty() || limit || offset) {
    if (!node->order_by.empty() || node->limit || node->offset) {
      // A parenthesized operand already has its own: wrap it as a subquery.
      auto outer = std::make_shared<QueryNode>();
      outer->position = position;
      outer->ctes = std::move(node->ctes);
      node->ctes.clear();
      auto ref = std::make_shared<TableRef>();
      ref->kind = TableRef::Kind::kSubquery;
      ref->subquery = node;
      ref->position = position;
      auto star = std::make_shared<AstExpr>();
      star->kind = AstExprKind::kStar;
      star->position = position;
      star->text = "*";
      outer->select.items.push_back({star, ""});
      outer->select.from = ref;
      node = outer;
    }
    node->order_by = std::move(order_by);
    node->limit = limit;
    node->offset = offset;
  }
  return node;
}

QueryPtr Parser::ParseSetOperand() {
  if (AcceptOperator("(")) {
    QueryPtr inner = ParseQuery();
    ExpectOperator(")");
    return inner;
  }
  if (Peek().IsKeyword("VALUES")) {
    auto node = std::make_shared<QueryNode>();
    node->kind = QueryNode::Kind::kValues;
    node->position = Advance().position;
    node->values = ParseValuesRows();
    return node;
  }
  return ParseSelect();
}

std::vector<std::vector<AstExprPtr>> Parser::ParseValuesRows() {
  std::vector<std::vector<AstExprPtr>> rows;
  do {
    ExpectOperator("(");
    std::vector<AstExprPtr> row;
    do {
      row.push_back(ParseExpression());
    } while (AcceptOperator(","));
    ExpectOperator(")");
    rows.push_back(std::move(row));
  } while (AcceptOperator(","));
  return rows;
}

QueryPtr Parser::ParseSelect() {
  auto node = std::make_shared<QueryNode>();
  node->kind = QueryNode::Kind::kSelect;
  node->position = Peek().position;
  SelectNode& select = node->select;
  const bool from_first = Peek().IsKeyword("FROM");  // DuckDB's FROM t [SELECT ...]
  if (from_first) {
    Advance();
    select.from = ParseFrom();
  }
  if (AcceptKeyword("SELECT")) {
    if (AcceptKeyword("DISTINCT")) {
      select.distinct = true;
      if (AcceptKeyword("ON")) {
        ExpectOperator("(");
        do {
          select.distinct_on.push_back(ParseExpression());
        } while (AcceptOperator(","));
        ExpectOperator(")");
      }
    } else {
      AcceptKeyword("ALL");
    }
    do {
      SelectItem item;
      item.expression = ParseExpression();
      if (AcceptKeyword("AS")) {
        item.alias = ExpectName("a column alias");
      } else if (PeekIsName()) {
        item.alias = Advance().text;
      }
      select.items.push_back(std::move(item));
    } while (AcceptOperator(","));
  } else if (from_first) {
    auto star = std::make_shared<AstExpr>();
    star->kind = AstExprKind::kStar;
    star->position = node->position;
    star->text = "*";
    select.items.push_back({star, ""});
  } else {
    Fail("expected SELECT");
  }
  if (!from_first && AcceptKeyword("FROM")) select.from = ParseFrom();
  if (AcceptKeyword("WHERE")) select.where = ParseExpression();
  if (AcceptKeyword("GROUP")) {
    ExpectKeyword("BY");
    if (AcceptKeyword("ALL")) {
      select.group_by_all = true;
    } else {
      ParseGroupBy(select);
    }
  }
  if (AcceptKeyword("HAVING")) select.having = ParseExpression();
  if (AcceptKeyword("WINDOW")) {
    do {
      std::string name = ExpectName("a window name");
      ExpectKeyword("AS");
      ExpectOperator("(");
      select.windows.emplace_back(std::move(name), ParseWindowBody());
    } while (AcceptOperator(","));
  }
  if (AcceptKeyword("QUALIFY")) select.qualify = ParseExpression();
  return node;
}

// GROUP BY items: expressions, ROLLUP (a, b), CUBE (a, b), GROUPING SETS ((a, b), a, ()). With
// any of the last three, the key lists are the cross product of every item's lists.
void Parser::ParseGroupBy(SelectNode& select) {
  using KeyList = std::vector<AstExprPtr>;
  std::vector<KeyList> sets = {{}};
  bool grouping = false;
  auto cross = [&](const std::vector<KeyList>& item_sets) {
    std::vector<KeyList> product;
    for (const KeyList& left : sets) {
      for (const KeyList& right : item_sets) {
        KeyList combined = left;
        combined.insert(combined.end(), right.begin(), right.end());
        product.push_back(std::move(combined));
      }
    }
    sets = std::move(product);
  };
  auto parse_key_list = [&]() {  // (a, b) or () or a single expression
    KeyList keys;
    if (AcceptOperator("(")) {
      if (!Peek().IsOperator(")")) {
        do {
          keys.push_back(ParseExpression());
        } while (AcceptOperator(","));
      }
      ExpectOperator(")");
    } else {
      keys.push_back(ParseExpression());
    }
    return keys;
  };
  do {
    if (Peek().IsKeyword("GROUPING") && Peek(1).IsKeyword("SETS")) {
      Advance();
      Advance();
      ExpectOperator("(");
      std::vector<KeyList> item_sets;
      do {
        item_sets.push_back(parse_key_list());
      } while (AcceptOperator(","));
      ExpectOperator(")");
      cross(item_sets);
      grouping = true;
      continue;
    }
    if ((Peek().IsKeyword("ROLLUP") || Peek().IsKeyword("CUBE")) && Peek(1).IsOperator("(")) {
      const bool rollup = Advance().IsKeyword("ROLLUP");
      const KeyList keys = parse_key_list();
      std::vector<KeyList> item_sets;
      if (rollup) {  // (a, b), (a), ()
        for (size_t count = keys.size() + 1; count-- > 0;) {
          item_sets.emplace_back(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(count));
        }
      } else {  // every subset, larger first
        if (keys.size() > 12) Fail("CUBE takes at most 12 keys");
        for (size_t mask = (size_t{1} << keys.size()); mask-- > 0;) {
          KeyList subset;
          for (size_t key = 0; key < keys.size(); ++key) {
            if ((mask >> (keys.size() - 1 - key)) & 1) subset.push_back(keys[key]);
          }
          item_sets.push_back(std::move(subset));
        }
      }
      cross(item_sets);
      grouping = true;
      continue;
    }
    AstExprPtr key = ParseExpression();
    select.group_by.push_back(key);
    cross({{key}});
  } while (AcceptOperator(","));
  if (grouping) {
    select.grouping_sets = std::move(sets);
    select.group_by.clear();
  }
}

std::vector<OrderItem> Parser::ParseOrderList() {
  std::vector<OrderItem> items;
  do {
    OrderItem item;
    item.expression = ParseExpression();
    if (AcceptKeyword("DESC")) {
      item.ascending = false;
    } else {
      AcceptKeyword("ASC");
    }
    if (AcceptKeyword("NULLS")) {
      if (AcceptKeyword("FIRST")) {
        item.nulls_first = true;
      } else {
        ExpectKeyword("LAST");
        item.nulls_first = false;
      }
    }
    items.push_back(std::move(item));
  } while (AcceptOperator(","));
  return items;
}

std::shared_ptr<WindowDefinition> Parser::ParseWindowBody() {
  auto window = std::make_shared<WindowDefinition>();
  window->position = Peek().position;
  if (PeekIsName() && !Peek().IsKeyword("PARTITION") && !Peek().IsKeyword("ROWS") &&
      !Peek().IsKeyword("RANGE") && !Peek().IsKeyword("GROUPS")) {
    window->base_name = Advance().text;
  }
  if (AcceptKeyword("PARTITION")) {
    ExpectKeyword("BY");
    do {
      window->partition_by.push_back(ParseExpression());
    } while (AcceptOperator(","));
  }
  if (AcceptKeyword("ORDER")) {
    ExpectKeyword("BY");
    window->order_by = ParseOrderList();
  }
  if (Peek().IsKeyword("ROWS") || Peek().IsKeyword("RANGE") || Peek().IsKeyword("GROUPS")) {
    if (Peek().IsKeyword("GROUPS")) Fail("GROUPS frames are not supported yet");
    FrameClause frame;
    frame.rows = Advance().IsKeyword("ROWS");
    if (AcceptKeyword("BETWEEN")) {
      frame.start = ParseFrameBound();
      ExpectKeyword("AND");
      frame.end = ParseFrameBound();
    } else {
      frame.start = ParseFrameBound();
      frame.end = FrameBound{};  // CURRENT ROW
    }
    window->frame = frame;
  }
  ExpectOperator(")");
  return window;
}

FrameBound Parser::ParseFrameBound() {
  FrameBound bound;
  if (AcceptKeyword("UNBOUNDED")) {
    if (AcceptKeyword("PRECEDING")) {
      bound.kind = FrameBound::Kind::kUnboundedPreceding;
    } else {
      ExpectKeyword("FOLLOWING");
      bound.kind = FrameBound::Kind::kUnboundedFollowing;
    }
    return bound;
  }
  if (AcceptKeyword("CURRENT")) {
    ExpectKeyword("ROW");
    bound.kind = FrameBound::Kind::kCurrentRow;
    return bound;
  }
  bound.offset = ParseFrameOffset(Peek());
  Advance();
  if (AcceptKeyword("PRECEDING")) {
    bound.kind = FrameBound::Kind::kPreceding;
  } else {
    ExpectKeyword("FOLLOWING");
    bound.kind = FrameBound::Kind::kFollowing;
  }
  return bound;
}

}  // namespace berserkr::sql
