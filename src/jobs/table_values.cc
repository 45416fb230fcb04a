#include "jobs/table_values.h"

#include <cmath>

#include "berserkr/common/error.h"
#include "berserkr/expr/evaluate.h"
#include "berserkr/types/column_builder.h"

namespace berserkr {
namespace {

ColumnPtr ColumnNamed(const Table& table, const std::string& name) {
  const std::optional<int> index = table.schema()->FieldIndex(name);
  if (!index) throw InvalidInput("no column '" + name + "' in " + table.schema()->ToString());
  return table.CombinedColumn(*index);
}

}  // namespace

std::vector<std::string> StringValues(const Table& table, const std::string& name) {
  const ColumnPtr column = ColumnNamed(table, name);
  std::vector<std::string> values;
  for (int64_t row = 0; row < column->length(); ++row) {
    values.push_back(column->IsNull(row) ? std::string() : column->FormatValue(row));
  }
  return values;
}

std::vector<double> NumberValues(const Table& table, const std::string& name) {
  const ColumnPtr column = ColumnNamed(table, name);
  std::vector<double> values;
  for (int64_t row = 0; row < column->length(); ++row) {
    if (column->IsNull(row)) {
      values.push_back(std::nan(""));
      continue;
    }
    switch (column->type().id()) {
      case TypeId::kFloat64:
        values.push_back(column->ValuesAs<double>()[row]);
        break;
      case TypeId::kInt64:
        values.push_back(static_cast<double>(column->ValuesAs<int64_t>()[row]));
        break;
      case TypeId::kInt32:
        values.push_back(static_cast<double>(column->ValuesAs<int32_t>()[row]));
        break;
      default:
        throw InvalidInput("column '" + name + "' is " + column->type().ToString() +
                           ", not a number");
    }
  }
  return values;
}

ColumnPtr StringColumn(const std::vector<std::string>& values) {
  StringBuilder builder;
  for (const std::string& value : values) builder.Append(value);
  return builder.Finish();
}

ColumnPtr Int64Column(const std::vector<int64_t>& values) {
  FixedWidthBuilder<int64_t> builder(DataType::Int64());
  for (int64_t value : values) builder.Append(value);
  return builder.Finish();
}

ColumnPtr Float64Column(const std::vector<double>& values) {
  FixedWidthBuilder<double> builder(DataType::Float64());
  for (double value : values) std::isnan(value) ? builder.AppendNull() : builder.Append(value);
  return builder.Finish();
}

Table MakeTable(const std::vector<std::pair<std::string, ColumnPtr>>& columns) {
  std::vector<Field> fields;
  std::vector<ColumnPtr> data;
  for (const auto& [name, column] : columns) {
    fields.push_back({name, column->type(), true});
    data.push_back(column);
  }
  const int64_t rows = data.empty() ? 0 : data[0]->length();
  auto schema = std::make_shared<Schema>(std::move(fields));
  return Table(schema, {Batch{schema, std::move(data), rows}});
}

}  // namespace berserkr
