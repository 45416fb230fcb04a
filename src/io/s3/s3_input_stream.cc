#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include "io/s3/s3_streams_internal.h"

namespace berserkr::s3 {
namespace {

// Sequential reads as ranged GETs of one chunk at a time, fetched by a thread of the stream's own
// one chunk ahead of the reader, so the network works while the caller parses. Each chunk is
// retried on its own: a connection dropped in a large object costs one chunk. The fetching
// thread keeps its curl handle, and so its connection, for the whole object.
class S3InputStream final : public InputStream {
 public:
  S3InputStream(std::shared_ptr<const S3Client> client, S3Location location)
      : client_(std::move(client)),
        location_(std::move(location)),
        name_(location_.ToString()),
        size_(RequireObjectSize(*client_, location_)),
        chunk_bytes_(std::max<int64_t>(client_->options().read_chunk_bytes, 1 << 16)) {}

  ~S3InputStream() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    if (fetcher_.joinable()) fetcher_.join();
  }

  int64_t Read(uint8_t* out, int64_t size) override {
    if (size <= 0) return 0;
    if (position_ == static_cast<int64_t>(current_.size())) {
      if (size_ == 0) return 0;
      // Started on the first read, not at open: an opened stream may never be read.
      if (!fetcher_.joinable()) fetcher_ = std::thread([this] { FetchChunks(); });
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [this] { return !ready_.empty() || error_ || fetched_all_; });
      if (ready_.empty()) {
        if (error_) std::rethrow_exception(error_);
        return 0;
      }
      current_ = std::move(ready_.front());
      ready_.pop_front();
      position_ = 0;
      lock.unlock();
      changed_.notify_all();
    }
    const int64_t count =
        std::min<int64_t>(size, static_cast<int64_t>(current_.size()) - position_);
    std::memcpy(out, current_.data() + position_, static_cast<size_t>(count));
    position_ += count;
    return count;
  }

  const std::string& name() const override { return name_; }

 private:
  static constexpr size_t kChunksAhead = 1;

  void FetchChunks() {
    try {
      for (int64_t offset = 0; offset < size_;) {
        {
          std::unique_lock<std::mutex> lock(mutex_);
          changed_.wait(lock, [this] { return stopping_ || ready_.size() < kChunksAhead; });
          if (stopping_) return;
        }
        const int64_t length = std::min(chunk_bytes_, size_ - offset);
        std::vector<uint8_t> chunk(static_cast<size_t>(length));
        client_->GetRange(location_, offset, length, chunk.data());
        offset += length;
        {
          std::lock_guard<std::mutex> lock(mutex_);
          ready_.push_back(std::move(chunk));
        }
        changed_.notify_all();
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      error_ = std::current_exception();
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      fetched_all_ = true;
    }
    changed_.notify_all();
  }

  const std::shared_ptr<const S3Client> client_;
  const S3Location location_;
  const std::string name_;
  const int64_t size_;
  const int64_t chunk_bytes_;

  // The reader's side.
  std::vector<uint8_t> current_;
  int64_t position_ = 0;
  std::thread fetcher_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<uint8_t>> ready_;  // GUARDED_BY(mutex_); fetched, not yet read
  std::exception_ptr error_;                // GUARDED_BY(mutex_)
  bool fetched_all_ = false;                // GUARDED_BY(mutex_)
  bool stopping_ = false;                   // GUARDED_BY(mutex_)
};

}  // namespace

std::unique_ptr<InputStream> OpenS3InputStream(std::shared_ptr<const S3Client> client,
                                               S3Location location) {
  return std::make_unique<S3InputStream>(std::move(client), std::move(location));
}

}  // namespace berserkr::s3
