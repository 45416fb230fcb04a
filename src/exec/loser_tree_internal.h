#pragma once

// A tournament ("loser") tree over k sorted sources for a k-way merge: the smallest head costs
// ceil(log2 k) comparisons after each step, against about twice that for a binary heap, and every
// comparison is on the path from the changed leaf to the root.

#include <cstdint>
#include <utility>
#include <vector>

namespace berserkr::sort_internal {

// `Less(a, b)` says whether source a's head comes before source b's; it must order exhausted
// sources after all others, and must be a strict order on the live heads (no two heads equal,
// e.g. by breaking ties on the source's input position).
template <typename Less>
class LoserTree {
 public:
  // Plays the first tournament over sources [0, num_sources). REQUIRES: num_sources >= 1.
  LoserTree(int num_sources, Less less)
      : num_sources_(num_sources), less_(std::move(less)), losers_(num_sources, 0) {
    // winners[node] for the internal nodes 1..k-1; leaf i sits at node k + i.
    std::vector<int> winners(static_cast<size_t>(num_sources), 0);
    for (int node = num_sources - 1; node >= 1; --node) {
      const int left = Child(winners, 2 * node);
      const int right = Child(winners, 2 * node + 1);
      const bool left_wins = less_(left, right);
      winners[node] = left_wins ? left : right;
      losers_[node] = left_wins ? right : left;
    }
    winner_ = num_sources == 1 ? 0 : winners[1];
  }

  // The source whose head comes first.
  int winner() const { return winner_; }

  // Replays the winner's path after its head changed (it advanced or ran out).
  void ReplayWinner() {
    int candidate = winner_;
    for (int node = (candidate + num_sources_) / 2; node >= 1; node /= 2) {
      if (less_(losers_[node], candidate)) std::swap(losers_[node], candidate);
    }
    winner_ = candidate;
  }

 private:
  int Child(const std::vector<int>& winners, int node) const {
    return node >= num_sources_ ? node - num_sources_ : winners[node];
  }

  int num_sources_;
  Less less_;
  std::vector<int> losers_;  // losers_[node]: the source that lost the match at internal node
  int winner_ = 0;
};

}  // namespace berserkr::sort_internal
