#pragma once

// Builds a column chunk's dictionary: the distinct values in order of first appearance and, per
// value, its index. An open-addressing hash table of indices into the dictionary; values compare
// by bits for numbers (so NaN finds itself and -0.0 stays apart from 0.0, as PLAIN would keep
// them) and by bytes for byte arrays.

#include <bit>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string_view>
#include <type_traits>
#include <vector>

namespace berserkr::parquet {

template <typename T>
class DictionaryBuilder {
 public:
  // Returns false (leaving the outputs partial) as soon as the dictionary's PLAIN size passes
  // `max_bytes`, or when the first 64 Ki values are nearly all distinct (a dictionary of unique
  // values only adds the indices to PLAIN): the caller then writes PLAIN.
  bool Build(const std::vector<T>& values, int64_t max_bytes, std::vector<T>* dictionary,
             std::vector<uint32_t>* indices) {
    Resize(1024);
    indices->resize(values.size());
    int64_t dictionary_bytes = 0;
    for (size_t position = 0; position < values.size(); ++position) {
      if (position == kSampleValues && dictionary->size() * 10 > kSampleValues * 9) return false;
      const T& value = values[position];
      size_t slot = Hash(value) & mask_;
      while (true) {
        const int32_t entry = slots_[slot];
        if (entry < 0) {
          const auto index = static_cast<int32_t>(dictionary->size());
          dictionary->push_back(value);
          slots_[slot] = index;
          dictionary_bytes += PlainBytes(value);
          if (dictionary_bytes > max_bytes) return false;
          if (dictionary->size() * 2 > slots_.size()) Rehash(*dictionary);
          (*indices)[position] = static_cast<uint32_t>(index);
          break;
        }
        if (Equal((*dictionary)[static_cast<size_t>(entry)], value)) {
          (*indices)[position] = static_cast<uint32_t>(entry);
          break;
        }
        slot = (slot + 1) & mask_;
      }
    }
    return true;
  }

  static int64_t PlainBytes(const T& value) {
    if constexpr (std::is_same_v<T, std::string_view>) {
      return 4 + static_cast<int64_t>(value.size());
    } else {
      return sizeof(T);
    }
  }

 private:
  static constexpr size_t kSampleValues = 65536;

  static uint64_t Mix(uint64_t bits) {
    bits ^= bits >> 33;
    bits *= 0xff51afd7ed558ccdULL;
    bits ^= bits >> 33;
    bits *= 0xc4ceb9fe1a85ec53ULL;
    bits ^= bits >> 33;
    return bits;
  }
  static uint64_t Hash(const T& value) {
    if constexpr (std::is_same_v<T, std::string_view>) {
      return Mix(std::hash<std::string_view>{}(value));
    } else {
      uint64_t bits = 0;
      std::memcpy(&bits, &value, sizeof(T));
      return Mix(bits);
    }
  }
  static bool Equal(const T& a, const T& b) {
    if constexpr (std::is_same_v<T, std::string_view>) {
      return a == b;
    } else {
      return std::memcmp(&a, &b, sizeof(T)) == 0;
    }
  }
  void Resize(size_t capacity) {
    slots_.assign(capacity, -1);
    mask_ = capacity - 1;
  }
  void Rehash(const std::vector<T>& dictionary) {
    Resize(slots_.size() * 2);
    for (size_t index = 0; index < dictionary.size(); ++index) {
      size_t slot = Hash(dictionary[index]) & mask_;
      while (slots_[slot] >= 0) slot = (slot + 1) & mask_;
      slots_[slot] = static_cast<int32_t>(index);
    }
  }

  std::vector<int32_t> slots_;
  size_t mask_ = 0;
};

}  // namespace berserkr::parquet
