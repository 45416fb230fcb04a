// Transaction lines into the retail report's canonical columns: the --map of column names, the
// types each field must have, and errors that say which flag fixes a missing column.

#include <map>

#include "berserkr/common/error.h"
#include "berserkr/jobs/retail_report.h"
#include "berserkr/plan/data_frame.h"
#include "jobs/retail_internal.h"

namespace berserkr {
namespace {

// Each field of RetailColumnMap by its --map name.
std::vector<std::pair<const char*, std::string RetailColumnMap::*>> Fields() {
  return {{"invoice", &RetailColumnMap::invoice},
          {"stock_code", &RetailColumnMap::stock_code},
          {"description", &RetailColumnMap::description},
          {"quantity", &RetailColumnMap::quantity},
          {"invoice_date", &RetailColumnMap::invoice_date},
          {"unit_price", &RetailColumnMap::unit_price},
          {"customer", &RetailColumnMap::customer},
          {"country", &RetailColumnMap::country}};
}

std::string Trim(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

// The invoice date as a TIMESTAMP: as read when the CSV reader recognised it, else parsed from
// ISO (YYYY-MM-DD HH:MM[:SS]) or the UCI original's M/D/YYYY H:MM.
Expr InvoiceTimestamp(const std::string& column, const DataType& type) {
  if (type.id() == TypeId::kTimestamp && type.timezone().empty()) return Col(column);
  // Delta tables store timestamps as UTC instants: the report's wall-clock times are those, and
  // the cast keeps the instant while dropping the zone.
  if (type.id() == TypeId::kTimestamp || type.id() == TypeId::kDate) {
    return Cast(Col(column), DataType::Timestamp());
  }
  const Expr text = Call("trim", {Cast(Col(column), DataType::String())});
  return Coalesce({Call("try_strptime", {text, Lit("%Y-%m-%d %H:%M:%S")}),
                   Call("try_strptime", {text, Lit("%Y-%m-%d %H:%M")}),
                   Call("try_strptime", {text, Lit("%m/%d/%Y %H:%M")}),
                   Call("try_strptime", {text, Lit("%m/%d/%Y %H:%M:%S")})});
}

// Numeric customer ids (Online Retail writes 17850.0) become BIGINT; others stay text.
Expr CustomerId(const std::string& column, const DataType& type) {
  if (type.is_numeric()) return Cast(Col(column), DataType::Int64());
  return Call("trim", {Cast(Col(column), DataType::String())});
}

}  // namespace

void RetailColumnMap::Apply(const std::string& mapping) {
  size_t start = 0;
  while (start <= mapping.size()) {
    const size_t end = std::min(mapping.find(',', start), mapping.size());
    const std::string pair = Trim(mapping.substr(start, end - start));
    start = end + 1;
    if (pair.empty()) continue;
    const size_t equals = pair.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == pair.size()) {
      throw InvalidInput("--map: '" + pair + "' is not field=Column (e.g. customer=ClientId)");
    }
    const std::string field = Trim(pair.substr(0, equals));
    bool known = false;
    std::string names;
    for (const auto& [name, member] : Fields()) {
      names += std::string(names.empty() ? "" : ", ") + name;
      if (field == name) {
        this->*member = Trim(pair.substr(equals + 1));
        known = true;
      }
    }
    if (!known) throw InvalidInput("--map: unknown field '" + field + "' (fields: " + names + ")");
  }
}

namespace {

// Names every field of `columns` that `schema` lacks, with the --map flag that fixes it.
void CheckRetailColumns(const Schema& schema, const RetailColumnMap& columns) {
  std::string missing;
  for (const auto& [field, member] : Fields()) {
    const std::string& column = columns.*member;
    if (schema.FieldIndex(column)) continue;
    missing +=
        "\n  " + std::string(field) + ": no column '" + column + "' (--map " + field + "=<column>)";
  }
  if (missing.empty()) return;
  std::string present;
  for (const Field& field : schema.fields()) present += (present.empty() ? "" : ", ") + field.name;
  throw InvalidInput("the input lacks columns the retail report needs:" + missing +
                     "\nits columns: " + present);
}

}  // namespace

Table RetailLinesFromTable(const Table& raw, const RetailColumnMap& columns) {
  const Schema& schema = *raw.schema();
  CheckRetailColumns(schema, columns);
  const DataType date_type = schema.field(*schema.FieldIndex(columns.invoice_date)).type;
  const DataType customer_type = schema.field(*schema.FieldIndex(columns.customer)).type;
  auto text = [](const std::string& column) { return Cast(Col(column), DataType::String()); };
  const Table lines =
      DataFrame::FromTable(raw)
          .Select({{retail::kInvoice, text(columns.invoice)},
                   {retail::kStockCode, text(columns.stock_code)},
                   {retail::kDescription, text(columns.description)},
                   {retail::kQuantity, Cast(Col(columns.quantity), DataType::Int64())},
                   {retail::kInvoiceDate, InvoiceTimestamp(columns.invoice_date, date_type)},
                   {retail::kUnitPrice, Cast(Col(columns.unit_price), DataType::Float64())},
                   {retail::kCustomerId, CustomerId(columns.customer, customer_type)},
                   {retail::kCountry, text(columns.country)},
                   {"raw_date", text(columns.invoice_date)}})
          .Collect();
  // A date that none of the formats read is an error naming it, not a line silently dropped.
  const Table bad_dates =
      DataFrame::FromTable(lines)
          .Filter(IsNull(Col(retail::kInvoiceDate)) && IsNotNull(Col("raw_date")))
          .Limit(1)
          .Collect();
  if (bad_dates.num_rows() > 0) {
    throw InvalidInput("column '" + columns.invoice_date + "': cannot read '" +
                       bad_dates.CombinedColumn(bad_dates.num_columns() - 1)->FormatValue(0) +
                       "' as a date and time (expected YYYY-MM-DD HH:MM[:SS] or M/D/YYYY H:MM)");
  }
  std::vector<NamedExpr> canonical;
  for (const char* name : retail::kColumns) canonical.push_back({name, Col(name)});
  return DataFrame::FromTable(lines).Select(canonical).Collect();
}

Table LoadRetailLines(const std::vector<std::string>& sources, const RetailColumnMap& columns,
                      const CsvOptions& csv_options, ReadStats* stats) {
  // The header first, to name every missing column at once rather than fail on the first.
  CheckRetailColumns(*CsvScanner(sources, csv_options).file_schema(), columns);
  // Codes such as InvoiceNo 536365 look numeric until a "C536379" comes: read them as text.
  CsvOptions options = csv_options;
  for (const std::string* text :
       {&columns.invoice, &columns.stock_code, &columns.description, &columns.country}) {
    options.column_types.emplace(*text, DataType::String());
  }
  options.column_types.emplace(columns.quantity, DataType::Int64());
  options.column_types.emplace(columns.unit_price, DataType::Float64());
  return RetailLinesFromTable(ReadCsv(sources, options, stats), columns);
}

}  // namespace berserkr
