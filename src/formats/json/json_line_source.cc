// Whole lines of an input, padded for simdjson, in runs that parallel tasks split further.

#include <algorithm>
#include <cstring>

#include "berserkr/common/error.h"
#include "formats/json/json_reader_internal.h"

namespace berserkr::json {
namespace {

// A decompressor that meets corrupt data throws away what it produced in that call: small reads
// keep the lines before the damage.
constexpr int64_t kReadBytes = 64 << 10;

bool StartsWithByteOrderMark(const uint8_t* data, int64_t size) {
  return size >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF;
}

}  // namespace

LineSource::LineSource(std::unique_ptr<InputStream> stream, int64_t segment_bytes,
                       int64_t keep_limit)
    : stream_(std::move(stream)),
      segment_bytes_(std::max<int64_t>(segment_bytes, 1)),
      keep_limit_(keep_limit) {}

LineSource::LineSource(std::shared_ptr<const PaddedBytes> bytes) : memory_(std::move(bytes)) {
  data_ = memory_->data.get();
  filled_ = memory_->size;
  bytes_read_ = memory_->size;
  at_end_ = true;
  failure_ = memory_->failure;
}

void LineSource::Reserve(int64_t capacity) {
  if (capacity + kPadding <= capacity_) return;
  const int64_t grown = std::max(capacity + kPadding, capacity_ * 2);
  auto larger = std::make_unique_for_overwrite<uint8_t[]>(static_cast<size_t>(grown));
  if (filled_ > 0) std::memcpy(larger.get(), buffer_.get(), static_cast<size_t>(filled_));
  buffer_ = std::move(larger);
  capacity_ = grown;
  data_ = buffer_.get();
}

void LineSource::Fill(int64_t target) {
  while (!at_end_ && filled_ - begin_ < target) {
    // Always the same request size, so that a second pass over a damaged compressed input meets
    // the damage after the same bytes as the first.
    Reserve(filled_ + kReadBytes);
    try {
      const int64_t count = stream_->Read(buffer_.get() + filled_, kReadBytes);
      if (count == 0) at_end_ = true;
      filled_ += count;
      bytes_read_ += count;
    } catch (const InvalidInput& error) {
      // Corrupt or truncated compressed data: the lines before it still count.
      failure_ = error.what();
      at_end_ = true;
    }
    // simdjson may read the padding; give it defined bytes.
    std::memset(buffer_.get() + filled_, ' ', kPadding);
  }
}

bool LineSource::Next(const char** data, int64_t* size) {
  if (stream_ != nullptr && begin_ > 0 && !at_end_ &&
      (discarded_ || filled_ + segment_bytes_ > keep_limit_)) {
    // Drop the lines handed out, keeping the unfinished one at the front of the buffer.
    std::memmove(buffer_.get(), buffer_.get() + begin_, static_cast<size_t>(filled_ - begin_));
    filled_ -= begin_;
    begin_ = 0;
    discarded_ = true;
  }
  int64_t target = segment_bytes_;
  for (;;) {
    if (stream_ != nullptr) Fill(target);
    if (!started_) {
      started_ = true;
      if (StartsWithByteOrderMark(data_, filled_)) begin_ = 3;
    }
    if (filled_ == begin_) return false;
    const int64_t available = filled_ - begin_;
    const void* last_newline = memrchr(data_ + begin_, '\n', static_cast<size_t>(available));
    int64_t end;
    if (at_end_ && failure_.empty()) {
      end = filled_;  // the last line may lack its newline
    } else if (last_newline != nullptr) {
      end = static_cast<const uint8_t*>(last_newline) - data_ + 1;
    } else if (at_end_) {
      unfinished_line_.assign(reinterpret_cast<const char*>(data_ + begin_),
                              static_cast<size_t>(available));
      begin_ = filled_;
      return false;
    } else {
      // One line longer than the run: read more.
      if (available >= kMaxLineBytes) {
        throw InvalidInput(stream_->name() + ": a line longer than " +
                           std::to_string(kMaxLineBytes >> 20) +
                           " MiB: is this JSON lines (one object per line)?");
      }
      target = std::max(target * 2, available + 1);
      continue;
    }
    *data = reinterpret_cast<const char*>(data_ + begin_);
    *size = end - begin_;
    begin_ = end;
    return true;
  }
}

std::shared_ptr<const PaddedBytes> LineSource::TakeWholeInput() {
  // A failed input is not kept: pass 2 meets the same failure by reading it again.
  if (stream_ == nullptr || discarded_ || !at_end_ || !failure_.empty() || buffer_ == nullptr) {
    return nullptr;
  }
  auto bytes = std::make_shared<PaddedBytes>();
  bytes->size = filled_;
  bytes->data = std::move(buffer_);
  capacity_ = 0;
  filled_ = 0;
  begin_ = 0;
  data_ = nullptr;
  return bytes;
}

std::shared_ptr<const PaddedBytes> ReadPadded(InputStream& stream) {
  auto bytes = std::make_shared<PaddedBytes>();
  int64_t capacity = int64_t{1} << 20;
  bytes->data = std::make_unique_for_overwrite<uint8_t[]>(static_cast<size_t>(capacity + kPadding));
  for (;;) {
    if (bytes->size + kReadBytes > capacity) {
      const int64_t grown = capacity * 2;
      auto larger =
          std::make_unique_for_overwrite<uint8_t[]>(static_cast<size_t>(grown + kPadding));
      std::memcpy(larger.get(), bytes->data.get(), static_cast<size_t>(bytes->size));
      bytes->data = std::move(larger);
      capacity = grown;
    }
    int64_t count = 0;
    try {
      count = stream.Read(bytes->data.get() + bytes->size, kReadBytes);
    } catch (const InvalidInput& error) {
      bytes->failure = error.what();
      break;
    }
    if (count == 0) break;
    bytes->size += count;
  }
  std::memset(bytes->data.get() + bytes->size, ' ', kPadding);
  return bytes;
}

std::vector<int64_t> ChunkStarts(const char* data, int64_t size, int64_t chunk_bytes) {
  std::vector<int64_t> starts = {0};
  for (int64_t target = chunk_bytes; target < size; target = starts.back() + chunk_bytes) {
    const void* newline =
        std::memchr(data + target - 1, '\n', static_cast<size_t>(size - target + 1));
    if (newline == nullptr) break;
    const int64_t next = static_cast<const char*>(newline) - data + 1;
    if (next >= size) break;
    starts.push_back(next);
  }
  return starts;
}

}  // namespace berserkr::json
