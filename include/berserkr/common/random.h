#pragma once

// The random stream of the data generators (bench/ and `berserkr gen`): splitmix64 for seeding,
// xoshiro256** for values. Fixed by definition (unlike std:: distributions), so a seed names one
// file on every platform.

#include <cstdint>

namespace berserkr {

// splitmix64 step: seeds the generators and mixes (seed, block) into independent streams.
inline uint64_t SplitMix64(uint64_t& state) {
  uint64_t mixed = (state += 0x9E3779B97F4A7C15ull);
  mixed = (mixed ^ (mixed >> 30)) * 0xBF58476D1CE4E5B9ull;
  mixed = (mixed ^ (mixed >> 27)) * 0x94D049BB133111EBull;
  return mixed ^ (mixed >> 31);
}

// xoshiro256** (Blackman and Vigna). Its output is fixed by its definition, unlike the
// std:: distributions whose results differ between standard libraries, so a seed names one file.
class RandomGenerator {
 public:
  // Streams with different `stream` numbers are independent: the starting point is a hash of both
  // numbers, not seed + stream, which would make neighbouring streams overlap.
  RandomGenerator(uint64_t seed, uint64_t stream) {
    uint64_t seed_state = seed;
    uint64_t stream_state = stream;
    uint64_t state = SplitMix64(seed_state) ^ SplitMix64(stream_state);
    for (uint64_t& word : state_) word = SplitMix64(state);
  }

  uint64_t Next() {
    const uint64_t result = RotateLeft(state_[1] * 5, 7) * 9;
    const uint64_t shifted = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= shifted;
    state_[3] = RotateLeft(state_[3], 45);
    return result;
  }

  // Uniform in [0, bound) by Lemire's multiply-shift; the bias (bound / 2^64) is far below what
  // any group-by result could show, and it avoids a division per value.
  uint64_t Below(uint64_t bound) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * bound) >> 64);
  }
  // Uniform in [0, 1), from the top 53 bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

 private:
  static uint64_t RotateLeft(uint64_t value, int bits) {
    return (value << bits) | (value >> (64 - bits));
  }

  uint64_t state_[4];
};

}  // namespace berserkr
