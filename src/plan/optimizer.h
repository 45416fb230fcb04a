#pragma once

// Rewrites a logical plan before it runs, keeping its answer: projection pushdown, so each scan
// converts only the columns the plan above it uses (constant folding already happens in Bind).

#include <memory>

#include "plan/logical_plan.h"

namespace berserkr {

std::shared_ptr<const LogicalNode> Optimize(const std::shared_ptr<const LogicalNode>& root);

}  // namespace berserkr
