#include "berserkr/types/column_builder.h"

#include <string>

#include "berserkr/common/error.h"

namespace berserkr {

void ValidityBuilder::Materialize() {
  bits_ = std::make_shared<Buffer>(*pool_);
  bits_->Resize(BytesForBits(length_));
  if (bits_->size() > 0)
    std::memset(bits_->mutable_data(), 0xFF, static_cast<size_t>(bits_->size()));
}

std::shared_ptr<Buffer> ValidityBuilder::Finish() {
  std::shared_ptr<Buffer> bits = std::move(bits_);
  bits_ = nullptr;
  length_ = 0;
  null_count_ = 0;
  return bits;
}

ColumnPtr BoolBuilder::Finish() {
  const int64_t length = validity_.length();
  const int64_t null_count = validity_.null_count();
  auto column = std::make_shared<Column>(DataType::Bool(), length, null_count, validity_.Finish(),
                                         std::move(values_));
  values_ = nullptr;
  return column;
}

StringBuilder::StringBuilder(DataType type, MemoryPool& pool)
    : type_(std::move(type)),
      offsets_(std::make_shared<Buffer>(pool)),
      data_(std::make_shared<Buffer>(pool)),
      validity_(pool) {
  const int32_t zero = 0;
  offsets_->Append(&zero, 4);
}

ColumnPtr StringBuilder::Finish() {
  const int64_t length = validity_.length();
  const int64_t null_count = validity_.null_count();
  auto column = std::make_shared<Column>(type_, length, null_count, validity_.Finish(),
                                         std::move(offsets_), std::move(data_));
  offsets_ = nullptr;
  data_ = nullptr;
  return column;
}

void StringBuilder::ThrowTooLarge() const {
  throw InvalidInput("a string column chunk would pass 2 GiB; split the input into smaller parts");
}

}  // namespace berserkr
