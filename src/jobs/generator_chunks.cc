#include <algorithm>

#include "berserkr/common/thread_pool.h"
#include "berserkr/io/input_stream.h"
#include "jobs/generator_internal.h"

namespace berserkr {

std::vector<int64_t> EvenChunks(int64_t rows, int64_t num_chunks) {
  std::vector<int64_t> counts;
  for (int64_t chunk = 0; chunk < num_chunks; ++chunk) {
    counts.push_back(rows * (chunk + 1) / num_chunks - rows * chunk / num_chunks);
  }
  return counts;
}

void WriteChunks(const std::string& path, const std::string& header,
                 const std::vector<int64_t>& chunk_rows, size_t bytes_per_row,
                 const std::function<void(int64_t chunk, int64_t rows, std::string& text)>& write,
                 const std::function<void(std::string& text)>& after_last) {
  OutputFile file(path);
  file.Write(header);
  ThreadPool& pool = DefaultThreadPool();
  const size_t num_chunks = chunk_rows.size();
  const size_t wave = static_cast<size_t>(2 * pool.num_threads());
  for (size_t first = 0; first < num_chunks; first += wave) {
    const size_t count = std::min(wave, num_chunks - first);
    std::vector<std::string> texts(count);
    pool.ParallelFor(static_cast<int64_t>(count), [&](int64_t index) {
      const size_t chunk = first + static_cast<size_t>(index);
      texts[index].reserve(static_cast<size_t>(chunk_rows[chunk]) * bytes_per_row);
      write(static_cast<int64_t>(chunk), chunk_rows[chunk], texts[index]);
    });
    for (size_t index = 0; index < count; ++index) {
      if (first + index + 1 == num_chunks && after_last) after_last(texts[index]);
      file.Write(texts[index]);
    }
  }
  file.Close();
}

}  // namespace berserkr
