// SqlSession: parses statements, binds queries, and carries out the statements that change the
// catalog or write files.

#include "berserkr/sql/session.h"

#include <cctype>

#include "berserkr/common/memory_pool.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/expr/bind.h"
#include "berserkr/formats/csv_writer.h"
#include "berserkr/formats/json_writer.h"
#include "berserkr/formats/parquet_writer.h"
#include "berserkr/plan/delta_table.h"
#include "sql/binder.h"
#include "sql/catalog.h"
#include "sql/parser.h"

namespace berserkr {
namespace {

using sql::Statement;

std::string Lower(std::string text) {
  for (char& character : text) character = static_cast<char>(std::tolower(character));
  return text;
}

Table MessageTable(const std::string& column, const std::vector<std::string>& lines) {
  std::vector<ColumnPtr> pieces;
  for (const std::string& line : lines) pieces.push_back(Scalar::String(line).ToColumn(1));
  auto schema = std::make_shared<Schema>(std::vector<Field>{{column, DataType::String(), true}});
  if (pieces.empty()) return Table(schema, {});
  Batch batch;
  batch.schema = schema;
  batch.columns = {ConcatenateColumns(pieces)};
  batch.num_rows = static_cast<int64_t>(lines.size());
  return Table(schema, {batch});
}

Table DescribeTable(const Schema& schema) {
  std::vector<ColumnPtr> names;
  std::vector<ColumnPtr> types;
  for (const Field& field : schema.fields()) {
    names.push_back(Scalar::String(field.name).ToColumn(1));
    types.push_back(Scalar::String(field.type.ToString()).ToColumn(1));
  }
  auto result_schema = std::make_shared<Schema>(std::vector<Field>{
      {"column_name", DataType::String(), true}, {"column_type", DataType::String(), true}});
  if (names.empty()) return Table(result_schema, {});
  Batch batch;
  batch.schema = result_schema;
  batch.columns = {ConcatenateColumns(names), ConcatenateColumns(types)};
  batch.num_rows = schema.num_fields();
  return Table(result_schema, {batch});
}

// An empty table of the given columns.
Table EmptyTable(const std::vector<std::pair<std::string, DataType>>& columns) {
  std::vector<Field> fields;
  for (const auto& [name, type] : columns) fields.push_back({name, type, true});
  return Table(std::make_shared<Schema>(fields), {});
}

class StatementRunner {
 public:
  explicit StatementRunner(sql::Catalog& catalog) : catalog_(catalog) {}

  SqlResult Run(const Statement& statement) {
    SqlResult result;
    result.statement = statement.text;
    switch (statement.kind) {
      case Statement::Kind::kQuery:
        result.has_rows = true;
        result.rows = Bind(*statement.query).Collect();
        return result;
      case Statement::Kind::kExplain:
        result.explain = true;
        result.message = Bind(*statement.query).Explain();
        return result;
      case Statement::Kind::kCreateView: {
        sql::CatalogEntry entry{statement.name, Bind(*statement.query), true, statement.text};
        Create(statement, std::move(entry));
        result.message = "created view " + statement.name;
        return result;
      }
      case Statement::Kind::kCreateTable: {
        Table table = Bind(*statement.query).Collect();
        const int64_t rows = table.num_rows();
        Create(statement, {statement.name, DataFrame::FromTable(std::move(table)), false, ""});
        result.message = "created table " + statement.name + " (" + std::to_string(rows) + " rows)";
        return result;
      }
      case Statement::Kind::kCreateTableColumns:
        Create(statement,
               {statement.name, DataFrame::FromTable(EmptyTable(statement.columns)), false, ""});
        result.message = "created table " + statement.name;
        return result;
      case Statement::Kind::kInsert:
        result.message = Insert(statement);
        return result;
      case Statement::Kind::kDrop: {
        const sql::CatalogEntry* entry = catalog_.Find(statement.name);
        if (entry == nullptr || entry->view != statement.drop_view) {
          if (statement.if_exists) return result;
          throw sql::SqlError(std::string("no ") + (statement.drop_view ? "view" : "table") +
                                  " named '" + statement.name + "'",
                              statement.position);
        }
        catalog_.Remove(statement.name);
        result.message =
            std::string("dropped ") + (statement.drop_view ? "view " : "table ") + statement.name;
        return result;
      }
      case Statement::Kind::kCopy:
        result.message = Copy(statement);
        return result;
      case Statement::Kind::kDescribe: {
        result.has_rows = true;
        if (statement.query) {
          result.rows = DescribeTable(Bind(*statement.query).schema());
        } else {
          result.rows = DescribeTable(Lookup(statement.name, statement.position).frame.schema());
        }
        return result;
      }
      case Statement::Kind::kSet:
        result.message = Set(statement);
        return result;
      case Statement::Kind::kShowTables: {
        result.has_rows = true;
        std::vector<std::string> names = catalog_.Names();
        result.rows = MessageTable("name", names);
        return result;
      }
    }
    throw sql::SqlError("unsupported statement", statement.position);
  }

 private:
  DataFrame Bind(const sql::QueryNode& query) {
    return sql::QueryBinder(catalog_).BindTopLevel(query);
  }

