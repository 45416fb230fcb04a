#include "berserkr/formats/json_writer.h"

#include <charconv>
#include <cmath>

#include "berserkr/types/temporal.h"

namespace berserkr {

void AppendJsonString(std::string& out, std::string_view text) {
  // Copies runs of plain bytes at once; only quotes, backslashes and control bytes are escaped.
  static const char kHex[] = "0123456789abcdef";
  out += '"';
  size_t run_start = 0;
  for (size_t index = 0; index < text.size(); ++index) {
    const unsigned char c = static_cast<unsigned char>(text[index]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run_start, index - run_start);
    run_start = index + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
  }
  out.append(text.data() + run_start, text.size() - run_start);
  out += '"';
}

void AppendJsonValue(std::string& out, const Column& column, int64_t row) {
  if (column.IsNull(row)) {
    out += "null";
    return;
  }
  switch (column.type().id()) {
    case TypeId::kNull:
      out += "null";
      return;
    case TypeId::kBool:
      out += column.GetBool(row) ? "true" : "false";
      return;
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kDecimal:
      out += column.FormatValue(row);
      return;
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      const double value = column.type().id() == TypeId::kFloat32 ? column.ValuesAs<float>()[row]
                                                                  : column.ValuesAs<double>()[row];
      if (!std::isfinite(value)) {
        out += "null";  // JSON has no NaN or infinity
        return;
      }
      AppendDouble(out, value);
      return;
    }
    case TypeId::kString:
      AppendJsonString(out, column.GetString(row));
      return;
    case TypeId::kBinary:
    case TypeId::kDate:
      AppendJsonString(out, column.FormatValue(row));
      return;
    case TypeId::kTimestamp: {
      std::string text = FormatTimestamp(column.ValuesAs<int64_t>()[row]);
      text[10] = 'T';
      if (!column.type().timezone().empty()) text += "Z";
      AppendJsonString(out, text);
      return;
    }
    case TypeId::kList: {
      const int32_t* offsets = column.Offsets();
      out += '[';
      for (int32_t item = offsets[row]; item < offsets[row + 1]; ++item) {
        if (item > offsets[row]) out += ',';
        AppendJsonValue(out, *column.children()[0], item);
      }
      out += ']';
      return;
    }
    case TypeId::kStruct: {
      out += '{';
      const auto& fields = column.type().children();
      for (size_t index = 0; index < fields.size(); ++index) {
        if (index > 0) out += ',';
        AppendJsonString(out, fields[index].name);
        out += ':';
        AppendJsonValue(out, *column.children()[index], row);
      }
      out += '}';
      return;
    }
  }
}

JsonLinesWriter::JsonLinesWriter(const std::string& path, SchemaPtr schema)
    : file_(path), schema_(std::move(schema)) {}

void JsonLinesWriter::Write(const Batch& batch) {
  line_.clear();
  for (int64_t row = 0; row < batch.num_rows; ++row) {
    line_ += '{';
    for (int column = 0; column < batch.num_columns(); ++column) {
      if (column > 0) line_ += ',';
      AppendJsonString(line_, schema_->field(column).name);
      line_ += ':';
      AppendJsonValue(line_, *batch.columns[column], row);
    }
    line_ += "}\n";
    if (line_.size() > (1 << 20)) {
      file_.Write(line_);
      line_.clear();
    }
  }
  file_.Write(line_);
}

void JsonLinesWriter::Close() { file_.Close(); }

void WriteJsonLines(const Table& table, const std::string& path) {
  JsonLinesWriter writer(path, table.schema());
  for (const Batch& batch : table.batches()) writer.Write(batch);
  writer.Close();
}

}  // namespace berserkr
