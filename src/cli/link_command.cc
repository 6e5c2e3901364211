// `chorus link csv`: the linkage engine on any CSV files; `chorus link
// --kind person|event`: the same engine over a store, filing proposals in
// the review queue; `chorus link review`: the queue, and confirm, reject,
// merge and unmerge (review/review.h). docs/linkage.md is the user's account.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "cli/command.h"
#include "cli/store_access.h"
#include "linkage/csv_link.h"
#include "review/merge.h"
#include "review/review.h"

namespace chorus::cli {
namespace {

struct LinkCsvOptions {
  std::string config;
  std::vector<std::string> files;
  std::string out;
  std::string clusters;
  double threshold = -1;
  int threads = 0;
  std::vector<std::string> explain;
  bool show_model = false;
  bool json = false;
};

// Two bars, one after the other: training (the random pairs for u, then
// the candidate pairs counted for EM), then comparing the candidate pairs.
class LinkProgressBars {
 public:
  linkage::PairProgress Training() {
    return [this](uint64_t done, uint64_t total) { training_.Update(done, total); };
  }
  linkage::PairProgress Comparing() {
    return [this](uint64_t done, uint64_t total) {
      training_.Finish();
      comparing_.Update(done, total);
    };
  }
  void Finish() {
    training_.Finish();
    comparing_.Finish();
  }

