// `chorus estimate`: multiple systems estimation on a capture-history table
// or on the victims of the store as the chosen sources (lists) recorded
// them, optionally one estimate per stratum (docs/estimation.md). Log-linear
// models with model selection, the latent-class sampler, or model averaging
// over graphs; text or JSON, an SVG of the posterior, and small-cell
// suppression for publication.
#include <CLI/CLI.hpp>
#include <cmath>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <variant>

#include "cli/command.h"
#include "cli/store_access.h"
#include "estimate/bma.h"
#include "estimate/capture_records.h"
#include "estimate/capture_table.h"
#include "estimate/latent_class.h"
#include "estimate/loglinear.h"
#include "estimate/report.h"
#include "formats/csv.h"

namespace chorus::cli {
namespace {

struct EstimateOptions {
  std::string table_path;
  std::string method = "loglinear";
  std::string terms;
  bool terms_given = false;
  std::string criterion = "aic";
  uint64_t seed = 1;
  estimate::LatentClassOptions latent;
  int64_t max_unobserved = 0;
  std::string plot;
  int64_t suppress_below = 0;
  std::string noun = "people";
  std::vector<std::string> lists;
  std::string stratify;
  bool json = false;
};

// A number for publication: null when suppressed (the caller adds a note).
nlohmann::json Published(double value, int64_t threshold) {
  if (threshold > 1 && value > 0 && value < static_cast<double>(threshold)) return nullptr;
  if (!std::isfinite(value)) return nullptr;
  return value;
}

nlohmann::json PublishedCount(int64_t value, int64_t threshold) {
  if (threshold > 1 && value > 0 && value < threshold) return nullptr;
  return value;
}

std::string Round(double value) {
  if (!std::isfinite(value)) return "unbounded";
  return estimate::WithThousands(static_cast<int64_t>(std::llround(value)));
}

std::string Documented(int64_t observed, int64_t threshold) {
  if (threshold > 1 && observed > 0 && observed < threshold)
    return "fewer than " + std::to_string(threshold);
  return estimate::WithThousands(observed);
}

std::string Format(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

nlohmann::json WarningsJson(const std::vector<estimate::EstimateWarning>& warnings) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& w : warnings) out.push_back({{"code", w.code}, {"message", w.message}});
  return out;
}

nlohmann::json CellsJson(const estimate::CaptureTable& table, int64_t threshold) {
  nlohmann::json cells = nlohmann::json::array();
  for (const auto& cell : estimate::SuppressSmallCells(table, threshold)) {
    std::string pattern;  // "1010": one digit per list, in header order
    for (int list_idx = 0; list_idx < table.num_lists(); ++list_idx) {
      pattern += ((cell.mask >> list_idx) & 1u) ? '1' : '0';
    }
    cells.push_back(
        {{"pattern", pattern},
         {"count", cell.suppressed ? nlohmann::json(nullptr) : nlohmann::json(cell.count)},
         {"suppressed", cell.suppressed}});
  }
  return cells;
}

nlohmann::json FitJson(const estimate::LogLinearFit& fit, int64_t threshold) {
  return {{"model", fit.name},
          {"estimate", Published(fit.estimate, threshold)},
          {"std_error", fit.std_error},
          {"lower", Published(fit.lower, threshold)},
          {"upper", Published(fit.upper, threshold)},
          {"multinomial_estimate", Published(fit.multinomial_estimate, threshold)},
          {"deviance", fit.deviance},
          {"df", fit.df},
          {"aic", fit.aic},
          {"bic", fit.bic},
          {"warnings", WarningsJson(fit.warnings)}};
}

// Writes `plot` (title and distribution filled in) with the estimate, its
// interval and the observed count marked.
Status WritePlot(const std::string& path, estimate::PlotInput input, double point, double lower,
                 double upper, int64_t observed) {
  input.estimate = point;
  input.lower = lower;
  input.upper = upper;
  input.observed = observed;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::Unavailable("cannot write plot to " + path);
  out << estimate::PosteriorSvg(input);
  out.close();
  if (!out) return Status::Unavailable("cannot write plot to " + path);
  return Status::Ok();
}

void PrintPosterior(double median, double lower, double upper) {
  std::cout << "  posterior median N = " << Round(median) << ", 95% credible interval "
            << Round(lower) << " - " << Round(upper) << "\n";
}

void PrintWarnings(const std::vector<estimate::EstimateWarning>& warnings) {
  for (const auto& w : warnings) std::cout << "warning [" << w.code << "]: " << w.message << "\n";
}

Status RunLogLinear(const EstimateOptions& opts, const estimate::CaptureTable& table,
                    std::vector<estimate::EstimateWarning> warnings, nlohmann::json& out) {
  estimate::SelectionOptions selection_options;
  if (opts.criterion == "bic") {
    selection_options.criterion = estimate::Criterion::kBic;
  } else if (opts.criterion != "aic") {
    return Status::InvalidArgument("--criterion must be aic or bic");
  }
  // The comparison is always computed: a single model is never shown alone.
  CHORUS_ASSIGN_OR_RETURN(estimate::LogLinearSelection selection,
                          estimate::SelectLogLinear(table, selection_options));
  estimate::LogLinearFit chosen = selection.fits.front();
  std::string how = opts.criterion == "bic" ? "selected by BIC" : "selected by AIC";
  if (opts.terms_given) {
    CHORUS_ASSIGN_OR_RETURN(estimate::LogLinearModel model,
                            estimate::ParseTerms(table.lists, opts.terms));
    CHORUS_ASSIGN_OR_RETURN(chosen, estimate::FitLogLinear(table, model));
    how = "chosen with --terms";
  }
  warnings.insert(warnings.end(), chosen.warnings.begin(), chosen.warnings.end());
  warnings.insert(warnings.end(), selection.warnings.begin(), selection.warnings.end());
  // Selection warnings repeat the best fit's; keep each message once.
  std::vector<estimate::EstimateWarning> unique;
  for (const auto& w : warnings) {
    bool seen = false;
    for (const auto& u : unique) seen |= u.message == w.message;
    if (!seen) unique.push_back(w);
  }
  warnings = std::move(unique);
  const int64_t threshold = opts.suppress_below;
  out = FitJson(chosen, threshold);
  out["method"] = "loglinear";
  out["how"] = how;
  out["observed"] = PublishedCount(table.Observed(), threshold);
  nlohmann::json models = nlohmann::json::array();
  for (const auto& fit : selection.fits) models.push_back(FitJson(fit, threshold));
  out["models"] = models;
  out["models_compared"] = selection.models_compared;
  out["plausible_models"] = selection.plausible;
  out["spread"] = {{"lower", Published(selection.spread_lower, threshold)},
                   {"upper", Published(selection.spread_upper, threshold)},
                   {"min_estimate", Published(selection.min_estimate, threshold)},
                   {"max_estimate", Published(selection.max_estimate, threshold)}};
  out["warnings"] = WarningsJson(warnings);
  out["summary"] = estimate::PlainSummary(chosen.lower, chosen.upper, chosen.estimate,
                                          table.Observed(), opts.noun, threshold);
  if (!opts.plot.empty()) {
    const double from = static_cast<double>(table.Observed());
    const double to = std::isfinite(chosen.upper) ? chosen.upper + (chosen.upper - chosen.lower)
                                                  : 4 * chosen.estimate;
    CHORUS_ASSIGN_OR_RETURN(auto curve,
                            estimate::ProfileLikelihoodCurve(table, chosen.model, from, to, 400));
    estimate::PlotInput plot;
    plot.title = "Profile likelihood of N: " + chosen.name;
    for (auto [n, relative] : curve) {
      plot.values.push_back(n);
      plot.weights.push_back(relative);
    }
    CHORUS_RETURN_IF_ERROR(WritePlot(opts.plot, std::move(plot), chosen.estimate, chosen.lower,
                                     chosen.upper, table.Observed()));
  }
  if (!opts.json) {
    std::cout << "Log-linear models, " << table.num_lists() << " lists, "
              << Documented(table.Observed(), threshold) << " documented\n";
    std::cout << "Model (" << how << "): " << chosen.name << "\n";
    std::cout << "  N = " << Round(chosen.estimate) << " (s.e. " << Round(chosen.std_error)
              << "), 95% profile-likelihood interval " << Round(chosen.lower) << " - "
              << Round(chosen.upper) << "\n";
    std::cout << "  deviance " << Format("%.3f", chosen.deviance) << " on " << chosen.df
              << " df, AIC " << Format("%.2f", chosen.aic) << ", BIC " << Format("%.2f", chosen.bic)
              << "\n";
    std::cout << "Plausible models (" << selection.plausible << " within "
              << Format("%.0f", selection_options.plausible_delta) << " "
              << (opts.criterion == "bic" ? "BIC" : "AIC") << " points of the best, of "
              << selection.models_compared << " compared):\n";
    for (const auto& fit : selection.fits) {
      std::cout << "  " << Format("%9.2f", opts.criterion == "bic" ? fit.bic : fit.aic) << "  "
                << Round(fit.estimate) << " [" << Round(fit.lower) << " - " << Round(fit.upper)
                << "]  " << fit.name << "\n";
    }
    std::cout << "Spread over plausible models: " << Round(selection.spread_lower) << " - "
              << Round(selection.spread_upper) << "\n";
  }
  return Status::Ok();
}

Status RunLatentClass(const EstimateOptions& opts, const estimate::CaptureTable& table,
                      std::vector<estimate::EstimateWarning> warnings, nlohmann::json& out) {
  estimate::LatentClassOptions options = opts.latent;
  options.seed = opts.seed;
  CHORUS_ASSIGN_OR_RETURN(estimate::LatentClassResult result,
                          estimate::FitLatentClass(table, options));
  warnings.insert(warnings.end(), result.warnings.begin(), result.warnings.end());
  const int64_t threshold = opts.suppress_below;
  out = {{"method", "latent-class"},
         {"estimate", Published(result.median, threshold)},
         {"median", Published(result.median, threshold)},
         {"mean", Published(result.mean, threshold)},
         {"lower", Published(result.lower, threshold)},
         {"upper", Published(result.upper, threshold)},
         {"observed", PublishedCount(table.Observed(), threshold)},
         {"rhat", result.rhat},
         {"ess", result.ess},
         {"seed", options.seed},
         {"settings",
          {{"K", options.max_classes},
           {"a", options.alpha_shape},
           {"b", options.alpha_rate},
           {"burn_in", options.burn_in},
           {"samples", options.samples},
           {"thinning", options.thinning},
           {"chains", options.chains},
           {"ridge_moves", options.ridge_moves}}},
         {"ridge_acceptance", result.ridge_acceptance},
         {"iterations", result.iterations},
         {"seconds", result.seconds},
         {"warnings", WarningsJson(warnings)},
         {"summary", estimate::PlainSummary(result.lower, result.upper, result.median,
                                            table.Observed(), opts.noun, threshold)}};
  if (!opts.plot.empty()) {
    estimate::PlotInput plot;
    plot.title = "Posterior of N, latent-class model (K=" + std::to_string(options.max_classes) +
                 ", seed " + std::to_string(options.seed) + ")";
    for (const auto& chain : result.chains)
      plot.values.insert(plot.values.end(), chain.begin(), chain.end());
    CHORUS_RETURN_IF_ERROR(WritePlot(opts.plot, std::move(plot), result.median, result.lower,
                                     result.upper, table.Observed()));
  }
  if (!opts.json) {
    std::cout << "Latent-class model (Dirichlet process, K=" << options.max_classes << "), "
              << Documented(table.Observed(), threshold) << " documented\n";
    PrintPosterior(result.median, result.lower, result.upper);
    std::cout << "  " << options.chains << " chains x " << options.samples << " draws (burn-in "
              << options.burn_in << ", thinning " << options.thinning << ", seed " << options.seed
              << "): R-hat " << Format("%.3f", result.rhat) << ", effective sample size "
              << Format("%.0f", result.ess) << ", "
              << Format("%.0f", static_cast<double>(result.iterations) / result.seconds)
              << " iterations/s\n";
  }
  return Status::Ok();
}

Status RunBma(const EstimateOptions& opts, const estimate::CaptureTable& table,
              std::vector<estimate::EstimateWarning> warnings, nlohmann::json& out) {
  estimate::BmaOptions options;
  options.max_unobserved = opts.max_unobserved;
  CHORUS_ASSIGN_OR_RETURN(estimate::BmaResult result, estimate::FitBma(table, options));
  warnings.insert(warnings.end(), result.warnings.begin(), result.warnings.end());
  const int64_t threshold = opts.suppress_below;
  nlohmann::json graphs = nlohmann::json::array();
  for (const auto& g : result.graphs) {
    graphs.push_back({{"graph", g.name},
                      {"probability", g.probability},
                      {"median", Published(g.median, threshold)}});
  }
  out = {{"method", "bma"},
         {"estimate", Published(result.median, threshold)},
         {"median", Published(result.median, threshold)},
         {"mean", Published(result.mean, threshold)},
         {"lower", Published(result.lower, threshold)},
         {"upper", Published(result.upper, threshold)},
         {"observed", PublishedCount(table.Observed(), threshold)},
         {"graphs_compared", result.graphs_compared},
         {"graphs", graphs},
         {"seconds", result.seconds},
         {"warnings", WarningsJson(warnings)},
         {"summary", estimate::PlainSummary(result.lower, result.upper, result.median,
                                            table.Observed(), opts.noun, threshold)}};
  if (!opts.plot.empty()) {
    estimate::PlotInput plot;
    plot.title = "Posterior of N, averaged over " + std::to_string(result.graphs_compared) +
                 " decomposable graphs";
    plot.values = result.grid;
    plot.weights = result.posterior;
    CHORUS_RETURN_IF_ERROR(WritePlot(opts.plot, std::move(plot), result.median, result.lower,
                                     result.upper, table.Observed()));
  }
  if (!opts.json) {
    std::cout << "Model averaging over " << result.graphs_compared << " decomposable graphs, "
              << Documented(table.Observed(), threshold) << " documented\n";
    PrintPosterior(result.median, result.lower, result.upper);
    std::cout << "Most probable graphs:\n";
    for (const auto& g : result.graphs) {
      std::cout << "  " << Format("%.3f", g.probability) << "  median " << Round(g.median) << "  "
                << g.name << "\n";
    }
  }
  return Status::Ok();
}

// Runs the chosen method on `table` and adds what every output carries: the
// lists, the cells as published and the threshold. Text output of the method
// goes to stdout as it runs (unless --json).
Result<nlohmann::json> EstimateTable(const EstimateOptions& opts,
                                     const estimate::CaptureTable& table,
                                     std::vector<estimate::EstimateWarning> warnings) {
  nlohmann::json out;
  if (opts.method == "loglinear") {
    CHORUS_RETURN_IF_ERROR(RunLogLinear(opts, table, std::move(warnings), out));
  } else if (opts.method == "latent-class") {
    CHORUS_RETURN_IF_ERROR(RunLatentClass(opts, table, std::move(warnings), out));
  } else if (opts.method == "bma") {
    CHORUS_RETURN_IF_ERROR(RunBma(opts, table, std::move(warnings), out));
  } else {
    return Status::InvalidArgument("--method must be loglinear, latent-class or bma");
  }
  out["lists"] = table.lists;
  out["cells"] = CellsJson(table, opts.suppress_below);
  if (opts.suppress_below > 1) out["suppress_below"] = opts.suppress_below;
  return out;
}

// The text output after a method's own lines: its warnings and the summary.
void PrintTail(const EstimateOptions& opts, const nlohmann::json& out) {
  std::vector<estimate::EstimateWarning> all;
  for (const auto& w : out["warnings"]) all.push_back({w["code"], w["message"]});
  PrintWarnings(all);
  std::cout << "Summary: " << out["summary"].get<std::string>() << "\n";
  if (!opts.plot.empty()) std::cout << "Plot written to " << opts.plot << "\n";
}

// "posterior.svg" for stratum "2016" -> "posterior-2016.svg"; characters
// outside [A-Za-z0-9_-] become '_'.
std::string PlotPathFor(const std::string& path, const std::string& stratum) {
  std::string safe;
  for (char c : stratum) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    safe += ok ? c : '_';
  }
  const size_t slash = path.find_last_of('/');
  const size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) {
    return path + "-" + safe;
  }
  return path.substr(0, dot) + "-" + safe + path.substr(dot);
}

