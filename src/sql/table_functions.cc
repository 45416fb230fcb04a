// Files and table functions in FROM: 'path' (by extension, else by content), read_csv,
// read_json, and named hooks for the readers being built elsewhere (Parquet, Delta, S3), which
// say so instead of pretending.

#include <cctype>

#include "berserkr/formats/detect_format.h"
#include "berserkr/io/file_listing.h"
#include "berserkr/lake/delta_log.h"
#include "berserkr/plan/delta_table.h"
#include "expr/edit_distance_internal.h"
#include "sql/aggregate_calls.h"
#include "sql/binder.h"

namespace berserkr::sql {
namespace {

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string Lower(std::string text) {
  for (char& character : text) character = static_cast<char>(std::tolower(character));
  return text;
}

// The name without a compression codec's extension.
std::string WithoutCodec(const std::string& path) {
  std::string name = Lower(path);
  for (const char* codec : {".gz", ".zst", ".zstd", ".bz2", ".lz4", ".lzo"}) {
    if (EndsWith(name, codec)) return name.substr(0, name.size() - std::string(codec).size());
  }
  return name;
}

[[noreturn]] void NotYet(const std::string& reader, SourcePosition position) {
  throw SqlError("not supported yet: " + reader +
                     " (CSV, JSON lines, Parquet and Delta tables work, locally "
                     "and on s3://)",
                 position);
}

void RejectUnbuiltSources(const std::string& path, SourcePosition position) {
  const std::string lower = Lower(path);
  if (lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0) {
    NotYet("http(s):// URLs", position);
  }
}

std::string DetectFormat(const std::string& path, SourcePosition position) {
  const std::string name = WithoutCodec(path);
  for (const char* json : {".json", ".jsonl", ".ndjson"}) {
    if (EndsWith(name, json)) return "json";
  }
  for (const char* csv : {".csv", ".tsv", ".txt", ".psv"}) {
    if (EndsWith(name, csv)) return "csv";
  }
  if (EndsWith(name, ".parquet")) return "parquet";
  const std::vector<std::string> files =
      AtPosition(position, [&] { return ExpandSources({path}); });
  for (const std::string& file : files) {
    if (file.find("/_delta_log/") != std::string::npos) {
      throw SqlError("'" + path + "' holds a Delta log but is not the table's root: name the " +
                         "folder that holds _delta_log/, or use delta_scan",
                     position);
    }
  }
  return AtPosition(position, [&] { return DetectFileFormat(files.front()); });
}

// A {'column': 'TYPE', ...} option.
struct ColumnTypesOption {
  std::vector<std::pair<std::string, DataType>> columns;
  SourcePosition position;
};

struct FunctionArguments {
  std::vector<std::string> paths;
  std::map<std::string, std::pair<Scalar, SourcePosition>> named;
  std::map<std::string, ColumnTypesOption> column_types;  // types = {...}, columns = {...}
};

std::string ConstantText(QueryBinder& binder, const AstExpr& node, const std::string& function,
                         const char* what) {
  std::vector<ScopeColumn> none;
  const Scope scope(&none, nullptr);
  const std::optional<Scalar> value =
      ConstantValue(ExpressionBinder(binder, scope).Translate(node));
  if (!value || value->is_null() || value->type().id() != TypeId::kString) {
    throw SqlError(function + " takes " + what + " as text", node.position);
  }
  return value->string_value();
}

FunctionArguments ReadArguments(QueryBinder& binder, const TableRef& ref) {
  FunctionArguments arguments;
  std::vector<ScopeColumn> none;
  const Scope scope(&none, nullptr);
  for (const AstExprPtr& argument : ref.arguments) {
    const bool named = argument->kind == AstExprKind::kBinary && argument->op == "=" &&
                       argument->children[0]->kind == AstExprKind::kColumn;
    const AstExpr& value_node = named ? *argument->children[1] : *argument;
    if (!named && value_node.kind == AstExprKind::kList) {
      for (const AstExprPtr& path : value_node.children) {
        arguments.paths.push_back(ConstantText(binder, *path, ref.name, "each file"));
      }
      continue;
    }
    if (named && value_node.kind == AstExprKind::kStruct) {
      ColumnTypesOption option{{}, value_node.position};
      for (size_t field = 0; field < value_node.names.size(); ++field) {
        const std::string type_name =
            ConstantText(binder, *value_node.children[field], ref.name, "each column's type");
        const DataType type = AtPosition(value_node.children[field]->position,
                                         [&] { return ParseDataType(type_name); });
        option.columns.emplace_back(value_node.names[field], type);
      }
      arguments.column_types[Lower(argument->children[0]->names[0])] = std::move(option);
      continue;
    }
    const std::optional<Scalar> value =
        ConstantValue(ExpressionBinder(binder, scope).Translate(value_node));
    if (!value) {
      throw SqlError(ref.name + " takes constant arguments", value_node.position);
    }
    if (named) {
      arguments.named[Lower(argument->children[0]->names[0])] = {*value, value_node.position};
    } else {
      if (value->type().id() != TypeId::kString) {
        throw SqlError(ref.name + " takes the file, directory or glob as text",
                       value_node.position);
      }
      arguments.paths.push_back(value->string_value());
    }
  }
  if (arguments.paths.empty()) {
    throw SqlError(ref.name + " needs a file, directory or glob: " + ref.name + "('data/*.csv')",
                   ref.position);
  }
  return arguments;
}

bool BoolOption(const std::pair<Scalar, SourcePosition>& option, const std::string& name) {
  if (option.first.type().id() != TypeId::kBool) {
    throw SqlError(name + " takes true or false", option.second);
  }
  return option.first.bool_value();
}

std::string TextOption(const std::pair<Scalar, SourcePosition>& option, const std::string& name) {
  if (option.first.type().id() != TypeId::kString) {
    throw SqlError(name + " takes text", option.second);
  }
  return option.first.string_value();
}

// The options read_csv and read_json share.
void ApplyReadOptions(FunctionArguments& arguments, ReadOptions& options) {
  for (const auto& [name, option] : arguments.column_types) {
    if (name != "types" && name != "dtypes" && name != "column_types" && name != "columns") {
      throw SqlError("the option '" + name +
                         "' takes no {...}; types = {'column': 'TYPE', ...} and columns = {...} do",
                     option.position);
    }
    for (const auto& [column, type] : option.columns) options.column_types[column] = type;
  }
  for (auto& [name, option] : arguments.named) {
    if (name == "filename") {
      if (option.first.type().id() == TypeId::kString) {
        options.filename_column = option.first.string_value();
      } else if (BoolOption(option, name)) {
        options.filename_column = "filename";
      }
    } else if (name == "ignore_errors") {
      if (BoolOption(option, name)) options.on_error = OnError::kSkip;
    } else if (name == "sample_size") {
      if (!option.first.type().is_integer())
        throw SqlError("sample_size takes a number", option.second);
      options.sample_rows = option.first.int_value();
    }
  }
}

DataFrame ReadCsvFunction(FunctionArguments& arguments, SourcePosition position) {
  CsvOptions options;
  ApplyReadOptions(arguments, options);
  // columns = {...} names every column, in order, as well as typing it.
  if (const auto columns = arguments.column_types.find("columns");
      columns != arguments.column_types.end()) {
    for (const auto& [column, type] : columns->second.columns) {
      options.column_names.push_back(column);
    }
  }
  for (auto& [name, option] : arguments.named) {
    if (name == "header") {
      options.header = BoolOption(option, name);
    } else if (name == "delim" || name == "sep" || name == "delimiter") {
      const std::string delimiter = TextOption(option, name);
      if (delimiter.size() != 1) throw SqlError(name + " takes one character", option.second);
      options.delimiter = delimiter[0];
    } else if (name == "quote") {
      const std::string quote = TextOption(option, name);
      if (quote.size() != 1) throw SqlError(name + " takes one character", option.second);
      options.quote = quote[0];
    } else if (name == "nullstr" || name == "null") {
      options.null_values = {TextOption(option, name)};
    } else if (name != "filename" && name != "ignore_errors" && name != "sample_size" &&
               name != "auto_detect") {
      throw SqlError("read_csv has no option '" + name +
                         "'; it has header, delim (sep), quote, nullstr, types, columns, "
                         "filename, ignore_errors, sample_size",
                     option.second);
    }
  }
  return AtPosition(position, [&] { return DataFrame::ScanCsv(arguments.paths, options); });
}

DataFrame ReadJsonFunction(FunctionArguments& arguments, SourcePosition position) {
  JsonOptions options;
  ApplyReadOptions(arguments, options);
  for (auto& [name, option] : arguments.named) {
    if (name != "filename" && name != "ignore_errors" && name != "sample_size" &&
        name != "format" && name != "auto_detect") {
      throw SqlError("read_json has no option '" + name +
                         "'; it has filename, ignore_errors (records are JSON lines)",
                     option.second);
    }
  }
  return AtPosition(position, [&] { return DataFrame::ReadJson(arguments.paths, options); });
}

// delta_scan('table' [, version = N]): the table at its latest version, or at version N.
DataFrame DeltaScanFunction(QueryBinder& binder, const TableRef& ref) {
  FunctionArguments arguments = ReadArguments(binder, ref);
  if (arguments.paths.size() != 1) {
    throw SqlError("delta_scan reads one table: delta_scan('path/to/table')", ref.position);
  }
  DeltaScanOptions options;
  for (auto& [option, value] : arguments.named) {
    if (option != "version" || value.first.is_null() || !value.first.type().is_integer()) {
      throw SqlError("delta_scan has one option, version = N (a whole number)", value.second);
    }
    options.version = value.first.int_value();
  }
  RejectUnbuiltSources(arguments.paths[0], ref.position);
  return AtPosition(ref.position, [&] { return ScanDelta(arguments.paths[0], options); });
}

}  // namespace

DataFrame ReadFileRelation(const std::string& path, SourcePosition position) {
  RejectUnbuiltSources(path, position);
  // A directory with a _delta_log/ is a Delta table, as DuckDB's delta extension reads it.
  if (AtPosition(position, [&] { return IsDeltaTable(path); })) {
    return AtPosition(position, [&] { return ScanDelta(path); });
  }
  const std::string format = DetectFormat(path, position);
  return AtPosition(position, [&] {
    if (format == "parquet") return DataFrame::ScanParquet({path});
    return format == "json" ? DataFrame::ReadJson({path}) : DataFrame::ScanCsv({path});
  });
}

DataFrame TableFunctionRelation(QueryBinder& binder, const TableRef& ref) {
  const std::string& name = ref.name;
  if (name == "delta_scan") return DeltaScanFunction(binder, ref);
  if (name == "iceberg_scan") NotYet("iceberg_scan", ref.position);
  static const std::vector<std::string> kFunctions = {
      "read_csv",    "read_csv_auto",    "read_json",    "read_json_auto",
      "read_ndjson", "read_ndjson_auto", "read_parquet", "delta_scan"};
  const bool csv = name == "read_csv" || name == "read_csv_auto";
  const bool json = name == "read_json" || name == "read_json_auto" || name == "read_ndjson" ||
                    name == "read_ndjson_auto";
  const bool parquet = name == "read_parquet" || name == "parquet_scan";
  if (!csv && !json && !parquet) {
    std::string hint;
    for (const std::string& candidate : kFunctions) {
      if (expr::EditDistance(name, candidate) <= 3) {
        hint = "; did you mean " + candidate + "?";
        break;
      }
    }
    throw SqlError("unknown table function '" + name + "'" +
                       (hint.empty() ? "; the table functions are read_csv, read_json, "
                                       "read_parquet and delta_scan"
                                     : hint),
                   ref.position);
  }
  FunctionArguments arguments = ReadArguments(binder, ref);
  for (const std::string& path : arguments.paths) RejectUnbuiltSources(path, ref.position);
  if (parquet) {
    ParquetReadOptions options;
    for (auto& [option, value] : arguments.named) {
      if (option != "filename") {
        throw SqlError("read_parquet has no option '" + option + "'; it has filename",
                       value.second);
      }
      options.filename_column = "filename";
    }
    return AtPosition(ref.position,
                      [&] { return DataFrame::ScanParquet(arguments.paths, options); });
  }
  return csv ? ReadCsvFunction(arguments, ref.position) : ReadJsonFunction(arguments, ref.position);
}

}  // namespace berserkr::sql
