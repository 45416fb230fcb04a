#pragma once

// The generators' random stream lives in the library (berserkr gen uses it too).

#include "berserkr/common/random.h"

namespace berserkr::bench {

using berserkr::RandomGenerator;
using berserkr::SplitMix64;

}  // namespace berserkr::bench
