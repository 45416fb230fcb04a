#pragma once

// Rewrites a logical plan before it runs, keeping its answer: filters move below joins to the side
// they read (predicate pushdown), then each node asks its input only for the columns it uses, so
// scans convert only those (projection pushdown). Constant folding already happens in Bind.

#include <memory>

#include "plan/logical_plan.h"

namespace berserkr {

std::shared_ptr<const LogicalNode> Optimize(const std::shared_ptr<const LogicalNode>& root);

}  // namespace berserkr
