#pragma once

#include <string>
#include <vector>

#include "berserkr/formats/read_options.h"
#include "berserkr/io/input_stream.h"
#include "berserkr/types/table.h"

namespace berserkr {

// `column_types` are keyed by dotted path ("properties.price"); `sample_rows` is not used: the
// schema is inferred from every record.
struct JsonOptions : ReadOptions {};

// Reads JSON lines (one object per line; blank lines ignored; CRLF, a missing final newline and a
// UTF-8 byte order mark accepted) — paths, directories and globs, compressed or not — as one
// table. The schema is inferred across all records of all files, columns in order of first
// appearance: a key seen in any record becomes a column (NULL where absent); nested objects become
// struct columns (address children with ResolveColumnPath); arrays become list columns;
// conflicting scalar types widen (int -> double -> string); strings that are all ISO 8601 dates or
// timestamps become DATE / TIMESTAMP (with time zone 'UTC' when they carry offsets); a key that
// mixes objects or arrays with other values, or numbers with strings, becomes a string column
// holding each value's JSON text (strings as they are).
// Bad records (malformed JSON, not an object, invalid UTF-8, a value that does not fit a type
// override, the unreadable rest of a corrupt compressed file, an empty file) follow
// `options.on_error`; with kFail, throws InvalidInput naming file, line, key and reason.
// Throws IoError when a file cannot be read. Batches hold at most 64K rows, in file and line order.
Table ReadJson(const std::vector<std::string>& sources, const JsonOptions& options,
               ReadStats* stats = nullptr);

// Reads JSON lines from one stream as ReadJson does for one file (the stream's name stands for the
// file); the stream is read into memory once.
Table ReadJsonStream(InputStream& stream, const JsonOptions& options, ReadStats* stats = nullptr);

}  // namespace berserkr
