#include "jobs/ranking_metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace berserkr {
namespace {

// Row indices by score, highest first (ties by row).
std::vector<size_t> ByScoreDescending(const std::vector<double>& scores) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t left, size_t right) { return scores[left] > scores[right]; });
  return order;
}

}  // namespace

double RocAuc(const std::vector<double>& scores, const std::vector<uint8_t>& labels) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](size_t left, size_t right) { return scores[left] < scores[right]; });
  double positive_rank_sum = 0;
  double positives = 0;
  for (size_t start = 0; start < order.size();) {
    size_t end = start;
    while (end < order.size() && scores[order[end]] == scores[order[start]]) ++end;
    const double average_rank = (static_cast<double>(start + end) + 1) / 2;  // 1-based ranks
    for (size_t index = start; index < end; ++index) {
      if (labels[order[index]]) {
        positive_rank_sum += average_rank;
        ++positives;
      }
    }
    start = end;
  }
  const double negatives = static_cast<double>(scores.size()) - positives;
  if (positives == 0 || negatives == 0) return std::nan("");
  return (positive_rank_sum - positives * (positives + 1) / 2) / (positives * negatives);
}

double AveragePrecision(const std::vector<double>& scores, const std::vector<uint8_t>& labels) {
  const std::vector<size_t> order = ByScoreDescending(scores);
  const double total = static_cast<double>(std::count(labels.begin(), labels.end(), 1));
  if (total == 0) return std::nan("");
  double hits = 0;
  double seen = 0;
  double previous_recall = 0;
  double precision_sum = 0;
  for (size_t start = 0; start < order.size();) {
    size_t end = start;
    while (end < order.size() && scores[order[end]] == scores[order[start]]) {
      hits += labels[order[end]];
      ++end;
    }
    seen = static_cast<double>(end);
    const double recall = hits / total;
    precision_sum += (recall - previous_recall) * (hits / seen);
    previous_recall = recall;
    start = end;
  }
  return precision_sum;
}

double LogLoss(const std::vector<double>& probabilities, const std::vector<uint8_t>& labels) {
  if (probabilities.empty()) return std::nan("");
  double sum = 0;
  for (size_t row = 0; row < probabilities.size(); ++row) {
    const double p = std::clamp(probabilities[row], 1e-15, 1 - 1e-15);
    sum -= labels[row] ? std::log(p) : std::log(1 - p);
  }
  return sum / static_cast<double>(probabilities.size());
}

TopKMetrics RankAtK(const std::vector<double>& scores, const std::vector<uint8_t>& labels,
                    const std::vector<uint32_t>& customers, const std::vector<int64_t>& positives,
                    int k) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t left, size_t right) {
    if (customers[left] != customers[right]) return customers[left] < customers[right];
    return scores[left] > scores[right];
  });
  TopKMetrics metrics;
  std::vector<uint8_t> seen(positives.size(), 0);
  for (size_t start = 0; start < order.size();) {
    const uint32_t customer = customers[order[start]];
    size_t end = start;
    while (end < order.size() && customers[order[end]] == customer) ++end;
    seen[customer] = 1;
    if (positives[customer] > 0) {
      double hits = 0;
      double dcg = 0;
      for (size_t rank = 0; rank < static_cast<size_t>(k) && start + rank < end; ++rank) {
        if (!labels[order[start + rank]]) continue;
        ++hits;
        dcg += 1 / std::log2(static_cast<double>(rank) + 2);
      }
      double ideal = 0;
      for (int64_t rank = 0; rank < std::min<int64_t>(k, positives[customer]); ++rank) {
        ideal += 1 / std::log2(static_cast<double>(rank) + 2);
      }
      metrics.precision += hits / k;
      metrics.recall += hits / static_cast<double>(positives[customer]);
      metrics.ndcg += dcg / ideal;
      ++metrics.customers;
    }
    start = end;
  }
  // Customers who bought but had no candidate at all count as complete misses.
  for (size_t customer = 0; customer < positives.size(); ++customer) {
    if (!seen[customer] && positives[customer] > 0) ++metrics.customers;
  }
  if (metrics.customers > 0) {
    const double count = static_cast<double>(metrics.customers);
    metrics.precision /= count;
    metrics.recall /= count;
    metrics.ndcg /= count;
  }
  return metrics;
}

}  // namespace berserkr
