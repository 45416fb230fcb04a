// Format detection for readers that take any file: extension first, then the bytes.

#include "berserkr/formats/detect_format.h"

#include <cstdint>

#include "berserkr/io/compression.h"

namespace berserkr {
namespace {

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::string DetectFileFormat(const std::string& path) {
  if (EndsWith(path, ".parquet") || EndsWith(path, ".parq")) return "parquet";
  std::string name = path;
  for (const char* codec : {".gz", ".zst", ".zstd", ".bz2", ".lz4", ".lzo"}) {
    if (EndsWith(name, codec)) name.resize(name.size() - std::string(codec).size());
  }
  for (const char* json : {".json", ".jsonl", ".ndjson"}) {
    if (EndsWith(name, json)) return "json";
  }
  for (const char* csv : {".csv", ".tsv", ".txt", ".psv"}) {
    if (EndsWith(name, csv)) return "csv";
  }
  auto stream = OpenFileDecompressed(path);
  uint8_t head[4096];
  const int64_t count = stream->Read(head, sizeof(head));
  if (count >= 4 && head[0] == 'P' && head[1] == 'A' && head[2] == 'R' && head[3] == '1') {
    return "parquet";
  }
  for (int64_t index = 0; index < count; ++index) {
    if (head[index] == ' ' || head[index] == '\n' || head[index] == '\r' || head[index] == '\t')
      continue;
    return head[index] == '{' ? "json" : "csv";
  }
  return "csv";
}

}  // namespace berserkr