 private:
  LateProgressBar training_{"training the model"};
  LateProgressBar comparing_{"comparing pairs"};
};

nlohmann::json ExplanationJson(const linkage::Explanation& e) {
  nlohmann::json fields = nlohmann::json::array();
  for (const linkage::FieldContribution& c : e.fields) {
    fields.push_back({{"field", c.field},
                      {"level", c.level},
                      {"level_label", c.level_label},
                      {"left_value", c.left_value},
                      {"right_value", c.right_value},
                      {"m", c.m},
                      {"u", c.u},
                      {"weight", c.weight},
                      {"tf_adjustment", c.tf_adjustment}});
  }
  return {{"left_id", e.left_id},           {"right_id", e.right_id},
          {"prior_weight", e.prior_weight}, {"fields", fields},
          {"total_weight", e.total_weight}, {"probability", e.probability}};
}

Status RunLinkCsv(const LinkCsvOptions& opts, bool json) {
  CHORUS_ASSIGN_OR_RETURN(linkage::CsvLinkConfig config,
                          linkage::ReadCsvLinkConfigFile(opts.config));
  linkage::CsvLinkOptions run;
  run.files = opts.files;
  run.pairs_out = opts.out;
  run.clusters_out = opts.clusters;
  if (opts.threshold >= 0) {
    if (opts.threshold > 1) return Status::InvalidArgument("--threshold must be in [0, 1]");
    run.threshold = opts.threshold;
  }
  run.threads = opts.threads;
  for (const std::string& pair : opts.explain) {
    const size_t comma = pair.find(',');
    if (comma == std::string::npos) {
      return Status::InvalidArgument("--explain takes LEFT_ID,RIGHT_ID");
    }
    run.explain.emplace_back(pair.substr(0, comma), pair.substr(comma + 1));
  }
  // The number of pairs is known once the records are read and blocked.
  LinkProgressBars bars;
  run.training_progress = bars.Training();
  run.progress = bars.Comparing();
  CHORUS_ASSIGN_OR_RETURN(linkage::CsvLinkReport report, linkage::RunCsvLink(config, run));
  bars.Finish();
  if (json) {
    nlohmann::json model = nlohmann::json::array();
    for (size_t f = 0; f < report.field_names.size(); ++f) {
      nlohmann::json levels = nlohmann::json::array();
      for (size_t l = 0; l < report.parameters.fields[f].m.size(); ++l) {
        levels.push_back({{"label", report.level_labels[f][l]},
                          {"m", report.parameters.fields[f].m[l]},
                          {"u", report.parameters.fields[f].u[l]}});
      }
      model.push_back({{"field", report.field_names[f]}, {"levels", levels}});
    }
    nlohmann::json explanations = nlohmann::json::array();
    for (const auto& e : report.explanations) explanations.push_back(ExplanationJson(e));
    const nlohmann::json out = {{"mode", report.link_mode ? "link" : "dedupe"},
                                {"records", report.records},
                                {"candidate_pairs", report.stats.candidate_pairs},
                                {"distinct_patterns", report.stats.distinct_patterns},
                                {"skipped_blocks", report.stats.skipped_blocks},
                                {"largest_block", report.stats.largest_block},
                                {"em_iterations", report.stats.em_iterations},
                                {"em_converged", report.stats.em_converged},
                                {"lambda", report.parameters.lambda},
                                {"pairs_written", report.pairs_written},
                                {"clusters", report.clusters},
                                {"seconds",
                                 {{"read", report.read_seconds},
                                  {"train", report.train_seconds},
                                  {"score", report.score_seconds},
                                  {"total", report.total_seconds}}},
                                {"model", model},
                                {"explanations", explanations}};
    std::cout << out.dump(2) << "\n";
    return Status::Ok();
  }
  std::printf(
      "%s: %zu records, %llu candidate pairs (%llu patterns, %llu blocks skipped), EM %d "
      "iterations%s\n",
      report.link_mode ? "link" : "dedupe", report.records,
      static_cast<unsigned long long>(report.stats.candidate_pairs),
      static_cast<unsigned long long>(report.stats.distinct_patterns),
      static_cast<unsigned long long>(report.stats.skipped_blocks), report.stats.em_iterations,
      report.stats.em_converged ? "" : " (not converged)");
  std::printf("%zu pairs written to %s", report.pairs_written, opts.out.c_str());
  if (!opts.clusters.empty()) {
    std::printf(", %zu clusters to %s", report.clusters, opts.clusters.c_str());
  }
  std::printf("\ntime: read %.3f s, train %.3f s, score %.3f s, total %.3f s\n",
              report.read_seconds, report.train_seconds, report.score_seconds,
              report.total_seconds);
  if (opts.show_model) std::printf("%s", linkage::FormatModel(report).c_str());
  for (const auto& e : report.explanations) {
    std::printf("%s", linkage::FormatExplanation(e).c_str());
  }
  return Status::Ok();
}

// ---- the store: proposals and the review queue ----

struct StoreLinkOptions {
  std::string kind;
  std::string as;
  double threshold = 0.5;
  int threads = 0;
};

struct ReviewOptions {
  std::string kind;
  std::string status = "pending";
  std::string as;
  std::string id;
  std::string keep;
  std::string other;
};

Result<core::RecordKind> MergeableKind(const std::string& name) {
  auto kind = core::ParseRecordKind(name);
  if (!kind || !review::IsMergeableKind(*kind)) {
    return Status::InvalidArgument("--kind must be person or event, not '" + name + "'");
  }
  return *kind;
}

// The reviewer of a command: the command-line actor, with the keys of the
// user named by --as (to open the names of persons at risk).
struct CliReviewer {
  std::optional<CliLogin> login;
  review::Reviewer reviewer;
};

Result<std::unique_ptr<CliReviewer>> ReviewerFor(records::Vault& vault, const std::string& as) {
  auto out = std::make_unique<CliReviewer>();
  out->reviewer.actor = CliActor();
  if (!as.empty()) {
    CHORUS_ASSIGN_OR_RETURN(CliLogin login, LogInAs(vault, as));
    out->login = std::move(login);
    out->reviewer.actor = CliActor() + " as " + as;
    out->reviewer.keyring = &out->login->keyring;
  }
  return out;
}

std::string AgreementsText(const std::vector<review::FieldAgreement>& fields) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1);
  for (size_t i = 0; i < fields.size(); ++i) {
    out << (i ? "; " : "") << fields[i].field << " " << fields[i].level << " ("
        << (fields[i].weight >= 0 ? "+" : "") << fields[i].weight << ")";
  }
  return out.str();
}

