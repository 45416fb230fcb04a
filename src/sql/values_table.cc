// VALUES (...), (...): constant rows as an in-memory table, each column in the type its values
// share (DuckDB's rules: 1 and 2.5 meet as DECIMAL, a NULL takes the others' type).

#include "berserkr/expr/bind.h"
#include "expr/function_registry_internal.h"
#include "sql/aggregate_calls.h"
#include "sql/binder.h"

namespace berserkr::sql {

Table ValuesTable(QueryBinder& binder, const std::vector<std::vector<AstExprPtr>>& rows) {
  std::vector<ScopeColumn> none;
  const Scope scope(&none, nullptr);
  const size_t width = rows.at(0).size();
  std::vector<std::vector<Scalar>> cells(width);
  for (const std::vector<AstExprPtr>& row : rows) {
    if (row.size() != width) {
      throw SqlError("every VALUES row needs " + std::to_string(width) + " values, not " +
                         std::to_string(row.size()),
                     row.front()->position);
    }
    for (size_t column = 0; column < width; ++column) {
      const Expr value = ExpressionBinder(binder, scope).Translate(*row[column]);
      const std::optional<Scalar> constant = ConstantValue(value);
      if (!constant) {
        // Bind again for the error it gives (a type error), or say what is wrong.
        AtPosition(row[column]->position, [&] { return Bind(value, Schema()); });
        throw SqlError("VALUES takes constant expressions", row[column]->position);
      }
      cells[column].push_back(*constant);
    }
  }
  std::vector<Field> fields;
  std::vector<ColumnPtr> columns;
  for (size_t column = 0; column < width; ++column) {
    DataType type = DataType::Null();
    for (size_t row = 0; row < rows.size(); ++row) {
      const Scalar& cell = cells[column][row];
      const bool text = cell.type().id() == TypeId::kString;
      const std::optional<DataType> common = expr::CommonType(type, cell.type(), false, text);
      if (!common) {
        throw SqlError("VALUES column " + std::to_string(column + 1) + " mixes " + type.ToString() +
                           " and " + cell.type().ToString(),
                       rows[row][column]->position);
      }
      type = *common;
    }
    if (type.id() == TypeId::kNull) type = DataType::Int32();
    std::vector<ColumnPtr> pieces;
    for (size_t row = 0; row < rows.size(); ++row) {
      const Scalar& cell = cells[column][row];
      const Scalar typed =
          cell.type() == type ? cell : AtPosition(rows[row][column]->position, [&] {
                                         return Bind(Cast(Lit(cell), type), Schema());
                                       }).constant();
      pieces.push_back(typed.is_null() ? Scalar::Null(type).ToColumn(1) : typed.ToColumn(1));
    }
    fields.push_back({"col" + std::to_string(column), type, true});
    columns.push_back(ConcatenateColumns(pieces));
  }
  auto schema = std::make_shared<Schema>(fields);
  Batch batch;
  batch.schema = schema;
  batch.columns = std::move(columns);
  batch.num_rows = static_cast<int64_t>(rows.size());
  return Table(schema, {batch});
}

}  // namespace berserkr::sql
