// FROM: names (CTEs, then the catalog), files, table functions, subqueries, VALUES and joins.
// Join keys come from ON's equalities between the two sides (a hash join); the rest of ON filters
// the joined rows (inner joins) or the side whose rows may go (outer, semi and anti joins).

#include <set>

#include "berserkr/expr/bind.h"
#include "expr/edit_distance_internal.h"
#include "sql/ast_walk.h"
#include "sql/binder.h"

namespace berserkr::sql {
namespace {

JoinType EngineJoinType(JoinKind kind) {
  switch (kind) {
    case JoinKind::kInner:
    case JoinKind::kCross:
      return JoinType::kInner;
    case JoinKind::kLeft:
      return JoinType::kLeft;
    case JoinKind::kRight:
      return JoinType::kRight;
    case JoinKind::kFull:
      return JoinType::kFull;
    case JoinKind::kSemi:
      return JoinType::kSemi;
    case JoinKind::kAnti:
      return JoinType::kAnti;
  }
  return JoinType::kInner;
}

Relation FromBoundQuery(const BoundQuery& bound, const std::string& qualifier) {
  Relation relation{bound.frame, {}};
  for (size_t column = 0; column < bound.names.size(); ++column) {
    const Field& field = bound.frame.schema().field(static_cast<int>(column));
    relation.columns.push_back(
        {qualifier, bound.names[column], field.name, false, field.type.id() == TypeId::kStruct});
  }
  return relation;
}

Relation FromFrame(const DataFrame& frame, const std::string& qualifier) {
  Relation relation{frame, {}};
  for (const Field& field : frame.schema().fields()) {
    relation.columns.push_back(
        {qualifier, field.name, field.name, false, field.type.id() == TypeId::kStruct});
  }
  return relation;
}

// 'data/sales.csv.gz' is known as "sales" when it has no alias.
std::string FileQualifier(const std::string& path) {
  std::string name = path.substr(path.find_last_of('/') + 1);
  const size_t dot = name.find('.');
  return dot == std::string::npos ? name : name.substr(0, dot);
}

// Bit 1: reads the left side; bit 2: the right side; bit 4: neither (outer or unknown names).
int Sides(const AstExpr& node, const Scope& left, const Scope& right) {
  int sides = 0;
  if (node.kind == AstExprKind::kColumn) {
    const bool in_left = left.TryResolve(node.names, node.position).has_value();
    const bool in_right = right.TryResolve(node.names, node.position).has_value();
    if (in_left && in_right && node.names.size() == 1) {
      throw SqlError("the column name '" + node.text +
                         "' is ambiguous: both sides of the join have it; qualify it",
                     node.position);
    }
    sides |= in_left ? 1 : in_right ? 2 : 4;
  }
  if (node.kind == AstExprKind::kSubquery || node.kind == AstExprKind::kInQuery ||
      node.kind == AstExprKind::kExists) {
    sides |= 4;
  }
  for (const AstExprPtr& child : node.children) {
    if (child) sides |= Sides(*child, left, right);
  }
  if (node.case_operand) sides |= Sides(*node.case_operand, left, right);
  return sides;
}

// `conjunct` as (left side, right side) when it is an equality between the two sides.
std::optional<std::pair<const AstExpr*, const AstExpr*>> KeyEquality(const AstExpr& conjunct,
                                                                     const Scope& left,
                                                                     const Scope& right) {
  if (conjunct.kind != AstExprKind::kBinary || conjunct.op != "=") return std::nullopt;
  const int left_sides = Sides(*conjunct.children[0], left, right);
  const int right_sides = Sides(*conjunct.children[1], left, right);
  if (left_sides == 1 && right_sides == 2) {
    return std::make_pair(conjunct.children[0].get(), conjunct.children[1].get());
  }
  if (left_sides == 2 && right_sides == 1) {
    return std::make_pair(conjunct.children[1].get(), conjunct.children[0].get());
  }
  return std::nullopt;
}

Relation BindJoin(QueryBinder& binder, const TableRef& ref, const Scope* outer,
                  std::vector<AstExprPtr>* where) {
  // WHERE conditions reach joins below only through inner and cross joins.
  std::vector<AstExprPtr>* inner_where =
      ref.join == JoinKind::kCross || ref.join == JoinKind::kInner ? where : nullptr;
  Relation left = BindTableRef(binder, *ref.left, outer, inner_where);
  Relation right = BindTableRef(binder, *ref.right, outer, inner_where);
  const Scope left_scope(&left.columns, nullptr);
  const Scope right_scope(&right.columns, nullptr);
  const JoinType type = EngineJoinType(ref.join);
  std::vector<Expr> left_keys;
  std::vector<Expr> right_keys;
  if (ref.join == JoinKind::kCross && where != nullptr) {
    for (auto conjunct = where->begin(); conjunct != where->end();) {
      const auto equality = KeyEquality(**conjunct, left_scope, right_scope);
      if (!equality) {
        ++conjunct;
        continue;
      }
      left_keys.push_back(ExpressionBinder(binder, left_scope).Translate(*equality->first));
      right_keys.push_back(ExpressionBinder(binder, right_scope).Translate(*equality->second));
      conjunct = where->erase(conjunct);
    }
  }
  std::vector<AstExprPtr> residual;                              // conditions on the joined rows
  std::vector<std::pair<std::string, std::string>> using_pairs;  // USING: left, right frame names
  std::vector<std::string> using_columns = ref.using_columns;
  if (ref.natural) {
    for (const ScopeColumn& column : left.columns) {
      if (column.hidden) continue;
      for (const ScopeColumn& other : right.columns) {
        if (!other.hidden && SameNameWithoutCase(column.name, other.name)) {
          using_columns.push_back(column.name);
          break;
        }
      }
    }
    if (using_columns.empty()) {
      throw SqlError("NATURAL JOIN: the two sides have no column name in common", ref.position);
    }
  }
  if (!using_columns.empty()) {
    for (const std::string& name : using_columns) {
      const Expr left_key = left_scope.Resolve({name}, ref.position).expression;
      const Expr right_key = right_scope.Resolve({name}, ref.position).expression;
      left_keys.push_back(left_key);
      right_keys.push_back(right_key);
      using_pairs.emplace_back(left_key->name(), right_key->name());
    }
  } else if (ref.on) {
    std::vector<AstExprPtr> conjuncts;
    SplitConjuncts(ref.on, conjuncts);
    for (const AstExprPtr& conjunct : conjuncts) {
      if (const auto equality = KeyEquality(*conjunct, left_scope, right_scope)) {
        left_keys.push_back(ExpressionBinder(binder, left_scope).Translate(*equality->first));
        right_keys.push_back(ExpressionBinder(binder, right_scope).Translate(*equality->second));
        continue;
      }
      residual.push_back(conjunct);
    }
  }
  // Conditions that read only the side whose rows are all kept filter that side first.
  std::vector<AstExprPtr> after;
  for (const AstExprPtr& conjunct : residual) {
    const int sides = Sides(*conjunct, left_scope, right_scope);
    const bool right_only = sides == 2 || sides == 0;
    const bool left_only = sides == 1;
    const bool inner = type == JoinType::kInner;
    if (right_only &&
        (type == JoinType::kLeft || type == JoinType::kSemi || type == JoinType::kAnti || inner)) {
      const Expr predicate = ExpressionBinder(binder, right_scope).Translate(*conjunct);
      right.frame = AtPosition(conjunct->position, [&] { return right.frame.Filter(predicate); });
    } else if (left_only && (type == JoinType::kRight || inner)) {
      const Expr predicate = ExpressionBinder(binder, left_scope).Translate(*conjunct);
      left.frame = AtPosition(conjunct->position, [&] { return left.frame.Filter(predicate); });
    } else if (inner) {
      after.push_back(conjunct);
    } else {
      throw SqlError("this join condition is not supported yet for a " +
                         std::string(type == JoinType::kLeft    ? "LEFT"
                                     : type == JoinType::kRight ? "RIGHT"
                                     : type == JoinType::kFull  ? "FULL"
                                                                : "SEMI / ANTI") +
                         " JOIN: only equalities between the two sides and conditions on the "
                         "side whose unmatched rows are dropped are",
                     conjunct->position);
    }
  }
  if (left_keys.empty()) {
    // No equality to hash on (CROSS JOIN, or ON with other conditions only): every row meets
    // every row, through one constant key.
    const std::string key = binder.HiddenName("cross");
    left.frame = left.frame.WithColumn(key, Lit(true));
    right.frame = right.frame.WithColumn(key, Lit(true));
    left_keys.push_back(Col(key));
    right_keys.push_back(Col(key));
  }
  const int left_width = left.frame.schema().num_fields();
  Relation joined{
      AtPosition(ref.position,
                 [&] { return left.frame.Join(right.frame, left_keys, right_keys, type); }),
      {}};
  // The join names the left columns as they were and renames clashing right ones: read them back.
  const Schema& schema = joined.frame.schema();
  auto left_name = [&](const std::string& name) {
    return schema.field(*left.frame.schema().FieldIndex(name)).name;
  };
  auto right_name = [&](const std::string& name) {
    return schema.field(left_width + *right.frame.schema().FieldIndex(name)).name;
  };
  std::map<std::string, std::string> merged;  // USING: left frame name -> merged column
  if (!using_pairs.empty() && type != JoinType::kSemi && type != JoinType::kAnti) {
    for (const auto& [left_column, right_column] : using_pairs) {
      if (type == JoinType::kFull) {
        const std::string column = binder.HiddenName("using");
        joined.frame = joined.frame.WithColumn(
            column, Coalesce({Col(left_name(left_column)), Col(right_name(right_column))}));
        merged[left_column] = column;
      } else {
        merged[left_column] =
            type == JoinType::kRight ? right_name(right_column) : left_name(left_column);
      }
    }
  }
  for (const ScopeColumn& column : left.columns) {
    const auto found = merged.find(column.frame_name);
    ScopeColumn mapped = column;
    mapped.frame_name = left_name(column.frame_name);
    if (found != merged.end()) {
      // The USING key once, unqualified and in *; each side's copy only by its qualifier.
      joined.columns.push_back({"", column.name, found->second, false, column.is_struct});
      mapped.hidden = true;
    }
    joined.columns.push_back(mapped);
  }
  if (type != JoinType::kSemi && type != JoinType::kAnti) {
    std::set<std::string> right_using;
    for (const auto& pair : using_pairs) right_using.insert(pair.second);
    for (const ScopeColumn& column : right.columns) {
      ScopeColumn mapped = column;
      mapped.frame_name = right_name(column.frame_name);
      mapped.hidden = column.hidden || right_using.count(column.frame_name) != 0;
      joined.columns.push_back(mapped);
    }
  }
  if (!after.empty()) {
    const Scope scope(&joined.columns, outer);
    for (const AstExprPtr& conjunct : after) {
      const Expr predicate = ExpressionBinder(binder, scope).Translate(*conjunct);
      joined.frame = AtPosition(conjunct->position, [&] { return joined.frame.Filter(predicate); });
    }
  }
  return joined;
}

}  // namespace

Relation BindTableRef(QueryBinder& binder, const TableRef& ref, const Scope* outer,
                      std::vector<AstExprPtr>* where) {
  Relation relation{DataFrame::FromTable(Table()), {}};
  switch (ref.kind) {
    case TableRef::Kind::kName: {
      const std::string qualifier = ref.alias.empty() ? ref.name : ref.alias;
      if (const BoundQuery* cte = binder.FindCte(ref.name)) {
        relation = FromBoundQuery(*cte, qualifier);
      } else if (const CatalogEntry* entry = binder.catalog().Find(ref.name)) {
        relation = FromFrame(entry->frame, qualifier);
      } else {
        std::string hint;
        size_t best = 0;
        for (const std::string& name : binder.catalog().Names()) {
          const size_t distance = expr::EditDistance(ref.name, name);
          if (distance <= std::max<size_t>(2, ref.name.size() / 3) &&
              (hint.empty() || distance < best)) {
            hint = "; did you mean '" + name + "'?";
            best = distance;
          }
        }
        if (hint.empty()) {
          hint =
              "; read a file with FROM 'path.csv' or read_csv('path'), or create the table "
              "first";
        }
        throw SqlError("unknown table '" + ref.name + "'" + hint, ref.position);
      }
      break;
    }
    case TableRef::Kind::kFile:
      relation = FromFrame(ReadFileRelation(ref.name, ref.position),
                           ref.alias.empty() ? FileQualifier(ref.name) : ref.alias);
      break;
    case TableRef::Kind::kFunction:
      relation =
          FromFrame(TableFunctionRelation(binder, ref), ref.alias.empty() ? ref.name : ref.alias);
      break;
    case TableRef::Kind::kSubquery:
      relation = FromBoundQuery(binder.BindQuery(*ref.subquery, outer), ref.alias);
      break;
    case TableRef::Kind::kValues:
      relation = FromFrame(DataFrame::FromTable(ValuesTable(binder, ref.rows)),
                           ref.alias.empty() ? "valueslist" : ref.alias);
      break;
    case TableRef::Kind::kJoin:
      return BindJoin(binder, ref, outer, where);
  }
  if (ref.column_aliases.size() > relation.columns.size()) {
    throw SqlError(ref.alias + " names " + std::to_string(ref.column_aliases.size()) +
                       " columns but the table has " + std::to_string(relation.columns.size()),
                   ref.position);
  }
  for (size_t column = 0; column < ref.column_aliases.size(); ++column) {
    relation.columns[column].name = ref.column_aliases[column];
  }
  return relation;
}

}  // namespace berserkr::sql