Status RunStoreLink(const GlobalOptions& globals, const StoreLinkOptions& opts) {
  CHORUS_ASSIGN_OR_RETURN(core::RecordKind kind, MergeableKind(opts.kind));
  if (opts.threshold < 0 || opts.threshold > 1) {
    return Status::InvalidArgument("--threshold must be in [0, 1]");
  }
  CHORUS_ASSIGN_OR_RETURN(auto opened, OpenStore(globals.store));
  CHORUS_ASSIGN_OR_RETURN(auto reviewer, ReviewerFor(*opened.vault, opts.as));
  review::FindLinksOptions find;
  find.threshold = opts.threshold;
  find.threads = opts.threads;
  LinkProgressBars bars;
  find.training_progress = bars.Training();
  find.progress = bars.Comparing();
  CHORUS_ASSIGN_OR_RETURN(
      review::ProposeSummary summary,
      review::ProposeLinks(*opened.vault, kind, reviewer->reviewer, SystemClock().Now(), find));
  bars.Finish();
  if (globals.json) {
    std::cout << nlohmann::ordered_json{{"kind", opts.kind},
                                        {"compared", summary.found.compared},
                                        {"skipped", summary.found.skipped},
                                        {"candidate_pairs", summary.found.candidate_pairs},
                                        {"estimated", summary.found.estimated},
                                        {"links", summary.found.links.size()},
                                        {"added", summary.added},
                                        {"updated", summary.updated},
                                        {"already_decided", summary.decided}}
                     .dump(2)
              << "\n";
    return Status::Ok();
  }
  std::cout << "compared " << summary.found.compared << " " << opts.kind << " records ("
            << summary.found.candidate_pairs << " candidate pairs, m and u "
            << (summary.found.estimated ? "estimated by EM"
                                        : "from the prior model: too few "
                                          "records for EM")
            << ")\n";
  if (summary.found.skipped > 0) {
    std::cout << summary.found.skipped << " records had nothing to compare"
              << (kind == core::RecordKind::kPerson
                      ? " (no name, or names sealed: link --as a holder of people-at-risk)"
                      : "")
              << "\n";
  }
  std::cout << summary.found.links.size() << " likely pairs at or above " << opts.threshold << ": "
            << summary.added << " new in the review queue, " << summary.updated << " re-scored, "
            << summary.decided << " decided before\n"
            << "review them with: chorus link review --kind " << opts.kind << "\n";
  return Status::Ok();
}

Status PrintMerge(const GlobalOptions& globals, const review::MergeEntry& merge,
                  std::string_view verb) {
  if (globals.json) {
    std::cout << nlohmann::json::parse(review::MergeJson(merge)).dump(2) << "\n";
  } else if (merge.undone) {
    std::cout << verb << " " << merge.id << ": " << merge.kept << " and " << merge.merged
              << " are separate again (" << merge.referrers_before.size()
              << " referring records restored)\n";
  } else {
    std::cout << verb << " " << merge.merged << " into " << merge.kept << " as " << merge.id << " ("
              << merge.referrers_before.size() << " referring records now point at " << merge.kept
              << "); undo with: chorus link review unmerge " << merge.id << "\n";
  }
  return Status::Ok();
}

Status RunReviewList(const GlobalOptions& globals, const ReviewOptions& opts) {
  std::optional<core::RecordKind> kind;
  if (!opts.kind.empty()) {
    CHORUS_ASSIGN_OR_RETURN(kind, MergeableKind(opts.kind));
  }
  std::optional<review::ProposalStatus> status;
  if (opts.status != "all") {
    status = review::ParseProposalStatus(opts.status);
    if (!status) {
      return Status::InvalidArgument("--status must be pending, confirmed, rejected or all, not '" +
                                     opts.status + "'");
    }
  }
  CHORUS_ASSIGN_OR_RETURN(auto opened, OpenStore(globals.store));
  CHORUS_ASSIGN_OR_RETURN(auto reader, opened.vault->Read());
  CHORUS_ASSIGN_OR_RETURN(auto proposals, review::ListProposals(*reader, kind, status));
  // Labels as anyone may see them (a sealed person shows its pseudonym).
  auto label = [&](const std::string& id) -> std::string {
    auto record = reader->Get(id);
    return record.ok() && record->has_value() ? core::DisplayLabel(**record) : "(gone)";
  };
  if (globals.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : proposals) {
      nlohmann::json item = nlohmann::json::parse(review::ProposalJson(p));
      item["left_label"] = label(p.left);
      item["right_label"] = label(p.right);
      out.push_back(std::move(item));
    }
    std::cout << out.dump(2) << "\n";
    return Status::Ok();
  }
  if (proposals.empty()) {
    std::cout << "no " << (opts.status == "all" ? "" : opts.status + " ")
              << "link proposals; run chorus link --kind person|event to find some\n";
    return Status::Ok();
  }
  std::cout << proposals.size() << " link proposals, the most uncertain first\n";
  for (const auto& p : proposals) {
    std::cout << p.id << "  " << core::RecordKindName(p.kind) << "  p=" << std::fixed
              << std::setprecision(3) << p.probability << "  "
              << review::ProposalStatusName(p.status) << "\n  " << p.left << " \"" << label(p.left)
              << "\"  ~  " << p.right << " \"" << label(p.right) << "\"\n  "
              << AgreementsText(p.fields) << "\n";
  }
  std::cout << "confirm (merge): chorus link review confirm ID; reject: chorus link review "
               "reject ID\n";
  return Status::Ok();
}

