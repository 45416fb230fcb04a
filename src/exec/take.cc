#include "berserkr/exec/take.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>
#include <vector>

#include "berserkr/common/error.h"
#include "berserkr/types/buffer.h"

namespace berserkr {
namespace {

// How many rows ahead a gather prefetches its source: random gathers (a hash join's build side)
// then wait for several cache misses at once instead of one after another.
constexpr int64_t kPrefetchDistance = 16;

// Prefetches element indices[row + kPrefetchDistance] of `values` when there is one.
template <typename T>
inline void PrefetchAhead(const T* values, const uint32_t* indices, int64_t row, int64_t count) {
  if (row + kPrefetchDistance >= count) return;
  const uint32_t ahead = indices[row + kPrefetchDistance];
  if (ahead != kNullIndex) __builtin_prefetch(values + ahead);
}

// Whether output row `index` of a gather is valid: kNullIndex rows (when allowed) and NULL source
// rows are not. `bits` may be null (no source row is NULL).
template <bool kWithNulls>
inline bool SourceValid(const uint8_t* bits, int64_t offset, uint32_t index) {
  if constexpr (kWithNulls) {
    if (index == kNullIndex) return false;
  }
  return bits == nullptr || GetBit(bits, offset + index);
}

// The validity bitmap of the gathered rows, or null when none of them is NULL.
template <bool kWithNulls>
std::shared_ptr<Buffer> TakeValidity(const Column& column, const uint32_t* indices, int64_t count,
                                     MemoryPool& pool, int64_t* null_count) {
  *null_count = 0;
  const uint8_t* bits = column.validity() == nullptr ? nullptr : column.validity()->data();
  if (bits == nullptr && !kWithNulls) return nullptr;
  auto bitmap = Buffer::Allocate(BytesForBits(count), pool);
  uint8_t* out = bitmap->mutable_data();
  std::memset(out, 0, static_cast<size_t>(bitmap->size()));
  const int64_t offset = column.offset();
  int64_t nulls = 0;
  for (int64_t row = 0; row < count; ++row) {
    const bool valid = SourceValid<kWithNulls>(bits, offset, indices[row]);
    out[row >> 3] |= static_cast<uint8_t>(static_cast<unsigned>(valid) << (row & 7));
    nulls += !valid;
  }
  *null_count = nulls;
  return nulls == 0 ? nullptr : bitmap;
}

template <typename T, bool kWithNulls>
std::shared_ptr<Buffer> GatherFixed(const Column& column, const uint32_t* indices, int64_t count,
                                    MemoryPool& pool) {
  auto buffer = Buffer::Allocate(count * static_cast<int64_t>(sizeof(T)), pool);
  const T* values = column.ValuesAs<T>();
  T* out = buffer->mutable_data_as<T>();
  for (int64_t row = 0; row < count; ++row) {
    PrefetchAhead(values, indices, row, count);
    const uint32_t index = indices[row];
    if constexpr (kWithNulls) {
      out[row] = index == kNullIndex ? T{} : values[index];
    } else {
      out[row] = values[index];
    }
  }
  return buffer;
}

template <bool kWithNulls>
std::shared_ptr<Buffer> GatherBits(const Column& column, const uint32_t* indices, int64_t count,
                                   MemoryPool& pool) {
  auto buffer = Buffer::Allocate(BytesForBits(count), pool);
  uint8_t* out = buffer->mutable_data();
  std::memset(out, 0, static_cast<size_t>(buffer->size()));
  const uint8_t* values = column.values()->data();
  const int64_t offset = column.offset();
  for (int64_t row = 0; row < count; ++row) {
    const uint32_t index = indices[row];
    bool bit;
    if constexpr (kWithNulls) {
      bit = index != kNullIndex && GetBit(values, offset + index);
    } else {
      bit = GetBit(values, offset + index);
    }
    out[row >> 3] |= static_cast<uint8_t>(static_cast<unsigned>(bit) << (row & 7));
  }
  return buffer;
}

// The int32 offsets of the gathered string, binary or list rows; `total` receives the item (or
// byte) count. Throws InvalidInput past 2 GiB.
template <bool kWithNulls>
std::shared_ptr<Buffer> GatherOffsets(const Column& column, const uint32_t* indices, int64_t count,
                                      MemoryPool& pool, int64_t* total) {
  auto buffer = Buffer::Allocate((count + 1) * 4, pool);
  int32_t* out = buffer->mutable_data_as<int32_t>();
  const int32_t* offsets = column.Offsets();
  int64_t end = 0;
  out[0] = 0;
  for (int64_t row = 0; row < count; ++row) {
    PrefetchAhead(offsets, indices, row, count);
    const uint32_t index = indices[row];
    if constexpr (kWithNulls) {
      if (index != kNullIndex) end += offsets[index + 1] - offsets[index];
    } else {
      end += offsets[index + 1] - offsets[index];
    }
    out[row + 1] = static_cast<int32_t>(end);
  }
  if (end > INT32_MAX) {
    throw InvalidInput("Take: the " + column.type().ToString() + " result would hold " +
                       std::to_string(end) +
                       (column.type().id() == TypeId::kList ? " items" : " bytes") +
                       ", past the 2 GiB limit of one column; take fewer rows at a time");
  }
  *total = end;
  return buffer;
}

template <bool kWithNulls>
ColumnPtr TakeImpl(const Column& column, const uint32_t* indices, int64_t count, MemoryPool& pool) {
  const DataType& type = column.type();
  if (type.id() == TypeId::kNull) return Column::MakeNull(type, count);
  int64_t null_count = 0;
  std::shared_ptr<Buffer> validity =
      TakeValidity<kWithNulls>(column, indices, count, pool, &null_count);
  std::shared_ptr<Buffer> values;
  std::shared_ptr<Buffer> data;
  std::vector<ColumnPtr> children;
  switch (type.id()) {
    case TypeId::kBool:
      values = GatherBits<kWithNulls>(column, indices, count, pool);
      break;
    case TypeId::kString:
    case TypeId::kBinary: {
      int64_t total_bytes = 0;
      values = GatherOffsets<kWithNulls>(column, indices, count, pool, &total_bytes);
      data = Buffer::Allocate(total_bytes, pool);
      const int32_t* source_offsets = column.Offsets();
      const int32_t* target_offsets = values->data_as<int32_t>();
      const uint8_t* source = column.data()->data();
      uint8_t* target = data->mutable_data();
      for (int64_t row = 0; row < count; ++row) {
        if (row + kPrefetchDistance < count) {
          const uint32_t ahead = indices[row + kPrefetchDistance];
          if (ahead != kNullIndex) __builtin_prefetch(source + source_offsets[ahead]);
        }
        const uint32_t index = indices[row];
        if constexpr (kWithNulls) {
          if (index == kNullIndex) continue;
        }
        std::memcpy(target + target_offsets[row], source + source_offsets[index],
                    static_cast<size_t>(source_offsets[index + 1] - source_offsets[index]));
      }
      break;
    }
    case TypeId::kList: {
      int64_t total_items = 0;
      values = GatherOffsets<kWithNulls>(column, indices, count, pool, &total_items);
      // The items of the taken lists, in order, become one Take on the item column.
      std::vector<uint32_t> item_indices(static_cast<size_t>(total_items));
      const int32_t* offsets = column.Offsets();
      size_t position = 0;
      for (int64_t row = 0; row < count; ++row) {
        const uint32_t index = indices[row];
        if constexpr (kWithNulls) {
          if (index == kNullIndex) continue;
        }
        for (int32_t item = offsets[index]; item < offsets[index + 1]; ++item) {
          item_indices[position++] = static_cast<uint32_t>(item);
        }
      }
      children.push_back(
          TakeImpl<false>(*column.children()[0], item_indices.data(), total_items, pool));
      break;
    }
    case TypeId::kStruct:
      // Struct fields are sliced with their parent, so they share its row numbers.
      for (const ColumnPtr& child : column.children()) {
        children.push_back(TakeImpl<kWithNulls>(*child, indices, count, pool));
      }
      break;
    default:
      switch (type.byte_width()) {
        case 1:
          values = GatherFixed<uint8_t, kWithNulls>(column, indices, count, pool);
          break;
        case 2:
          values = GatherFixed<uint16_t, kWithNulls>(column, indices, count, pool);
          break;
        case 4:
          values = GatherFixed<uint32_t, kWithNulls>(column, indices, count, pool);
          break;
        case 8:
          values = GatherFixed<uint64_t, kWithNulls>(column, indices, count, pool);
          break;
        case 16:
          values = GatherFixed<unsigned __int128, kWithNulls>(column, indices, count, pool);
          break;
        default:
          throw NotImplemented("Take: columns of type " + type.ToString());
      }
  }
  return std::make_shared<Column>(type, count, null_count, std::move(validity), std::move(values),
                                  std::move(data), std::move(children));
}

template <bool kWithNulls>
Batch TakeBatch(const Batch& batch, const uint32_t* indices, int64_t count, MemoryPool& pool) {
  Batch result{batch.schema, {}, count};
  result.columns.reserve(batch.columns.size());
  for (const ColumnPtr& column : batch.columns) {
    result.columns.push_back(TakeImpl<kWithNulls>(*column, indices, count, pool));
  }
  return result;
}

// Eight bits of `bits` starting at bit `bit_offset`, the ones past `remaining` cleared.
inline uint8_t LoadEightBits(const uint8_t* bits, int64_t bit_offset, int64_t remaining) {
  const int64_t byte_index = bit_offset >> 3;
  const int shift = static_cast<int>(bit_offset & 7);
  uint32_t word = static_cast<uint32_t>(bits[byte_index]) >> shift;
  if (shift != 0 && remaining > 8 - shift) {
    word |= static_cast<uint32_t>(bits[byte_index + 1]) << (8 - shift);
  }
  if (remaining < 8) word &= (1u << remaining) - 1;
  return static_cast<uint8_t>(word);
}

}  // namespace

ColumnPtr Take(const Column& column, const uint32_t* indices, int64_t count, MemoryPool& pool) {
  return TakeImpl<false>(column, indices, count, pool);
}

ColumnPtr TakeWithNulls(const Column& column, const uint32_t* indices, int64_t count,
                        MemoryPool& pool) {
  return TakeImpl<true>(column, indices, count, pool);
}

Batch Take(const Batch& batch, const uint32_t* indices, int64_t count, MemoryPool& pool) {
  return TakeBatch<false>(batch, indices, count, pool);
}

Batch TakeWithNulls(const Batch& batch, const uint32_t* indices, int64_t count, MemoryPool& pool) {
  return TakeBatch<true>(batch, indices, count, pool);
}

Table Take(const Table& table, const uint32_t* rows, int64_t count, ThreadPool* threads,
           MemoryPool& pool) {
  ThreadPool& thread_pool = threads == nullptr ? DefaultThreadPool() : *threads;
  const int num_columns = table.num_columns();
  // Global row ids index the concatenated columns (no copy for a table of one batch).
  std::vector<ColumnPtr> combined(static_cast<size_t>(num_columns));
  thread_pool.ParallelFor(num_columns, [&](int64_t column_index) {
    combined[column_index] = table.CombinedColumn(static_cast<int>(column_index));
  });
  int64_t batch_rows = 1;
  for (const Batch& batch : table.batches()) batch_rows = std::max(batch_rows, batch.num_rows);
  const int64_t num_batches = (count + batch_rows - 1) / batch_rows;
  std::vector<Batch> batches(static_cast<size_t>(num_batches));
  for (int64_t batch_index = 0; batch_index < num_batches; ++batch_index) {
    Batch& batch = batches[batch_index];
    batch.schema = table.schema();
    batch.num_rows = std::min(batch_rows, count - batch_index * batch_rows);
    batch.columns.resize(static_cast<size_t>(num_columns));
  }
  thread_pool.ParallelFor(num_batches * num_columns, [&](int64_t task) {
    const int64_t batch_index = task / num_columns;
    const int64_t column_index = task % num_columns;
    batches[batch_index].columns[column_index] =
        Take(*combined[column_index], rows + batch_index * batch_rows,
             batches[batch_index].num_rows, pool);
  });
  return Table(table.schema(), std::move(batches));
}

ColumnPtr Filter(const Column& column, const SelectionVector& selection, MemoryPool& pool) {
  return TakeImpl<false>(column, selection.indices.data(), selection.size(), pool);
}

Batch Filter(const Batch& batch, const SelectionVector& selection, MemoryPool& pool) {
  return TakeBatch<false>(batch, selection.indices.data(), selection.size(), pool);
}

SelectionVector SelectTrue(const Column& bool_column) {
  SelectionVector selection;
  if (bool_column.type().id() == TypeId::kNull) return selection;
  if (bool_column.type().id() != TypeId::kBool) {
    throw InvalidInput("a filter condition must be BOOLEAN, not " + bool_column.type().ToString());
  }
  const int64_t length = bool_column.length();
  const int64_t offset = bool_column.offset();
  const uint8_t* values = bool_column.values()->data();
  const uint8_t* validity =
      bool_column.validity() == nullptr ? nullptr : bool_column.validity()->data();
  // A NULL row's value bit is unspecified, so true rows are value AND validity, a byte at a time.
  auto true_bits = [&](int64_t row) {
    uint8_t byte = LoadEightBits(values, offset + row, length - row);
    if (validity != nullptr) byte &= LoadEightBits(validity, offset + row, length - row);
    return byte;
  };
  int64_t selected = 0;
  for (int64_t row = 0; row < length; row += 8) selected += std::popcount(true_bits(row));
  selection.indices.resize(static_cast<size_t>(selected));
  uint32_t* out = selection.indices.data();
  for (int64_t row = 0; row < length; row += 8) {
    unsigned byte = true_bits(row);
    while (byte != 0) {
      *out++ = static_cast<uint32_t>(row + std::countr_zero(byte));
      byte &= byte - 1;
    }
  }
  return selection;
}

}  // namespace berserkr