  const sql::CatalogEntry& Lookup(const std::string& name, sql::SourcePosition position) {
    const sql::CatalogEntry* entry = catalog_.Find(name);
    if (entry == nullptr) throw sql::SqlError("unknown table '" + name + "'", position);
    return *entry;
  }

  void Create(const Statement& statement, sql::CatalogEntry entry) {
    if (statement.if_not_exists && catalog_.Find(statement.name) != nullptr) return;
    try {
      catalog_.Put(std::move(entry), statement.or_replace);
    } catch (const InvalidInput& error) {
      throw sql::SqlError(error.what(), statement.position);
    }
  }

  std::string Insert(const Statement& statement) {
    const sql::CatalogEntry& entry = Lookup(statement.name, statement.position);
    if (entry.view) {
      throw sql::SqlError("cannot INSERT INTO the view '" + entry.name + "'", statement.position);
    }
    const DataFrame rows = Bind(*statement.query);
    const Schema& target = entry.frame.schema();
    if (rows.schema().num_fields() != target.num_fields()) {
      throw sql::SqlError("INSERT INTO " + entry.name + " needs " +
                              std::to_string(target.num_fields()) + " values a row, not " +
                              std::to_string(rows.schema().num_fields()),
                          statement.position);
    }
    // The new rows take the table's names and types.
    std::vector<NamedExpr> casts;
    for (int column = 0; column < target.num_fields(); ++column) {
      const Field& field = rows.schema().field(column);
      const DataType& type = target.field(column).type;
      casts.push_back({target.field(column).name,
                       field.type == type ? Col(field.name) : Cast(Col(field.name), type)});
    }
    const Table added =
        sql::AtPosition(statement.position, [&] { return rows.Select(casts).Collect(); });
    Table table = entry.frame.Collect();
    std::vector<Batch> batches = table.batches();
    for (Batch batch : added.batches()) {
      batch.schema = table.schema();
      batches.push_back(std::move(batch));
    }
    const std::string name = entry.name;
    catalog_.Put({name, DataFrame::FromTable(Table(table.schema(), std::move(batches))), false, ""},
                 true);
    return "inserted " + std::to_string(added.num_rows()) + " rows into " + name;
  }

  // SET threads = N (0: one per core) and SET memory_limit = '4GiB' / '70%', between statements.
  static std::string Set(const Statement& statement) {
    const std::string name = Lower(statement.name);
    if (name == "threads" || name == "worker_threads") {
      int threads = -1;
      try {
        threads = std::stoi(statement.value);
      } catch (const std::exception&) {
      }
      if (threads < 0) {
        throw sql::SqlError("SET threads takes a whole number (0: one per core)",
                            statement.position);
      }
      SetDefaultThreadCount(threads);
      return "threads = " + std::to_string(DefaultThreadPool().num_threads());
    }
    if (name == "memory_limit" || name == "max_memory") {
      const int64_t limit =
          sql::AtPosition(statement.position, [&] { return ParseMemorySize(statement.value); });
      DefaultMemoryPool().set_limit(limit);
      return "memory_limit = " + std::to_string(limit) + " bytes";
    }
    throw sql::SqlError(
        "unknown setting '" + statement.name + "'; there are threads and memory_limit",
        statement.position);
  }

