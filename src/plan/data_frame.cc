#include "berserkr/plan/data_frame.h"

#include "berserkr/common/error.h"
#include "berserkr/formats/csv_writer.h"
#include "berserkr/formats/json_writer.h"
#include "plan/executor_internal.h"
#include "plan/logical_plan.h"
#include "plan/optimizer.h"

namespace berserkr {
namespace {

std::shared_ptr<LogicalNode> NewNode(LogicalNode::Kind kind,
                                     std::shared_ptr<const LogicalNode> input) {
  auto node = std::make_shared<LogicalNode>();
  node->kind = kind;
  if (input) node->inputs.push_back(std::move(input));
  return node;
}

// A column reference keeps its (last path part's) name; anything else is named by its text.
std::string DefaultName(const Expr& expression) {
  if (expression->kind() == ExpressionKind::kColumn) {
    const std::string& path = expression->name();
    const size_t dot = path.rfind('.');
    return dot == std::string::npos ? path : path.substr(dot + 1);
  }
  return expression->ToString();
}

AggregateSpec Spec(std::string function, std::vector<ExprPtr> arguments) {
  AggregateSpec spec;
  spec.name = function;
  spec.function = std::move(function);
  spec.arguments = std::move(arguments);
  return spec;
}

}  // namespace

AggregateSpec AggregateSpec::As(std::string output_name) const {
  AggregateSpec copy = *this;
  copy.name = std::move(output_name);
  return copy;
}

AggregateSpec Aggregate(std::string function, std::vector<ExprPtr> arguments, std::string name,
                        AggregateOptions options) {
  AggregateSpec spec = Spec(std::move(function), std::move(arguments));
  spec.name = std::move(name);
  spec.options = options;
  return spec;
}
AggregateSpec Sum(Expr value) { return Spec("sum", {value}); }
AggregateSpec Mean(Expr value) { return Spec("avg", {value}); }
AggregateSpec Min(Expr value) { return Spec("min", {value}); }
AggregateSpec Max(Expr value) { return Spec("max", {value}); }
AggregateSpec Count(Expr value) { return Spec("count", {value}); }
AggregateSpec CountStar() { return Spec("count_star", {}); }
AggregateSpec Median(Expr value) { return Spec("median", {value}); }
AggregateSpec StdDev(Expr value) { return Spec("stddev", {value}); }
AggregateSpec Corr(Expr left, Expr right) { return Spec("corr", {left, right}); }
AggregateSpec TopK(Expr value, int64_t k) {
  AggregateSpec spec = Spec("top_k", {value});
  spec.options.k = k;
  return spec;
}

DataFrame DataFrame::FromTable(Table table) {
  auto node = NewNode(LogicalNode::Kind::kTable, nullptr);
  node->schema = table.schema();
  node->table = std::move(table);
  return DataFrame(node);
}

DataFrame DataFrame::ScanCsv(const std::vector<std::string>& sources, CsvOptions options,
                             ReadStats* stats) {
  auto node = NewNode(LogicalNode::Kind::kScan, nullptr);
  node->scanner = std::make_shared<CsvScanner>(sources, std::move(options));
  node->schema = node->scanner->schema();
  node->scan_stats = stats;
  return DataFrame(node);
}

DataFrame DataFrame::ScanParquet(const std::vector<std::string>& sources,
                                 ParquetReadOptions options, ReadStats* stats) {
  auto node = NewNode(LogicalNode::Kind::kScan, nullptr);
  node->scanner = std::make_shared<ParquetScanner>(sources, std::move(options));
  node->schema = node->scanner->schema();
  node->scan_stats = stats;
  return DataFrame(node);
}

DataFrame DataFrame::Scan(std::shared_ptr<const ScanSource> source, ReadStats* stats) {
  auto node = NewNode(LogicalNode::Kind::kScan, nullptr);
  node->scanner = std::move(source);
  node->schema = node->scanner->schema();
  node->scan_stats = stats;
  return DataFrame(node);
}

DataFrame DataFrame::ReadJson(const std::vector<std::string>& sources, JsonOptions options,
                              ReadStats* stats) {
  return FromTable(berserkr::ReadJson(sources, options, stats));
}

DataFrame DataFrame::Filter(Expr predicate) const {
  BoundExpression bound = Bind(predicate, schema());
  if (bound.type().id() != TypeId::kBool && bound.type().id() != TypeId::kNull) {
    throw InvalidInput("a filter needs a BOOLEAN condition, but " + predicate->ToString() + " is " +
                       bound.type().ToString());
  }
  auto node = NewNode(LogicalNode::Kind::kFilter, node_);
  node->schema = node_->schema;
  node->expressions.push_back(std::move(bound));
  return DataFrame(node);
}

DataFrame DataFrame::Select(std::vector<NamedExpr> columns) const {
  auto node = NewNode(LogicalNode::Kind::kProject, node_);
  std::vector<Field> fields;
  for (const NamedExpr& column : columns) {
    BoundExpression bound = Bind(column.expression, schema());
    fields.push_back(
        {column.name.empty() ? DefaultName(column.expression) : column.name, bound.type(), true});
    node->expressions.push_back(std::move(bound));
  }
  node->schema = std::make_shared<Schema>(std::move(fields));
  return DataFrame(node);
}

DataFrame DataFrame::WithColumn(std::string name, Expr value) const {
  std::vector<NamedExpr> columns;
  bool replaced = false;
  for (const Field& field : schema().fields()) {
    if (field.name == name) {
      columns.push_back({name, value});
      replaced = true;
    } else {
      columns.push_back({field.name, Col(field.name)});
    }
  }
  if (!replaced) columns.push_back({std::move(name), value});
  return Select(std::move(columns));
}

GroupedDataFrame DataFrame::GroupBy(std::vector<Expr> keys) const {
  return GroupedDataFrame(*this, std::move(keys));
}

DataFrame DataFrame::Sort(std::vector<SortSpec> keys) const {
  auto node = NewNode(LogicalNode::Kind::kSort, node_);
  node->schema = node_->schema;
  for (const SortSpec& key : keys) {
    // Binding the name gives the same "did you mean" message as any other column reference.
    const std::optional<int> index = schema().FieldIndex(key.column);
    if (!index) {
      Bind(Col(key.column), schema());  // throws for an unknown name
      // The name is a struct field reached by a dotted path: select it as a column first.
      throw NotImplemented("sorting by the struct field '" + key.column +
                           "': add it as a column with WithColumn, then sort by that");
    }
    node->sort_keys.push_back({*index, key.ascending, key.nulls_first});
  }
  return DataFrame(node);
}

DataFrame DataFrame::Limit(int64_t count, int64_t offset) const {
  if (count < 0 || offset < 0) throw InvalidInput("LIMIT and OFFSET cannot be negative");
  auto node = NewNode(LogicalNode::Kind::kLimit, node_);
  node->schema = node_->schema;
  node->limit = count;
  node->offset = offset;
  return DataFrame(node);
}

const Schema& DataFrame::schema() const { return *node_->schema; }

Table DataFrame::Collect() const {
  const std::shared_ptr<const LogicalNode> optimized = Optimize(node_);
  return Table(optimized->schema, ExecutePlan(*optimized));
}

void DataFrame::ForEachBatch(const std::function<void(const Batch&)>& consume) const {
  const std::shared_ptr<const LogicalNode> optimized = Optimize(node_);
  ExecutePlanInto(*optimized, [&](Batch batch, int64_t) { consume(batch); });
}

void DataFrame::WriteCsv(const std::string& path, const CsvWriteOptions& options) const {
  const std::shared_ptr<const LogicalNode> optimized = Optimize(node_);
  CsvWriter writer(path, optimized->schema, options);
  ExecutePlanInOrder(*optimized, [&](Batch batch) { writer.Write(batch); });
  writer.Close();
}

void DataFrame::WriteJsonLines(const std::string& path) const {
  const std::shared_ptr<const LogicalNode> optimized = Optimize(node_);
  JsonLinesWriter writer(path, optimized->schema);
  ExecutePlanInOrder(*optimized, [&](Batch batch) { writer.Write(batch); });
  writer.Close();
}

ParquetWriteSummary DataFrame::WriteParquet(const std::string& location,
                                            const ParquetWriteOptions& options) const {
  const std::shared_ptr<const LogicalNode> optimized = Optimize(node_);
  ParquetWriter writer(location, optimized->schema, options);
  ExecutePlanInOrder(*optimized, [&](Batch batch) { writer.Write(batch); });
  return writer.Close();
}

std::string DataFrame::Explain() const {
  return "Logical plan:\n" + ExplainPlan(*node_) + "Optimized plan:\n" +
         ExplainPlan(*Optimize(node_));
}

DataFrame GroupedDataFrame::Agg(std::vector<AggregateSpec> aggregates) const {
  const Schema& input_schema = input_.schema();
  auto node = NewNode(LogicalNode::Kind::kAggregate, input_.node_);
  std::vector<Field> fields;
  for (const Expr& key : keys_) {
    BoundExpression bound = Bind(key, input_schema);
    fields.push_back({DefaultName(key), bound.type(), true});
    node->expressions.push_back(std::move(bound));
  }
  for (const AggregateSpec& spec : aggregates) {
    BoundAggregate aggregate{spec.function, {}, spec.options, spec.name};
    std::vector<DataType> argument_types;
    for (const ExprPtr& argument : spec.arguments) {
      aggregate.arguments.push_back(Bind(argument, input_schema));
      argument_types.push_back(aggregate.arguments.back().type());
    }
    // Made once here so an unknown function or unsupported type fails now, with the result type.
    const DataType type =
        MakeGroupedAggregator(spec.function, argument_types, spec.options)->result_type();
    fields.push_back({spec.name, type, true});
    node->aggregates.push_back(std::move(aggregate));
  }
  node->schema = std::make_shared<Schema>(std::move(fields));
  return DataFrame(node);
}

}  // namespace berserkr