template <typename T>
Status ReadKind(records::RecordReader& reader, core::RecordKind kind, std::vector<T>& out) {
  CHORUS_ASSIGN_OR_RETURN(std::vector<core::Record> all, reader.ListKind(kind));
  out.reserve(all.size());
  for (core::Record& record : all) out.push_back(std::get<T>(std::move(record)));
  return Status::Ok();
}

// The records capture histories are built from, read in one transaction.
Result<estimate::CodedRecords> ReadCodedRecords(const std::string& location) {
  CHORUS_ASSIGN_OR_RETURN(OpenedStore opened, OpenStore(location));
  CHORUS_ASSIGN_OR_RETURN(auto session, opened.vault->Read());
  estimate::CodedRecords records;
  CHORUS_RETURN_IF_ERROR(ReadKind(*session, core::RecordKind::kReport, records.reports));
  CHORUS_RETURN_IF_ERROR(ReadKind(*session, core::RecordKind::kEvent, records.events));
  CHORUS_RETURN_IF_ERROR(ReadKind(*session, core::RecordKind::kAct, records.acts));
  CHORUS_RETURN_IF_ERROR(ReadKind(*session, core::RecordKind::kInvolvement, records.involvements));
  CHORUS_RETURN_IF_ERROR(ReadKind(*session, core::RecordKind::kPerson, records.persons));
  CHORUS_RETURN_IF_ERROR(ReadKind(*session, core::RecordKind::kPlace, records.places));
  return records;
}

