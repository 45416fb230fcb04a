#include "sql/scope.h"

#include <algorithm>
#include <cctype>

#include "expr/edit_distance_internal.h"
#include "sql/sql_error.h"

namespace berserkr::sql {
namespace {

std::string Joined(const std::vector<std::string>& names, size_t from) {
  std::string text;
  for (size_t index = from; index < names.size(); ++index) {
    text += (text.empty() ? "" : ".") + names[index];
  }
  return text;
}

// Col of the frame column, or of a struct path below it.
Expr ColumnExpression(const ScopeColumn& column, const std::vector<std::string>& names,
                      size_t first_field) {
  const std::string fields = Joined(names, first_field);
  return Col(fields.empty() ? column.frame_name : column.frame_name + "." + fields);
}

}  // namespace

bool SameNameWithoutCase(const std::string& left, const std::string& right) {
  return left.size() == right.size() &&
         std::equal(left.begin(), left.end(), right.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) ==
                  std::tolower(static_cast<unsigned char>(b));
         });
}

std::optional<Expr> Scope::ResolveHere(const std::vector<std::string>& names,
                                       SourcePosition position) const {
  // Two passes: exact spelling, then without case (SQL names are case-insensitive; data files
  // keep theirs, so an exact match wins).
  for (const bool exact : {true, false}) {
    auto same = [exact](const std::string& left, const std::string& right) {
      return exact ? left == right : SameNameWithoutCase(left, right);
    };
    std::vector<const ScopeColumn*> matches;
    size_t first_field = 1;
    if (names.size() >= 2) {
      for (const ScopeColumn& column : *columns_) {
        if (!column.qualifier.empty() && same(column.qualifier, names[0]) &&
            same(column.name, names[1])) {
          matches.push_back(&column);
        }
      }
      first_field = 2;
    }
    if (matches.empty()) {
      first_field = 1;
      for (const ScopeColumn& column : *columns_) {
        if (!column.hidden && same(column.name, names[0]) &&
            (names.size() == 1 || column.is_struct)) {
          matches.push_back(&column);
        }
      }
    }
    if (matches.size() > 1) {
      std::string options;
      for (const ScopeColumn* match : matches) {
        options += (options.empty() ? "" : ", ") +
                   (match->qualifier.empty() ? match->name : match->qualifier + "." + match->name);
      }
      throw SqlError("the column name '" + Joined(names, 0) + "' is ambiguous: it could be " +
                         options + "; qualify it with the table name",
                     position);
    }
    if (matches.size() == 1) return ColumnExpression(*matches[0], names, first_field);
  }
  return std::nullopt;
}

std::optional<Scope::Resolved> Scope::TryResolve(const std::vector<std::string>& names,
                                                 SourcePosition position) const {
  int depth = 0;
  for (const Scope* scope = this; scope != nullptr; scope = scope->outer_, ++depth) {
    if (auto expression = scope->ResolveHere(names, position)) {
      return Resolved{*expression, depth};
    }
  }
  return std::nullopt;
}

Scope::Resolved Scope::Resolve(const std::vector<std::string>& names,
                               SourcePosition position) const {
  if (auto resolved = TryResolve(names, position)) return *resolved;
  const std::string wanted = Joined(names, 0);
  std::vector<std::string> candidates;
  for (const ScopeColumn& column : *columns_) {
    if (column.hidden) continue;
    if (std::find(candidates.begin(), candidates.end(), column.name) == candidates.end()) {
      candidates.push_back(column.name);
    }
  }
  const std::string& last = names.back();
  const std::string* best = nullptr;
  size_t best_distance = 0;
  for (const std::string& candidate : candidates) {
    const size_t distance = expr::EditDistance(last, candidate);
    if (best == nullptr || distance < best_distance) {
      best = &candidate;
      best_distance = distance;
    }
  }
  std::string hint;
  if (best != nullptr && best_distance <= std::max<size_t>(2, last.size() / 3)) {
    hint = "; did you mean '" + *best + "'?";
  } else {
    std::string list;
    for (const std::string& candidate : candidates) list += (list.empty() ? "" : ", ") + candidate;
    hint = "; the columns are: " + (list.empty() ? std::string("(none)") : list);
  }
  throw SqlError("unknown column '" + wanted + "'" + hint, position);
}

}  // namespace berserkr::sql