Status RunReviewMerges(const GlobalOptions& globals) {
  CHORUS_ASSIGN_OR_RETURN(auto opened, OpenStore(globals.store));
  CHORUS_ASSIGN_OR_RETURN(auto reader, opened.vault->Read());
  CHORUS_ASSIGN_OR_RETURN(auto merges, review::ListMerges(*reader));
  if (globals.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& m : merges) out.push_back(nlohmann::json::parse(review::MergeJson(m)));
    std::cout << out.dump(2) << "\n";
    return Status::Ok();
  }
  if (merges.empty()) std::cout << "no merges\n";
  for (const auto& m : merges) {
    std::cout << m.id << "  " << FormatTimestamp(m.at) << "  " << m.merged << " into " << m.kept
              << "  by " << m.by << (m.undone ? "  (undone)" : "") << "\n";
  }
  return Status::Ok();
}

enum class ReviewAction { kConfirm, kReject, kMerge, kUnmerge };

Status RunReviewAction(const GlobalOptions& globals, const ReviewOptions& opts,
                       ReviewAction action) {
  CHORUS_ASSIGN_OR_RETURN(auto opened, OpenStore(globals.store));
  CHORUS_ASSIGN_OR_RETURN(auto reviewer, ReviewerFor(*opened.vault, opts.as));
  const Timestamp now = SystemClock().Now();
  records::Vault& vault = *opened.vault;
  switch (action) {
    case ReviewAction::kConfirm: {
      CHORUS_ASSIGN_OR_RETURN(auto merge,
                              review::ConfirmProposal(vault, opts.id, reviewer->reviewer, now));
      return PrintMerge(globals, merge, "confirmed: merged");
    }
    case ReviewAction::kReject: {
      CHORUS_ASSIGN_OR_RETURN(auto proposal,
                              review::RejectProposal(vault, opts.id, reviewer->reviewer, now));
      if (globals.json) {
        std::cout << nlohmann::ordered_json{{"id", proposal.id}, {"status", "rejected"}}.dump(2)
                  << "\n";
      } else {
        std::cout << "rejected " << proposal.id << ": " << proposal.left << " and "
                  << proposal.right << " will not be proposed again\n";
      }
      return Status::Ok();
    }
    case ReviewAction::kMerge: {
      CHORUS_ASSIGN_OR_RETURN(auto merge,
                              review::Merge(vault, opts.keep, opts.other, reviewer->reviewer, now));
      return PrintMerge(globals, merge, "merged");
    }
    case ReviewAction::kUnmerge: {
      CHORUS_ASSIGN_OR_RETURN(auto merge, review::Unmerge(vault, opts.id, reviewer->reviewer, now));
      return PrintMerge(globals, merge, "undid");
    }
  }
  return Status::Internal("unknown review action");
}