nlohmann::json CapturesJson(const estimate::RecordCaptures& captures, int64_t threshold) {
  return {
      {"victims", PublishedCount(captures.victims, threshold)},
      {"tabulated", PublishedCount(static_cast<int64_t>(captures.memberships.size()), threshold)},
      {"unlisted", PublishedCount(captures.unlisted, threshold)},
      {"multi_stratum_victims", PublishedCount(captures.multi_stratum_victims, threshold)},
      {"groups_left_out", PublishedCount(captures.group_involvements, threshold)},
      {"group_people_at_least", PublishedCount(captures.group_people_at_least, threshold)}};
}

// `chorus estimate --store PATH --lists A,B,C [--stratify FIELD]`.
Status RunFromStore(const EstimateOptions& opts, const std::string& store_location) {
  CHORUS_ASSIGN_OR_RETURN(estimate::Stratify stratify, estimate::ParseStratify(opts.stratify));
  CHORUS_ASSIGN_OR_RETURN(estimate::CodedRecords records, ReadCodedRecords(store_location));
  CHORUS_ASSIGN_OR_RETURN(estimate::RecordCaptures captures,
                          estimate::CaptureRecords(records, opts.lists, stratify));
  if (captures.memberships.empty()) {
    return Status::FailedPrecondition("no victim in the store is on any of the chosen lists");
  }
  const int64_t threshold = opts.suppress_below;
  const std::vector<estimate::EstimateWarning> capture_warnings =
      estimate::CaptureWarnings(captures, threshold);
  if (!opts.json) {
    std::cout << "From the store: " << Documented(captures.victims, threshold) << " victims, "
              << Documented(captures.unlisted, threshold) << " of them on none of the "
              << opts.lists.size() << " lists\n";
  }
  if (stratify == estimate::Stratify::kNone) {
    CHORUS_ASSIGN_OR_RETURN(estimate::CaptureTable table,
                            estimate::TabulateRecords(opts.lists, captures.memberships));
    std::vector<estimate::EstimateWarning> warnings = capture_warnings;
    for (auto& w : estimate::CheckTable(table)) warnings.push_back(std::move(w));
    CHORUS_ASSIGN_OR_RETURN(nlohmann::json out, EstimateTable(opts, table, std::move(warnings)));
    out["from_store"] = CapturesJson(captures, threshold);
    if (opts.json) {
      std::cout << out.dump(2) << "\n";
    } else {
      PrintTail(opts, out);
    }
    return Status::Ok();
  }
  CHORUS_ASSIGN_OR_RETURN(auto strata, estimate::TabulateStrata(opts.lists, captures.memberships));
  nlohmann::json strata_json = nlohmann::json::array();
  for (const auto& [stratum, table] : strata) {
    EstimateOptions stratum_opts = opts;
    if (!opts.plot.empty()) stratum_opts.plot = PlotPathFor(opts.plot, stratum);
    if (!opts.json) {
      std::cout << "\n== " << estimate::StratifyName(stratify) << " " << stratum << " ==\n";
    }
    // A stratum that cannot be estimated (too few people, a list with
    // nobody) is reported and the others still run.
    auto out = EstimateTable(stratum_opts, table, estimate::CheckTable(table));
    nlohmann::json entry;
    if (out.ok()) {
      entry = std::move(*out);
      if (!opts.json) PrintTail(stratum_opts, entry);
    } else {
      entry = {{"error", out.status().message()},
               {"observed", PublishedCount(table.Observed(), threshold)},
               {"lists", table.lists},
               {"cells", CellsJson(table, threshold)},
               {"warnings", WarningsJson(estimate::CheckTable(table))}};
      if (!opts.json) {
        std::cout << "Documented: " << Documented(table.Observed(), threshold) << "\n";
        PrintWarnings(estimate::CheckTable(table));
        std::cout << "cannot estimate: " << out.status().message() << "\n";
      }
    }
    entry["stratum"] = stratum;
    strata_json.push_back(std::move(entry));
  }
  if (opts.json) {
    nlohmann::json out = {{"method", opts.method},
                          {"stratify", std::string(estimate::StratifyName(stratify))},
                          {"lists", opts.lists},
                          {"from_store", CapturesJson(captures, threshold)},
                          {"warnings", WarningsJson(capture_warnings)},
                          {"strata", strata_json}};
    if (threshold > 1) out["suppress_below"] = threshold;
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << "\n";
    PrintWarnings(capture_warnings);
  }
  return Status::Ok();
}

