#pragma once

// Shared by the `berserkr gen` generators: chunks of rows made in parallel, each from its own
// random stream, written in chunk order — so a file depends only on its rows and seed.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace berserkr {

// `rows` split into `num_chunks` nearly equal counts.
std::vector<int64_t> EvenChunks(int64_t rows, int64_t num_chunks);

// Writes `header`, then the text `write(chunk, rows, text)` appends for each chunk, in chunk
// order, atomically to `path`. Waves of chunks are made in parallel on the default pool, so
// memory holds one wave. `after_last` is called on the last chunk's text before it is written
// (e.g. to drop the final line break).
void WriteChunks(const std::string& path, const std::string& header,
                 const std::vector<int64_t>& chunk_rows, size_t bytes_per_row,
                 const std::function<void(int64_t chunk, int64_t rows, std::string& text)>& write,
                 const std::function<void(std::string& text)>& after_last = nullptr);

}  // namespace berserkr
