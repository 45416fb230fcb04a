// `berserkr propensity train|evaluate|score`: purchase propensity per customer and item.

#include <chrono>
#include <cmath>
#include <cstdio>

#include "berserkr/commands.h"
#include "berserkr/jobs/propensity.h"
#include "berserkr/jobs/retail_report.h"
#include "berserkr/read_sources.h"
#include "berserkr/types/temporal.h"

namespace berserkr::cli {
namespace {

int RunPropensityCommand(const std::string& action, int argc, char** argv, int first) {
  const bool train = action == "train";
  const bool evaluate = action == "evaluate";
  Arguments arguments(
      "propensity " + action,
      "berserkr propensity " + action + " --input SRC... --model DIR" +
          (train ? "" : " --out DIR") + " [options]",
      train
          ? "Trains the purchase-propensity model on transaction lines (Online Retail columns, or\n"
            "--map): candidates per customer, synthesized features, gradient-boosted trees with\n"
            "early stopping, a logistic-regression baseline. Writes the model directory."
      : evaluate
          ? "Evaluates a trained model and the baselines on the held-out period after the model's\n"
            "evaluation cutoff: DIR/metrics.json and DIR/report.html."
          : "Scores every customer's candidates at the day after the data and writes the top\n"
            "items per customer to DIR/scores.csv and DIR/scores.parquet (customer_id, "
            "stock_code,\n"
            "probability, rank).");
  arguments.AddOption("input", "SRC",
                      "transaction files (CSV or Parquet), directories or globs (repeatable)");
  arguments.AddOption("model", "DIR", "the model directory");
  if (!train) arguments.AddOption("out", "DIR", "output directory");
  arguments.AddOption("map", "FIELD=COL,...", "input columns, as for retail report");
  if (train) {
    arguments.AddOption("cutoff", "YYYY-MM-DD",
                        "evaluation cutoff (default: the last day + 1 - horizon)");
    arguments.AddOption("horizon", "DAYS", "days a purchase counts in after a cutoff (default 30)");
    arguments.AddOption("training-cutoffs", "N", "training cutoffs before validation (default 3)");
    arguments.AddOption("seed", "S", "random seed of the trees (default 42)");
  } else {
    arguments.AddOption("top", "K", "k of precision@k and of the items kept per customer (10)");
  }
  AddReadArguments(arguments);
  arguments.Parse(argc, argv, first);
  if (arguments.help_requested()) {
    std::fputs(arguments.Help().c_str(), stdout);
    return 0;
  }
  const std::vector<std::string> inputs = InputSources(arguments, "the transaction files");
  const std::string model =
      RequiredOption(arguments, "model", "say where the model is with --model DIR");
  const std::string out =
      train ? "" : RequiredOption(arguments, "out", "say where to write with --out DIR");
  PropensityOptions options;
  if (train) {
    options.horizon_days = PositiveNumberOption(arguments, "horizon", options.horizon_days);
    options.training_cutoffs =
        PositiveNumberOption(arguments, "training-cutoffs", options.training_cutoffs);
    options.seed = static_cast<uint64_t>(PositiveNumberOption(arguments, "seed", 42));
    if (auto cutoff = arguments.Get("cutoff")) {
      options.cutoff = ParseDate(*cutoff);
      if (!options.cutoff) throw UsageError("--cutoff takes YYYY-MM-DD, not '" + *cutoff + "'");
    }
  } else {
    options.top = PositiveNumberOption(arguments, "top", options.top);
  }
  RetailColumnMap columns;
  if (auto map = arguments.Get("map")) columns.Apply(*map);
  ApplyResourceArguments(arguments);

  const auto start = std::chrono::steady_clock::now();
  const Table raw = LoadRetailInput(inputs, columns, arguments);
  std::vector<CleaningStep> steps;
  const Table lines = CleanRetailLines(raw, RetailCleaningOptions{}, steps);
  auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  if (train) {
    const PropensityModelInfo info = TrainPropensity(lines, options, model);
    std::fprintf(stderr,
                 "berserkr: trained on %lld candidates (cutoffs from %s), validated on %lld; "
                 "best round %d (%.1f s)\n",
                 static_cast<long long>(info.training_rows),
                 FormatDate(info.first_training_cutoff).c_str(),
                 static_cast<long long>(info.validation_rows), info.best_round, seconds());
    std::printf("%s\n", model.c_str());
  } else if (evaluate) {
    const PropensityEvaluation evaluation = EvaluatePropensity(lines, options, model, out);
    for (const auto& [name, metrics] : evaluation.models) {
      std::fprintf(stderr, "  %-10s PR AUC %.4f  ROC AUC %.4f  precision@%d %.4f  recall@%d %.4f\n",
                   name.c_str(), metrics.pr_auc, metrics.roc_auc, options.top,
                   metrics.precision_at_k, options.top, metrics.recall_at_k);
    }
    std::fprintf(stderr, "berserkr: candidate recall %.3f (%.1f s)\n", evaluation.candidate_recall,
                 seconds());
    std::printf("%s/report.html\n", out.c_str());
  } else {
    const Table scores = ScorePropensity(lines, options, model, out);
    std::fprintf(stderr, "berserkr: %lld scores (%.1f s)\n",
                 static_cast<long long>(scores.num_rows()), seconds());
    std::printf("%s/scores.csv\n", out.c_str());
  }
  return 0;
}

}  // namespace

int RunPropensity(int argc, char** argv, int first) {
  std::vector<std::pair<std::string, Subcommand>> actions;
  for (const char* action : {"train", "evaluate", "score"}) {
    actions.push_back({action, [action](int count, char** values, int start) {
                         return RunPropensityCommand(action, count, values, start);
                       }});
  }
  return RunSubcommand(
      "propensity",
      "usage: berserkr propensity train|evaluate|score --input SRC... --model DIR [--out DIR]",
      actions, argc, argv, first);
}

}  // namespace berserkr::cli