Status RunEstimate(const EstimateOptions& opts, const GlobalOptions& globals) {
  if (opts.suppress_below < 0) return Status::InvalidArgument("--suppress-below must be >= 0");
  if (!opts.stratify.empty() && opts.lists.empty()) {
    return Status::InvalidArgument("--stratify needs --lists (estimation from the store)");
  }
  if (!opts.lists.empty()) {
    if (!opts.table_path.empty()) {
      return Status::InvalidArgument("give either TABLE.csv or --lists with --store, not both");
    }
    return RunFromStore(opts, globals.store);
  }
  if (opts.table_path.empty()) {
    return Status::InvalidArgument("give a TABLE.csv, or --store PATH --lists SOURCE,SOURCE,...");
  }
  CHORUS_ASSIGN_OR_RETURN(formats::CsvTable csv, formats::ReadCsvFile(opts.table_path));
  auto parsed = estimate::CaptureTableFromCsv(csv);
  if (!parsed.ok()) return parsed.status().WithContext(opts.table_path);
  const estimate::CaptureTable& table = *parsed;
  CHORUS_ASSIGN_OR_RETURN(nlohmann::json out,
                          EstimateTable(opts, table, estimate::CheckTable(table)));
  if (opts.json) {
    std::cout << out.dump(2) << "\n";
  } else {
    PrintTail(opts, out);
  }
  return Status::Ok();
}

