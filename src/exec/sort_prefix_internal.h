#pragma once

// The fast path of the sort kernels: the first key of every row normalized to a 64-bit prefix
// that compares as an unsigned integer in the key's order, so the bulk of a sort is a radix sort
// and most comparisons one unsigned compare. Only equal prefixes go to the RowComparator.

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "exec/sort_internal.h"

namespace berserkr::sort_internal {

inline constexpr uint64_t kSignBit = uint64_t{1} << 63;

// Whether equal prefixes (see ExtractPrefixes) mean equal values of the first key.
inline bool PrefixIsExact(TypeId type_id) {
  return type_id != TypeId::kDecimal && type_id != TypeId::kString && type_id != TypeId::kBinary;
}

inline uint64_t NormalizeSigned(int64_t value) { return static_cast<uint64_t>(value) ^ kSignBit; }

// IEEE trick: flip every bit of negatives, only the sign bit of positives. -0.0 becomes 0.0 and
// every NaN the one positive quiet NaN, which lands after +infinity.
inline uint64_t NormalizeDouble(double value) {
  if (value == 0) value = 0;
  if (std::isnan(value)) return 0x7FF8000000000000ull | kSignBit;
  const uint64_t bits = std::bit_cast<uint64_t>(value);
  return (bits & kSignBit) != 0 ? ~bits : bits | kSignBit;
}

// The first seven bytes, big-endian and zero-padded, then min(length, 8) in the low byte. A
// string that is a prefix of another gets a smaller or equal prefix, so unequal prefixes order as
// the strings do; equal prefixes with a low byte under 8 mean equal strings (see
// StringPrefixIsExact), so only strings of 8 bytes or more need the full comparison.
inline uint64_t NormalizeBytes(const char* bytes, int32_t length) {
  uint64_t word = 0;
  std::memcpy(&word, bytes, static_cast<size_t>(std::min<int32_t>(length, 7)));
  return (__builtin_bswap64(word) & ~uint64_t{0xFF}) | static_cast<uint64_t>(std::min(length, 8));
}

// Whether a string key's (direction-applied) prefix identifies the string exactly.
inline bool StringPrefixIsExact(uint64_t prefix, bool ascending) {
  return ((ascending ? prefix : ~prefix) & 0xFF) < 8;
}

// The loop of ExtractPrefixes for one physical type; `normalize(row)` gives a valid row's prefix.
template <bool kHasNulls, typename Normalize>
int64_t ExtractLoop(const KeyColumn& key, int64_t begin, int64_t end, uint64_t flip,
                    uint64_t* prefixes, uint32_t* rows, std::vector<uint32_t>& null_rows,
                    Normalize normalize) {
  int64_t count = 0;
  for (int64_t row = begin; row < end; ++row) {
    const uint32_t row_id = static_cast<uint32_t>(row);
    if constexpr (kHasNulls) {
      if (!key.IsValid(row_id)) {
        null_rows.push_back(row_id);
        continue;
      }
    }
    prefixes[count] = normalize(row_id) ^ flip;
    rows[count] = row_id;
    ++count;
  }
  return count;
}

template <typename Normalize>
int64_t ExtractWith(const KeyColumn& key, int64_t begin, int64_t end, uint64_t* prefixes,
                    uint32_t* rows, std::vector<uint32_t>& null_rows, Normalize normalize) {
  const uint64_t flip = key.ascending ? 0 : ~uint64_t{0};
  if (key.validity == nullptr) {
    return ExtractLoop<false>(key, begin, end, flip, prefixes, rows, null_rows, normalize);
  }
  return ExtractLoop<true>(key, begin, end, flip, prefixes, rows, null_rows, normalize);
}

// For rows [begin, end) of `key`: writes the prefix and row id of each non-NULL row to
// prefixes/rows (returning how many) and appends the NULL rows to `null_rows`, in row order.
// Prefixes compare as unsigned integers in the key's order (direction applied); equal prefixes
// need the comparator unless PrefixIsExact.
inline int64_t ExtractPrefixes(const KeyColumn& key, int64_t begin, int64_t end, uint64_t* prefixes,
                               uint32_t* rows, std::vector<uint32_t>& null_rows) {
  auto extract = [&](auto normalize) {
    return ExtractWith(key, begin, end, prefixes, rows, null_rows, normalize);
  };
  switch (key.type_id) {
    case TypeId::kBool:
      return extract(
          [&](uint32_t row) -> uint64_t { return GetBit(key.bool_bits, key.offset + row); });
    case TypeId::kInt8:
      return extract([&](uint32_t row) { return NormalizeSigned(key.Value<int8_t>(row)); });
    case TypeId::kInt16:
      return extract([&](uint32_t row) { return NormalizeSigned(key.Value<int16_t>(row)); });
    case TypeId::kInt32:
    case TypeId::kDate:
      return extract([&](uint32_t row) { return NormalizeSigned(key.Value<int32_t>(row)); });
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return extract([&](uint32_t row) { return NormalizeSigned(key.Value<int64_t>(row)); });
    case TypeId::kFloat32:
      return extract([&](uint32_t row) { return NormalizeDouble(key.Value<float>(row)); });
    case TypeId::kFloat64:
      return extract([&](uint32_t row) { return NormalizeDouble(key.Value<double>(row)); });
    case TypeId::kDecimal:
      return extract([&](uint32_t row) {
        return NormalizeSigned(static_cast<int64_t>(key.Value<__int128>(row) >> 64));
      });
    case TypeId::kString:
    case TypeId::kBinary:
      return extract([&](uint32_t row) {
        return NormalizeBytes(key.bytes + key.offsets[row],
                              key.offsets[row + 1] - key.offsets[row]);
      });
    default:  // the null type: every row is NULL
      for (int64_t row = begin; row < end; ++row) null_rows.push_back(static_cast<uint32_t>(row));
      return 0;
  }
}

// Sorts `count` (prefix, row) pairs by prefix, stably: LSD radix on bytes, skipping the bytes all
// entries share. The scratch arrays hold `count` entries; the result ends in prefixes/rows.
inline void RadixSort(uint64_t* prefixes, uint32_t* rows, int64_t count, uint64_t* scratch_prefixes,
                      uint32_t* scratch_rows) {
  if (count < 2) return;
  if (count < 64) {  // insertion sort: stable and fast at this size
    for (int64_t index = 1; index < count; ++index) {
      const uint64_t prefix = prefixes[index];
      const uint32_t row = rows[index];
      int64_t position = index;
      for (; position > 0 && prefixes[position - 1] > prefix; --position) {
        prefixes[position] = prefixes[position - 1];
        rows[position] = rows[position - 1];
      }
      prefixes[position] = prefix;
      rows[position] = row;
    }
    return;
  }
  std::vector<std::array<int64_t, 256>> counts(8);
  for (auto& digit_counts : counts) digit_counts.fill(0);
  for (int64_t index = 0; index < count; ++index) {
    const uint64_t prefix = prefixes[index];
    for (int digit = 0; digit < 8; ++digit) ++counts[digit][(prefix >> (8 * digit)) & 0xFF];
  }
  uint64_t* source_prefixes = prefixes;
  uint32_t* source_rows = rows;
  uint64_t* target_prefixes = scratch_prefixes;
  uint32_t* target_rows = scratch_rows;
  for (int digit = 0; digit < 8; ++digit) {
    const int shift = 8 * digit;
    std::array<int64_t, 256>& positions = counts[digit];
    if (positions[(source_prefixes[0] >> shift) & 0xFF] == count) continue;  // one bucket
    int64_t running = 0;
    for (int64_t& position : positions) {
      const int64_t bucket = position;
      position = running;
      running += bucket;
    }
    for (int64_t index = 0; index < count; ++index) {
      const uint64_t prefix = source_prefixes[index];
      const int64_t position = positions[(prefix >> shift) & 0xFF]++;
      target_prefixes[position] = prefix;
      target_rows[position] = source_rows[index];
    }
    std::swap(source_prefixes, target_prefixes);
    std::swap(source_rows, target_rows);
  }
  if (source_prefixes != prefixes) {
    std::memcpy(prefixes, source_prefixes, static_cast<size_t>(count) * sizeof(uint64_t));
    std::memcpy(rows, source_rows, static_cast<size_t>(count) * sizeof(uint32_t));
  }
}

}  // namespace berserkr::sort_internal