  // COPY (query) | table TO 'file' (FORMAT csv | json | parquet, ...): DuckDB's options. The
  // answer streams to the file, which appears whole or not at all.
  std::string Copy(const Statement& statement) {
    const DataFrame frame =
        statement.query ? Bind(*statement.query) : Lookup(statement.name, statement.position).frame;
    std::string format;
    CsvWriteOptions csv;
    ParquetWriteOptions parquet;
    DeltaWriteOptions delta;
    for (const auto& [option, value] : statement.options) {
      if (option == "format") {
        format = Lower(value);
      } else if (option == "delimiter" || option == "delim" || option == "sep") {
        if (value.size() != 1) {
          throw sql::SqlError("COPY's DELIMITER takes one character", statement.position);
        }
        csv.delimiter = value[0];
      } else if (option == "header") {
        if (!value.empty() && Lower(value) != "true" && Lower(value) != "1") {
          throw sql::SqlError("COPY writes a header line; HEADER false is not supported yet",
                              statement.position);
        }
      } else if (option == "mode") {
        const std::string mode = Lower(value);
        if (mode != "append" && mode != "overwrite") {
          throw sql::SqlError("COPY's MODE (for FORMAT delta) is append or overwrite",
                              statement.position);
        }
        delta.mode = mode == "append" ? DeltaWriteMode::kAppend : DeltaWriteMode::kOverwrite;
      } else if (option == "partition_by") {
        delta.partition_by = SplitPartitionColumns(value);
      } else if (option == "compression" || option == "codec") {
        parquet.codec =
            sql::AtPosition(statement.position, [&] { return ParseParquetCodec(value); });
      } else if (option == "row_group_size") {
        parquet.row_group_rows = ParseCopyCount(value, option, statement.position);
      } else if (option == "compression_level") {
        parquet.compression_level =
            static_cast<int>(ParseCopyCount(value, option, statement.position));
      } else {
        throw sql::SqlError("COPY has no option '" + option +
                                "'; it has FORMAT csv | json | parquet | delta, DELIMITER, "
                                "HEADER, for Parquet and Delta COMPRESSION, COMPRESSION_LEVEL, "
                                "ROW_GROUP_SIZE, and for Delta MODE, PARTITION_BY",
                            statement.position);
      }
    }
    if (format.empty()) {
      const std::string path = Lower(statement.path);
      format = path.size() > 5 && (path.rfind(".json") == path.size() - 5 ||
                                   path.rfind(".jsonl") == path.size() - 6)
                   ? "json"
               : path.size() > 8 && path.rfind(".parquet") == path.size() - 8 ? "parquet"
                                                                              : "csv";
    }
    if (format == "parquet") {
      const ParquetWriteSummary written = frame.WriteParquet(statement.path, parquet);
      return "wrote " + std::to_string(written.rows) + " rows to " + statement.path;
    }
    if (format == "delta") {
      delta.parquet = parquet;
      const DeltaWriteResult written = sql::AtPosition(
          statement.position, [&] { return WriteDelta(frame, statement.path, delta); });
      return "wrote " + std::to_string(written.rows) + " rows to the Delta table " +
             statement.path + " (version " + std::to_string(written.version) + ")";
    }
    if (!delta.partition_by.empty() || delta.mode != DeltaWriteMode::kAppend) {
      throw sql::SqlError("MODE and PARTITION_BY are options of FORMAT delta", statement.position);
    }
    const Table table = frame.Collect();
    if (format == "csv") {
      WriteCsv(table, statement.path, csv);
    } else if (format == "json") {
      WriteJsonLines(table, statement.path);
    } else {
      throw sql::SqlError("COPY writes FORMAT csv, json, parquet or delta, not '" + format + "'",
                          statement.position);
    }
    return "wrote " + std::to_string(table.num_rows()) + " rows to " + statement.path;
  }

  // PARTITION_BY col or (a, b): the names, without parentheses or spaces.
  static std::vector<std::string> SplitPartitionColumns(const std::string& value) {
    std::vector<std::string> columns;
    std::string current;
    for (const char c : value + ",") {
      if (c == ',') {
        if (!current.empty()) columns.push_back(current);
        current.clear();
      } else if (c != '(' && c != ')' && c != ' ') {
        current += c;
      }
    }
    return columns;
  }

  static int64_t ParseCopyCount(const std::string& value, const std::string& option,
                                sql::SourcePosition position) {
    size_t used = 0;
    int64_t count = 0;
    try {
      count = std::stoll(value, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != value.size() || count <= 0) {
      throw sql::SqlError("COPY's " + option + " takes a positive number, not '" + value + "'",
                          position);
    }
    return count;
  }

  sql::Catalog& catalog_;
};

}  // namespace

SqlSession::SqlSession() : catalog_(std::make_unique<sql::Catalog>()) {}
SqlSession::~SqlSession() = default;
SqlSession::SqlSession(SqlSession&&) noexcept = default;
SqlSession& SqlSession::operator=(SqlSession&&) noexcept = default;

std::vector<SqlResult> SqlSession::Execute(const std::string& text) {
  std::vector<SqlResult> results;
  try {
    const std::vector<Statement> statements = sql::ParseStatements(text);
    StatementRunner runner(*catalog_);
    for (const Statement& statement : statements) results.push_back(runner.Run(statement));
  } catch (const sql::SqlError& error) {
    throw InvalidInput(sql::FormatSqlError(error.what(), text, error.position()));
  }
  return results;
}

DataFrame SqlSession::Query(const std::string& text) {
  try {
    const std::vector<Statement> statements = sql::ParseStatements(text);
    if (statements.size() != 1 || statements[0].kind != Statement::Kind::kQuery) {
      throw InvalidInput(
          "Query takes exactly one query (SELECT, WITH, VALUES or FROM ...); use "
          "Execute for other statements");
    }
    return sql::QueryBinder(*catalog_).BindTopLevel(*statements[0].query);
  } catch (const sql::SqlError& error) {
    throw InvalidInput(sql::FormatSqlError(error.what(), text, error.position()));
  }
}

void SqlSession::RegisterTable(const std::string& name, Table table) {
  catalog_->Put({name, DataFrame::FromTable(std::move(table)), false, ""}, true);
}

void SqlSession::RegisterView(const std::string& name, DataFrame frame) {
  catalog_->Put({name, std::move(frame), true, ""}, true);
}

std::vector<std::string> SqlSession::TableNames() const { return catalog_->Names(); }

std::optional<Schema> SqlSession::TableSchema(const std::string& name) const {
  const sql::CatalogEntry* entry = catalog_->Find(name);
  if (entry == nullptr) return std::nullopt;
  return entry->frame.schema();
}

std::string SqlSession::ViewDefinition(const std::string& name) const {
  const sql::CatalogEntry* entry = catalog_->Find(name);
  return entry == nullptr ? "" : entry->definition;
}

}  // namespace berserkr
