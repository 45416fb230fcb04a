#pragma once

// How well scores rank and predict binary outcomes: ROC AUC, PR AUC (average precision), log loss,
// and per-customer precision, recall and NDCG at k. Definitions as scikit-learn's
// (roc_auc_score, average_precision_score, log_loss) and the usual top-k ones.

#include <cstdint>
#include <string>
#include <vector>

namespace berserkr {

// Mann-Whitney: the chance a random positive scores above a random negative, ties counting half.
// NaN when there are no positives or no negatives.
double RocAuc(const std::vector<double>& scores, const std::vector<uint8_t>& labels);
// Σ (recall_n − recall_{n−1}) · precision_n over distinct score thresholds, highest first.
double AveragePrecision(const std::vector<double>& scores, const std::vector<uint8_t>& labels);
// Mean of −log(p) for positives and −log(1 − p) for negatives, p clipped to [1e-15, 1 − 1e-15].
double LogLoss(const std::vector<double>& probabilities, const std::vector<uint8_t>& labels);

struct TopKMetrics {
  double precision = 0;
  double recall = 0;
  double ndcg = 0;
  int64_t customers = 0;  // customers averaged over: those with at least one actual purchase
};

// Ranks each customer's candidates by score (ties: lower row first) and averages over customers
// with purchases: precision@k = hits in the top k ÷ k; recall@k = hits ÷ the customer's actual
// purchases (`positives[customer]`, which counts purchases no candidate covered too); NDCG@k =
// Σ hit_i / log2(i + 1) over the top k ÷ the same for the ideal ranking of min(k, purchases) hits.
// `customers[row]` is a dense customer index into `positives`.
TopKMetrics RankAtK(const std::vector<double>& scores, const std::vector<uint8_t>& labels,
                    const std::vector<uint32_t>& customers, const std::vector<int64_t>& positives,
                    int k);

}  // namespace berserkr