const CommandRegistrar kRegistrar(65, [](CLI::App& app, GlobalOptions& globals) {
  auto opts = std::make_shared<EstimateOptions>();
  CLI::App* sub = app.add_subcommand(
      "estimate", "Estimate how many victims no list recorded (multiple systems estimation)");
  sub->add_option("table", opts->table_path,
                  "Capture-history CSV: one 0/1 column per list and a count column freq/Freq "
                  "(or one row per person)");
  sub->add_option("--method", opts->method, "loglinear (default), latent-class or bma")
      ->check(CLI::IsMember({"loglinear", "latent-class", "bma"}));
  sub->add_option("--terms", opts->terms,
                  "Log-linear interactions added to the main effects: c1:c2,c3:c4, all2 or "
                  "all3 (default: model selection)");
  sub->add_option("--criterion", opts->criterion, "Model selection criterion: aic or bic");
  sub->add_option("--seed", opts->seed, "Seed of the latent-class sampler (default 1)");
  sub->add_option("--classes", opts->latent.max_classes, "Latent classes K (default 10)");
  sub->add_option("--burn-in", opts->latent.burn_in, "Burn-in iterations (default 10000)");
  sub->add_option("--samples", opts->latent.samples, "Draws kept per chain (default 1000)");
  sub->add_option("--thinning", opts->latent.thinning, "Iterations per kept draw (default 100)");
  sub->add_option("--chains", opts->latent.chains, "Chains, for R-hat (default 4)");
  sub->add_option("--alpha-a", opts->latent.alpha_shape, "Gamma(a, b) prior on alpha: a (0.25)");
  sub->add_option("--alpha-b", opts->latent.alpha_rate, "Gamma(a, b) prior on alpha: b (0.25)");
  sub->add_option("--ridge-moves", opts->latent.ridge_moves,
                  "Metropolis ridge moves per sweep (default 3; 0 = plain Gibbs)");
  sub->add_option("--max-unobserved", opts->max_unobserved,
                  "bma: largest unobserved count considered (default 10 x observed)");
  sub->add_option("--plot", opts->plot, "Write an SVG of the posterior (or profile) of N");
  sub->add_option("--suppress-below", opts->suppress_below,
                  "Publication: hide counts and estimates below this threshold");
  sub->add_option("--noun", opts->noun, "What is counted, for the summary (default people)");
  sub->add_option("--store", globals.store, "Store (as the global --store)");
  sub->add_option("--lists", opts->lists,
                  "From the store: the source ids to use as lists, comma-separated")
      ->delimiter(',');
  sub->add_option("--stratify", opts->stratify,
                  "From the store: one estimate per period, region or act-type");
  sub->add_flag("--json", opts->json, "Print JSON");
  sub->callback([opts, &globals] {
    opts->terms_given = !opts->terms.empty();
    if (globals.json) opts->json = true;
    RunCommand([&] { return RunEstimate(*opts, globals); });
  });
});

}  // namespace
}  // namespace chorus::cli