void SetupReview(CLI::App& link, GlobalOptions& globals) {
  auto opts = std::make_shared<ReviewOptions>();
  CLI::App* review = link.add_subcommand(
      "review", "The link review queue: list proposals; confirm, reject, merge, unmerge");
  review->require_subcommand(0, 1);
  review->add_option("--kind", opts->kind, "person or event (default: both)");
  review->add_option("--status", opts->status, "pending (default), confirmed, rejected or all");
  review->add_flag("--json", globals.json, "Print JSON");
  review->callback([review, opts, &globals] {
    if (!review->get_subcommands().empty()) return;
    RunCommand([&] { return RunReviewList(globals, *opts); });
  });
  auto add_as = [&](CLI::App* sub) {
    sub->add_option("--as", opts->as,
                    "Act as this user, with their compartment keys (password from "
                    "CHORUS_PASSWORD): needed for persons at risk");
    sub->add_flag("--json", globals.json, "Print JSON");
  };
  CLI::App* confirm = review->add_subcommand(
      "confirm", "Confirm a proposal: merge its second record into its first");
  confirm->add_option("proposal", opts->id, "Proposal id (lp-...)")->required();
  add_as(confirm);
  confirm->callback([opts, &globals] {
    RunCommand([&] { return RunReviewAction(globals, *opts, ReviewAction::kConfirm); });
  });
  CLI::App* reject = review->add_subcommand("reject", "Reject a proposal: not the same");
  reject->add_option("proposal", opts->id, "Proposal id (lp-...)")->required();
  add_as(reject);
  reject->callback([opts, &globals] {
    RunCommand([&] { return RunReviewAction(globals, *opts, ReviewAction::kReject); });
  });
  CLI::App* merge = review->add_subcommand("merge", "Merge OTHER into KEEP (persons or events)");
  merge->add_option("keep", opts->keep, "The record that stays")->required();
  merge->add_option("other", opts->other, "The record merged into it")->required();
  add_as(merge);
  merge->callback([opts, &globals] {
    RunCommand([&] { return RunReviewAction(globals, *opts, ReviewAction::kMerge); });
  });
  CLI::App* unmerge = review->add_subcommand("unmerge", "Undo a merge exactly");
  unmerge->add_option("merge", opts->id, "Merge id (mrg-...)")->required();
  add_as(unmerge);
  unmerge->callback([opts, &globals] {
    RunCommand([&] { return RunReviewAction(globals, *opts, ReviewAction::kUnmerge); });
  });
  CLI::App* merges = review->add_subcommand("merges", "List merges, newest first");
  merges->add_flag("--json", globals.json, "Print JSON");
  merges->callback([&globals] { RunCommand([&] { return RunReviewMerges(globals); }); });
}

void SetupLink(CLI::App& app, GlobalOptions& globals) {
  CLI::App* link = app.add_subcommand(
      "link", "Record linkage: find records of one entity (in a store, or in CSV files)");
  link->require_subcommand(0, 1);
  auto store_opts = std::make_shared<StoreLinkOptions>();
  link->add_option("--kind", store_opts->kind,
                   "person or event: find likely pairs in the store for the review queue");
  link->add_option("--as", store_opts->as,
                   "Link as this user, with their compartment keys (password from "
                   "CHORUS_PASSWORD), so persons at risk take part");
  link->add_option("--threshold", store_opts->threshold,
                   "Propose pairs at or above this probability (default 0.5)");
  link->add_option("--threads", store_opts->threads, "Worker threads (default: all cores)");
  link->add_flag("--json", globals.json, "Print the run summary as JSON");
  link->callback([link, store_opts, &globals] {
    if (!link->get_subcommands().empty()) return;
    RunCommand([&] {
      if (store_opts->kind.empty()) {
        return Status::InvalidArgument(
            "chorus link needs --kind person|event (a store), or a subcommand: csv, review");
      }
      return RunStoreLink(globals, *store_opts);
    });
  });
  SetupReview(*link, globals);

  auto opts = std::make_shared<LinkCsvOptions>();
  CLI::App* csv =
      link->add_subcommand("csv", "Deduplicate one CSV file or link two (Fellegi-Sunter with EM)");
  csv->add_option("--config", opts->config, "Linkage config (docs/formats/linkage-config.md)")
      ->required();
  csv->add_option("files", opts->files, "FILE (dedupe) or FILE FILE2 (link)")
      ->required()
      ->expected(1, 2);
  csv->add_option("--out", opts->out, "PAIRS.csv: left_id,right_id,probability")->required();
  csv->add_option("--clusters", opts->clusters, "CLUSTERS.csv: id,cluster,probability");
  csv->add_option("--threshold", opts->threshold,
                  "Report pairs at or above this probability (default: config, else 0.5)");
  csv->add_option("--threads", opts->threads, "Worker threads (default: config, else all cores)");
  csv->add_option("--explain", opts->explain,
                  "LEFT_ID,RIGHT_ID: print why this pair scores as it does (repeatable)");
  csv->add_flag("--model", opts->show_model, "Print the trained m and u per field and level");
  csv->add_flag("--json", globals.json, "Print the run summary as JSON");
  csv->callback([opts, &globals] { RunCommand([&] { return RunLinkCsv(*opts, globals.json); }); });
}

const CommandRegistrar kRegistrar(60, SetupLink);

}  // namespace
}  // namespace chorus::cli
