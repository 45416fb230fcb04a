// SelectBinder::BindWindows: every OVER call of SELECT, QUALIFY and ORDER BY becomes a function of
// a DataFrame::Window node; calls with the same PARTITION BY and ORDER BY share one node.

#include "sql/aggregate_calls.h"
#include "sql/ast_walk.h"
#include "sql/select_binder.h"

namespace berserkr::sql {

const WindowDefinition& SelectBinder::NamedWindow(const std::string& name,
                                                  SourcePosition position) const {
  for (const auto& [window_name, definition] : select_.windows) {
    if (window_name == name) return *definition;
  }
  throw SqlError("no window named '" + name + "' in the WINDOW clause", position);
}

void SelectBinder::BindWindows() {
  std::vector<const AstExpr*> calls;
  for (const SelectItem& item : select_.items) CollectWindowCalls(*item.expression, calls);
  if (select_.qualify) CollectWindowCalls(*select_.qualify, calls);
  for (const OrderItem& item : query_.order_by) CollectWindowCalls(*item.expression, calls);
  if (calls.empty()) return;

  struct Group {
    std::vector<Expr> partition_by;
    std::vector<SortSpec> order_by;
    std::vector<WindowSpec> functions;
    std::vector<const AstExpr*> calls;
  };
  std::vector<Group> groups;
  std::map<std::string, size_t> group_of;
  std::vector<NamedExpr> order_columns;  // ORDER BY expressions that are not plain columns
  std::map<std::string, std::string> order_column_of;
  const auto translate = [this](const AstExpr& node) { return Translate(node); };
  for (const AstExpr* call : calls) {
    // OVER (w ...) refines the named window w: its PARTITION BY, ORDER BY and frame unless given.
    WindowDefinition window = *call->window;
    if (!window.base_name.empty()) {
      const WindowDefinition& base = NamedWindow(window.base_name, window.position);
      if (window.partition_by.empty()) window.partition_by = base.partition_by;
      if (window.order_by.empty()) window.order_by = base.order_by;
      if (!window.frame) window.frame = base.frame;
    }
    for (const AstExprPtr& key : window.partition_by) {
      if (ContainsWindow(*key)) throw SqlError("window functions cannot nest", key->position);
    }
    Group group;
    std::string signature;
    for (const AstExprPtr& key : window.partition_by) {
      group.partition_by.push_back(Translate(*key));
      CheckBinds(group.partition_by.back(), relation_.frame, key->position);
      signature += group.partition_by.back()->ToString() + ",";
    }
    signature += "|";
    for (const OrderItem& item : window.order_by) {
      const Expr value = Translate(*item.expression);
      CheckBinds(value, relation_.frame, item.expression->position);
      std::string column;
      if (value->kind() == ExpressionKind::kColumn &&
          relation_.frame.schema().FieldIndex(value->name())) {
        column = value->name();
      } else {
        auto [found, inserted] = order_column_of.emplace(value->ToString(), "");
        if (inserted) {
          found->second = binder_.HiddenName("window_order");
          order_columns.push_back({found->second, value});
        }
        column = found->second;
      }
      const bool nulls_first = item.nulls_first.value_or(false);
      group.order_by.push_back({column, item.ascending, nulls_first});
      signature += column + (item.ascending ? " ASC" : " DESC") + (nulls_first ? " NF," : ",");
    }
    auto [found, inserted] = group_of.emplace(signature, groups.size());
    if (inserted) groups.push_back(std::move(group));
    Group& target = groups[found->second];
    const std::string column = binder_.HiddenName("window");
    target.functions.push_back(MakeWindowSpec(*call, window, translate).As(column));
    target.calls.push_back(call);
    computed_[call] = column;
  }
  if (!order_columns.empty()) {
    std::vector<NamedExpr> projection;
    for (const Field& field : relation_.frame.schema().fields()) {
      projection.push_back({field.name, Col(field.name)});
    }
    projection.insert(projection.end(), order_columns.begin(), order_columns.end());
    relation_.frame = relation_.frame.Select(projection);
  }
  for (const Group& group : groups) {
    relation_.frame = AtPosition(group.calls.front()->position, [&] {
      return relation_.frame.Window(group.partition_by, group.order_by, group.functions);
    });
  }
}

}  // namespace berserkr::sql
