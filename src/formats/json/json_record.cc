// One record: parsing a line, checking it against the user's types, and converting JSON values.

#include <charconv>
#include <cmath>
#include <limits>

#include "berserkr/formats/json_writer.h"
#include "berserkr/types/temporal.h"
#include "formats/csv/csv_converter.h"
#include "formats/json/json_reader_internal.h"

namespace berserkr::json {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// The byte offset of the first invalid UTF-8 sequence in `text`, or -1.
int64_t FirstInvalidUtf8(const unsigned char* text, int64_t length) {
  int64_t position = 0;
  while (position < length) {
    const unsigned char lead = text[position];
    if (lead < 0x80) {
      ++position;
      continue;
    }
    int continuation;
    uint32_t code_point;
    if (lead >= 0xC2 && lead <= 0xDF) {
      continuation = 1;
      code_point = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      continuation = 2;
      code_point = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      continuation = 3;
      code_point = lead & 0x07;
    } else {
      return position;
    }
    if (position + continuation >= length) return position;
    for (int index = 1; index <= continuation; ++index) {
      const unsigned char next = text[position + index];
      if ((next & 0xC0) != 0x80) return position;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF.
    if ((continuation == 2 &&
         (code_point < 0x800 || (code_point >= 0xD800 && code_point <= 0xDFFF))) ||
        (continuation == 3 && (code_point < 0x10000 || code_point > 0x10FFFF))) {
      return position;
    }
    position += continuation + 1;
  }
  return -1;
}

std::string DescribeParseError(simdjson::error_code error, const char* text, int64_t length) {
  switch (error) {
    case simdjson::UTF8_ERROR: {
      const int64_t offset = FirstInvalidUtf8(reinterpret_cast<const unsigned char*>(text), length);
      return offset >= 0 ? "invalid UTF-8 at byte " + std::to_string(offset + 1) + " of the line"
                         : "invalid UTF-8";
    }
    case simdjson::DEPTH_ERROR:
      return "objects or arrays nested deeper than " + std::to_string(kMaxNestingDepth) + " levels";
    case simdjson::NUMBER_ERROR:
      return "malformed JSON: a number that is not valid JSON or does not fit 64 bits";
    case simdjson::CAPACITY:
    case simdjson::MEMALLOC:
      return "the line is too large to parse";
    default:
      return std::string("malformed JSON: ") + simdjson::error_message(error);
  }
}

const char* DescribeKind(element_type type) {
  switch (type) {
    case element_type::ARRAY:
      return "an array";
    case element_type::OBJECT:
      return "an object";
    case element_type::STRING:
      return "a string";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
      return "a number";
    case element_type::BOOL:
      return "a boolean";
    case element_type::NULL_VALUE:
      return "null";
  }
  return "a value";
}

// The value as shown in messages: strings quoted as JSON, long values cut.
std::string DescribeValue(element value) {
  constexpr size_t kShown = 60;
  std::string text;
  AppendJsonText(value, text);
  if (text.size() > kShown) {
    // Cut on a character boundary so that the message stays valid UTF-8.
    size_t cut = kShown;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
    text += "...";
  }
  return text;
}

template <typename T>
void AppendNumber(T value, std::string& out) {
  char text[64];
  const auto result = std::to_chars(text, text + sizeof(text), value);
  out.append(text, result.ptr);
}

}  // namespace

namespace {

struct ThreadParserState {
  simdjson::dom::parser parser;
  bool allocated = false;
};

ThreadParserState& ParserState() {
  thread_local ThreadParserState state;
  return state;
}

}  // namespace

simdjson::dom::parser& ThreadParser() {
  ThreadParserState& state = ParserState();
  if (!state.allocated) {
    // The depth limit bounds the recursion of inference and building; it survives reallocation.
    state.allocated = state.parser.allocate(1 << 16, kMaxNestingDepth) == simdjson::SUCCESS;
  }
  return state.parser;
}

void TrimThreadParser() {
  // A parser grows to the longest line it parsed; pool threads live on, so give huge ones back.
  constexpr size_t kKeptCapacity = 16 << 20;
  ThreadParserState& state = ParserState();
  if (state.parser.capacity() > kKeptCapacity) {
    state.parser = simdjson::dom::parser();
    state.allocated = false;
  }
}

void AppendJsonText(element value, std::string& out) {
  switch (value.type()) {
    case element_type::ARRAY: {
      out += '[';
      bool first = true;
      for (element item : AsArray(value)) {
        if (!first) out += ',';
        first = false;
        AppendJsonText(item, out);
      }
      out += ']';
      return;
    }
    case element_type::OBJECT: {
      out += '{';
      bool first = true;
      for (simdjson::dom::key_value_pair field : AsObject(value)) {
        if (!first) out += ',';
        first = false;
        AppendJsonString(out, field.key);
        out += ':';
        AppendJsonText(field.value, out);
      }
      out += '}';
      return;
    }
    case element_type::INT64:
      AppendNumber(value.get_int64().value_unsafe(), out);
      return;
    case element_type::UINT64:
      AppendNumber(value.get_uint64().value_unsafe(), out);
      return;
    case element_type::DOUBLE:
      AppendNumber(value.get_double().value_unsafe(), out);
      return;
    case element_type::STRING:
      AppendJsonString(out, value.get_string().value_unsafe());
      return;
    case element_type::BOOL:
      out += value.get_bool().value_unsafe() ? "true" : "false";
      return;
    case element_type::NULL_VALUE:
      out += "null";
      return;
  }
}

bool JsonToBool(element value, bool& out) {
  switch (value.type()) {
    case element_type::BOOL:
      out = value.get_bool().value_unsafe();
      return true;
    case element_type::STRING:
      return csv::ParseBool(value.get_string().value_unsafe(), out);
    default:
      return false;
  }
}

bool JsonToInt64(element value, int64_t& out) {
  switch (value.type()) {
    case element_type::INT64:
      out = value.get_int64().value_unsafe();
      return true;
    case element_type::UINT64: {
      const uint64_t wide = value.get_uint64().value_unsafe();
      if (wide > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return false;
      out = static_cast<int64_t>(wide);
      return true;
    }
    case element_type::DOUBLE: {
      // A whole number written with a fraction (17850.0) is still that number.
      const double number = value.get_double().value_unsafe();
      if (number != std::trunc(number) || number < -9223372036854775808.0 ||
          number >= 9223372036854775808.0) {
        return false;
      }
      out = static_cast<int64_t>(number);
      return true;
    }
    case element_type::STRING:
      return csv::ParseInt64(value.get_string().value_unsafe(), out);
    default:
      return false;
  }
}

bool JsonToFloat64(element value, double& out) {
  switch (value.type()) {
    case element_type::INT64:
      out = static_cast<double>(value.get_int64().value_unsafe());
      return true;
    case element_type::UINT64:
      out = static_cast<double>(value.get_uint64().value_unsafe());
      return true;
    case element_type::DOUBLE:
      out = value.get_double().value_unsafe();
      return true;
    case element_type::STRING:
      return csv::ParseFloat64(value.get_string().value_unsafe(), out) && std::isfinite(out);
    default:
      return false;
  }
}

bool JsonToDecimal(element value, int precision, int scale, __int128& out) {
  char text[512];
  std::string_view digits;
  switch (value.type()) {
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE: {
      // Through the shortest text that reads back as the same number, so 3.15 stays 3.15.
      std::to_chars_result result;
      if (value.type() == element_type::INT64) {
        result = std::to_chars(text, text + sizeof(text), value.get_int64().value_unsafe());
      } else if (value.type() == element_type::UINT64) {
        result = std::to_chars(text, text + sizeof(text), value.get_uint64().value_unsafe());
      } else {
        result = std::to_chars(text, text + sizeof(text), value.get_double().value_unsafe(),
                               std::chars_format::fixed);
      }
      if (result.ec != std::errc()) return false;
      digits = std::string_view(text, static_cast<size_t>(result.ptr - text));
      break;
    }
    case element_type::STRING:
      digits = value.get_string().value_unsafe();
      break;
    default:
      return false;
  }
  return csv::ParseDecimal128(digits, precision, scale, out);
}

bool JsonToDate(element value, int32_t& out) {
  if (value.type() != element_type::STRING) return false;
  const auto date = ParseDate(value.get_string().value_unsafe());
  if (!date) return false;
  out = *date;
  return true;
}

bool JsonToTimestamp(element value, int64_t& out) {
  if (value.type() != element_type::STRING) return false;
  const auto timestamp = ParseTimestamp(value.get_string().value_unsafe());
  if (!timestamp) return false;
  out = timestamp->utc_micros();
  return true;
}

std::string ConversionProblem(element value, const DataType& type) {
  if (value.is_null()) return "";
  const auto cannot = [&] {
    return "cannot read " + DescribeValue(value) + " as " + type.ToString();
  };
  bool ok = true;
  switch (type.id()) {
    case TypeId::kNull:
    case TypeId::kString:
    case TypeId::kBinary:
      return "";  // any value has a JSON text
    case TypeId::kBool: {
      bool flag;
      ok = JsonToBool(value, flag);
      break;
    }
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64: {
      int64_t number = 0;
      ok = JsonToInt64(value, number);
      const int bits = type.byte_width() * 8;
      if (ok && bits < 64) {
        const int64_t limit = int64_t{1} << (bits - 1);
        ok = number >= -limit && number < limit;
      }
      break;
    }
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      double number;
      ok = JsonToFloat64(value, number);
      break;
    }
    case TypeId::kDecimal: {
      __int128 number;
      ok = JsonToDecimal(value, type.precision(), type.scale(), number);
      break;
    }
    case TypeId::kDate: {
      int32_t days;
      ok = JsonToDate(value, days);
      break;
    }
    case TypeId::kTimestamp: {
      int64_t micros;
      ok = JsonToTimestamp(value, micros);
      break;
    }
    case TypeId::kList: {
      if (value.type() != element_type::ARRAY) return cannot();
      for (element item : AsArray(value)) {
        std::string problem = ConversionProblem(item, type.item_type());
        if (!problem.empty()) return problem;
      }
      return "";
    }
    case TypeId::kStruct: {
      if (value.type() != element_type::OBJECT) return cannot();
      const simdjson::dom::object object = AsObject(value);
      for (const Field& field : type.children()) {
        element child;
        if (object.at_key(field.name).get(child) != simdjson::SUCCESS) continue;
        std::string problem = ConversionProblem(child, field.type);
        if (!problem.empty()) return field.name + ": " + problem;
      }
      return "";
    }
  }
  return ok ? "" : cannot();
}

TypeOverrides::TypeOverrides(const std::map<std::string, DataType>& types) {
  for (const auto& [path, type] : types) {
    types_.emplace(path, type);
    for (size_t dot = path.find('.'); dot != std::string::npos; dot = path.find('.', dot + 1)) {
      prefixes_.insert(path.substr(0, dot));
    }
  }
}

const DataType* TypeOverrides::Find(std::string_view path) const {
  const auto found = types_.find(path);
  return found == types_.end() ? nullptr : &found->second;
}

bool TypeOverrides::Check(simdjson::dom::object record, RecordProblem* problem) const {
  if (types_.empty()) return true;
  std::string path;
  return CheckObject(record, path, problem);
}

bool TypeOverrides::CheckObject(simdjson::dom::object object, std::string& path,
                                RecordProblem* problem) const {
  for (simdjson::dom::key_value_pair field : object) {
    const size_t saved = path.size();
    if (!path.empty()) path += '.';
    path += field.key;
    if (const DataType* type = Find(path)) {
      std::string reason = ConversionProblem(field.value, *type);
      if (!reason.empty()) {
        problem->column = path;
        problem->reason = std::move(reason);
        return false;
      }
    } else if (field.value.type() == element_type::OBJECT && prefixes_.count(path) > 0) {
      if (!CheckObject(AsObject(field.value), path, problem)) return false;
    }
    path.resize(saved);
  }
  return true;
}

bool ParseRecord(simdjson::dom::parser& parser, const char* text, int64_t length,
                 const TypeOverrides& overrides, simdjson::dom::object* record,
                 RecordProblem* problem) {
  element root;
  const simdjson::error_code error =
      parser.parse(text, static_cast<size_t>(length), /*realloc_if_needed=*/false).get(root);
  if (error != simdjson::SUCCESS) {
    problem->column.clear();
    problem->reason = DescribeParseError(error, text, length);
    return false;
  }
  if (root.type() != element_type::OBJECT) {
    problem->column.clear();
    problem->reason = std::string("the line is not a JSON object but ") + DescribeKind(root.type());
    return false;
  }
  *record = AsObject(root);
  return overrides.Check(*record, problem);
}

}  // namespace berserkr::json
