#include <algorithm>
#include <deque>
#include <future>

#include "berserkr/common/error.h"
#include "io/s3/s3_streams_internal.h"

namespace berserkr::s3 {
namespace {

// Small outputs are one PUT on Close. Once a part's worth is written a multipart upload starts
// and each full part goes up as it fills, up to `upload_concurrency` parts at once while the
// writer goes on producing. Close completes it; a failure or destruction without Close aborts it,
// so no object appears and no parts are left behind to pay for.
class S3OutputStream final : public OutputStream {
 public:
  S3OutputStream(std::shared_ptr<const S3Client> client, S3Location location)
      : client_(std::move(client)),
        location_(std::move(location)),
        name_(location_.ToString()),
        part_size_(std::max<int64_t>(client_->options().part_size, 1)),
        concurrency_(std::max(client_->options().upload_concurrency, 1)) {}

  ~S3OutputStream() override {
    if (!closed_) AbortQuietly();
  }

  void Write(const void* bytes, int64_t size) override {
    if (closed_) throw Internal(name_ + ": write after close (or after a failed write)");
    buffer_.append(static_cast<const char*>(bytes), static_cast<size_t>(size));
    bytes_written_ += size;
    if (static_cast<int64_t>(buffer_.size()) >= part_size_) Guarded([this] { StartPart(); });
  }

  void Close() override {
    if (closed_) throw Internal(name_ + ": closed twice (or after a failed write)");
    Guarded([this] {
      if (upload_id_.empty()) {
        client_->PutObject(location_, buffer_);
        return;
      }
      if (!buffer_.empty()) StartPart();
      while (!in_flight_.empty()) FinishOldestPart();
      client_->CompleteMultipartUpload(location_, upload_id_, part_etags_, bytes_written_);
    });
    closed_ = true;
    upload_id_.clear();
    buffer_.clear();
  }

  const std::string& location() const override { return name_; }

 private:
  struct PendingPart {
    int number;
    std::future<std::string> etag;
  };

  // Runs `step`; when it throws, the upload is aborted and the stream is finished.
  template <typename Step>
  void Guarded(Step step) {
    try {
      step();
    } catch (...) {
      AbortQuietly();
      closed_ = true;
      throw;
    }
  }

  // Hands the buffer to an upload of its own and starts a fresh buffer.
  void StartPart() {
    if (upload_id_.empty()) upload_id_ = client_->CreateMultipartUpload(location_);
    while (static_cast<int>(in_flight_.size()) >= concurrency_) FinishOldestPart();
    const int number = static_cast<int>(part_etags_.size() + in_flight_.size()) + 1;
    auto bytes = std::make_shared<const std::string>(std::move(buffer_));
    buffer_ = std::string();
    in_flight_.push_back(
        {number, std::async(std::launch::async, [client = client_, location = location_,
                                                 upload_id = upload_id_, number, bytes] {
           return client->UploadPart(location, upload_id, number, *bytes);
         })});
  }

  // Waits for the oldest part in flight; parts finish in order of number, so the ETags do too.
  void FinishOldestPart() {
    PendingPart part = std::move(in_flight_.front());
    in_flight_.pop_front();
    part_etags_.push_back(part.etag.get());
  }

  void AbortQuietly() noexcept {
    // Let running part uploads end first: an abort that overtakes a part can leave it stored.
    for (PendingPart& part : in_flight_) part.etag.wait();
    in_flight_.clear();
    if (upload_id_.empty()) return;
    try {
      client_->AbortMultipartUpload(location_, upload_id_);
    } catch (const std::exception&) {
      // Nothing more to do: a bucket lifecycle rule can still expire abandoned parts.
    }
    upload_id_.clear();
  }

  const std::shared_ptr<const S3Client> client_;
  const S3Location location_;
  const std::string name_;
  const int64_t part_size_;
  const int concurrency_;
  std::string buffer_;
  std::string upload_id_;                // "" until a multipart upload starts
  std::vector<std::string> part_etags_;  // of the finished parts 1, 2, ...
  std::deque<PendingPart> in_flight_;    // the parts after those, in order
  int64_t bytes_written_ = 0;
  bool closed_ = false;
};

}  // namespace

std::unique_ptr<OutputStream> OpenS3OutputStream(std::shared_ptr<const S3Client> client,
                                                 S3Location location) {
  return std::make_unique<S3OutputStream>(std::move(client), std::move(location));
}

}  // namespace berserkr::s3
