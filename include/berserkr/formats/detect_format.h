#pragma once

// Which reader a file needs, for commands and table functions that take any file.

#include <string>

namespace berserkr {

// "parquet", "json" or "csv": by extension (a codec's, such as .gz or .lzo, is looked through),
// else by the first bytes after decompression: Parquet's "PAR1" magic, a JSON object's '{', or
// CSV. Throws IoError naming the file when it cannot be opened.
std::string DetectFileFormat(const std::string& location);

}  // namespace berserkr
