#pragma once

#include <string>
#include <vector>

#include "berserkr/formats/read_options.h"
#include "berserkr/types/table.h"

namespace berserkr {

struct JsonOptions : ReadOptions {};

// Reads JSON lines (one object per line; blank lines ignored) — paths, directories and globs,
// compressed or not — as one table. The schema is inferred across records: a key seen in any
// record becomes a column (NULL where absent), nested objects become struct columns, arrays
// become list columns, and conflicting scalar types widen (int -> double -> string).
// Throws InvalidInput (with kFail) naming file, line, key and reason.
Table ReadJson(const std::vector<std::string>& sources, const JsonOptions& options,
               ReadStats* stats = nullptr);

}  // namespace berserkr
