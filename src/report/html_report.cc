// The HTML report writer: see include/doppel/html_report.h and docs/report.md.
//
// The page is one file: a skeleton of markup, the CSS and JS from src/report/assets
// (embedded at build time), and the data as JSON in <script type="application/json">
// elements: one small index (summary, issues, one line per listed cluster) and one
// element per listed cluster (members, texts, pairs, comparisons). The page parses a
// cluster's element only when the cluster is opened, so a page with hundreds of
// clusters opens as fast as one with a few. Byte offsets stay UTF-8 byte offsets in the
// JSON, as in every other doppel output; the page converts them to string indices.
#include "report/html_report.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "doppel/version.h"
#include "clean/cleaner.h"
#include "report/html_assets.h"
#include "report/html_compare.h"
#include "report/html_escape.h"
#include "report/html_plan.h"
#include "common/round.h"
#include "common/thread_pool.h"

namespace doppel {
namespace report {
namespace {

using Json = nlohmann::ordered_json;

// Version of the embedded JSON layout (docs/report.md); bump on incompatible changes.
constexpr int kDataFormat = 1;
// Cluster titles (the original's first line) are cut after this many bytes.
constexpr size_t kMaxTitleBytes = 160;

using common::Round4;

std::string Dump(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Appends <script type="application/json" id="..."> holding `value`.
void AppendDataElement(std::string_view id, const Json& value, std::string* out) {
  out->append("<script type=\"application/json\" id=\"");
  out->append(id);
  out->append("\">");
  AppendScriptSafeJson(Dump(value), out);
  out->append("</script>\n");
}

// True when bytes [begin, end) of the text lie inside one of the sorted `removals`.
bool Removed(size_t begin, size_t end, const std::vector<Removal>& removals) {
  for (const Removal& r : removals) {
    if (r.begin <= begin && end <= r.end) return true;
    if (r.begin > begin) break;
  }
  return false;
}

// The title of a cluster: the first line of its original that has content and was not
// removed by single-document cleaning (a player label or share bar above the headline
// is not the title), whitespace runs collapsed, cut to kMaxTitleBytes. Falls back to the
// first line with content.
std::string TitleOf(std::string_view text, const CleanOptions& clean) {
  text = text.substr(0, Utf8CutPoint(text, 64 << 10));
  const std::vector<Removal> removals = clean::FindRemovals(text, nullptr, clean);
  std::string fallback;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const size_t first = text.find_first_not_of(" \t\r\f\v", pos);
    if (first < end) {
      size_t last = end;
      while (last > first && std::string_view(" \t\r\f\v").find(text[last - 1]) != std::string_view::npos) --last;
      std::string title;
      bool pending_space = false;
      for (char c : text.substr(first, last - first)) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
          pending_space = true;
        } else {
          if (pending_space) title.push_back(' ');
          pending_space = false;
          title.push_back(c);
        }
        if (title.size() > kMaxTitleBytes + 4) break;
      }
      if (title.size() > kMaxTitleBytes) {
        title.resize(Utf8CutPoint(title, kMaxTitleBytes));
        title.append("\xE2\x80\xA6");  // …
      }
      if (!Removed(first, last, removals)) return title;
      if (fallback.empty()) fallback = std::move(title);
    }
    pos = end + 1;
  }
  return fallback;
}

Json FeaturesJson(const Pair& pair) {
  Json features = Json::object();
  for (const Feature& f : pair.features) features[f.name] = Round4(f.value);
  return features;
}

Json PairJson(const ScanResult& result, const Pair& pair) {
  Json row;
  row["a"] = result.ids[pair.a];
  row["b"] = result.ids[pair.b];
  row["relation"] = RelationName(pair.relation);
  row["score"] = Round4(pair.score);
  if (!pair.features.empty()) row["features"] = FeaturesJson(pair);
  return row;
}

// Name of a link's relation group in the page ("linked" for no pair at all).
const char* GroupName(const MemberLink& link) {
  return link.pair ? RelationName(link.pair->relation) : "unlinked";
}

Json SummaryJson(const ScanResult& result, const ReportPlan& plan,
                 const HtmlReportOptions& options) {
  Json summary;
  const ScanStats& s = result.stats;
  summary["documents_read"] = s.documents_read;
  summary["documents_skipped"] = s.documents_skipped;
  summary["bytes_read"] = s.bytes_read;
  summary["bytes_removed"] = s.bytes_removed;
  summary["candidate_pairs"] = s.candidate_pairs;
  summary["pairs"] = result.pairs.size();
  std::map<int, uint64_t> by_relation;
  for (const Pair& p : result.pairs) ++by_relation[static_cast<int>(p.relation)];
  Json relations = Json::object();
  for (const auto& [relation, count] : by_relation) {
    relations[RelationName(static_cast<Relation>(relation))] = count;
  }
  summary["pairs_by_relation"] = std::move(relations);
  uint64_t clustered = 0;
  for (const Cluster& c : result.clusters) clustered += c.members.size();
  summary["clusters"] = plan.clusters_total;
  summary["documents_in_clusters"] = clustered;
  summary["clusters_listed"] = plan.clusters.size();
  summary["clusters_with_texts"] = plan.clusters_with_texts;
  summary["text_budget_reached"] = plan.text_budget_reached;
  Json limits;
  limits["max_clusters_listed"] = options.max_clusters_listed;
  limits["max_clusters_with_texts"] = options.max_clusters_with_texts;
  limits["max_texts_per_cluster"] = options.max_texts_per_cluster;
  limits["max_members_listed"] = options.max_members_listed;
  limits["max_pairs_listed"] = options.max_pairs_listed;
  limits["max_text_bytes"] = options.max_text_bytes;
  limits["max_total_text_bytes"] = options.max_total_text_bytes;
  summary["limits"] = std::move(limits);
  return summary;
}

Json IssuesJson(const ScanResult& result, const HtmlReportOptions& options) {
  Json issues = Json::array();
  const size_t n = std::min<size_t>(result.issues.size(), options.max_issues_listed);
  for (size_t i = 0; i < n; ++i) {
    const InputIssue& issue = result.issues[i];
    issues.push_back(Json{{"kind", InputIssueKindName(issue.kind)},
                          {"where", issue.where.ToString()},
                          {"detail", issue.detail},
                          {"skipped", issue.skipped}});
  }
  return issues;
}

// The index entry of one listed cluster.
Json ClusterEntryJson(const ScanResult& result, const ClusterPlan& cp,
                      const DocumentLookup& document, const HtmlReportOptions& options) {
  const Cluster& c = result.clusters[cp.cluster];
  Json entry;
  entry["id"] = c.id;
  entry["story"] = c.story;
  entry["size"] = c.members.size();
  entry["original"] = result.ids[c.original];
  entry["title"] = TitleOf(document(c.original).text, options.compare.clean);
  Json groups = Json::object();
  std::map<std::string, uint64_t> counts;
  for (const MemberLink& link : cp.links) ++counts[GroupName(link)];
  // In relation order, so the page lists them strongest first.
  for (int g = 0; g <= static_cast<int>(Relation::kSameStory); ++g) {
    const char* name = RelationName(static_cast<Relation>(g));
    if (auto it = counts.find(name); it != counts.end()) groups[name] = it->second;
  }
  if (auto it = counts.find("unlinked"); it != counts.end()) groups["unlinked"] = it->second;
  entry["relations"] = std::move(groups);
  entry["texts"] = !cp.text_members.empty();
  return entry;
}

Json MemberJson(const ScanResult& result, const Document& doc, const MemberLink* link) {
  Json m;
  m["id"] = doc.id;
  m["where"] = doc.where.ToString();
  if (!doc.time.empty()) m["time"] = doc.time;
  m["bytes"] = doc.text.size();
  if (link == nullptr) {
    m["original"] = true;
  } else if (link->pair != nullptr) {
    m["relation"] = RelationName(link->pair->relation);
    m["score"] = Round4(link->pair->score);
    if (!link->pair->features.empty()) m["features"] = FeaturesJson(*link->pair);
    m["direct"] = link->direct;
    if (!link->direct) m["via"] = result.ids[link->via];
  } else {
    m["relation"] = "unlinked";
  }
  return m;
}

void AddText(const Document& doc, const HtmlReportOptions& options, Json* member) {
  const size_t cut = Utf8CutPoint(doc.text, options.max_text_bytes);
  (*member)["text"] = std::string_view(doc.text).substr(0, cut);
  if (cut < doc.text.size()) (*member)["cut"] = cut;
}

// The element of one listed cluster: members (texts and comparisons for the chosen ones)
// and the verified pairs inside the cluster.
// A member's comparison with the original: the JSON, or why there is none.
struct MemberComparison {
  DocIndex member = 0;
  std::optional<Json> json;
  std::string error;  // set when Compare failed
};

// Compares the original of `cp` with every other member that carries a text, on the texts
// as the page shows them (cut at max_text_bytes), in parallel. Results are stored by
// position, so the output does not depend on the thread count.
std::vector<MemberComparison> CompareMembers(const Cluster& cluster, const ClusterPlan& cp,
                                             const DocumentLookup& document,
                                             const HtmlReportOptions& options,
                                             const CompareFn& compare, common::ThreadPool* pool) {
  std::vector<MemberComparison> out;
  for (DocIndex d : cp.text_members) {
    if (d != cluster.original) out.push_back({d, std::nullopt, {}});
  }
  if (!compare || out.empty()) return out;
  // Long texts are compared as shown: the cut copy keeps spans inside what the page has.
  auto shown = [&](const Document& doc, std::optional<Document>* copy) -> const Document& {
    const size_t cut = Utf8CutPoint(doc.text, options.max_text_bytes);
    if (cut == doc.text.size()) return doc;
    copy->emplace(doc);
    (*copy)->text.resize(cut);
    return **copy;
  };
  std::optional<Document> original_copy;
  const Document& original = shown(document(cluster.original), &original_copy);
  pool->ParallelFor(out.size(), 1, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      std::optional<Document> member_copy;
      const Document& member = shown(document(out[i].member), &member_copy);
      Result<Comparison> c = compare(original, member);
      if (c.ok()) {
        out[i].json = ComparisonJson(c.value(), original.text.size(), member.text.size());
      } else {
        out[i].error = c.status().ToString();
      }
    }
  });
  return out;
}

Json ClusterJson(const ScanResult& result, const ClusterPlan& cp, const PairIndex& pairs,
                 const DocumentLookup& document, const HtmlReportOptions& options,
                 std::vector<MemberComparison> comparisons) {
  const Cluster& c = result.clusters[cp.cluster];
  Json out;
  out["id"] = c.id;
  out["story"] = c.story;
  out["original_confidence"] = Round4(c.original_confidence);
  out["original_reasons"] = c.original_reasons;
  out["size"] = c.members.size();
  out["texts"] = !cp.text_members.empty();

  std::vector<DocIndex> with_text = cp.text_members;
  std::sort(with_text.begin(), with_text.end());
  auto has_text = [&](DocIndex d) {
    return std::binary_search(with_text.begin(), with_text.end(), d);
  };

  const Document& original = document(c.original);
  Json members = Json::array();
  Json original_json = MemberJson(result, original, nullptr);
  if (has_text(c.original)) AddText(original, options, &original_json);
  members.push_back(std::move(original_json));
  // Listed members: first those with texts (the ones the page can compare), then the rest,
  // each in page order, up to the cap. The original is listed whether or not it carries a
  // text.
  const size_t listed_with_text = std::max<size_t>(with_text.size(), 1);
  const size_t room = options.max_members_listed > listed_with_text
                          ? options.max_members_listed - listed_with_text : 0;
  for (const bool text_pass : {true, false}) {
    size_t listed = 0;
    for (const MemberLink& link : cp.links) {
      const bool text = has_text(link.member);
      if (text != text_pass) continue;
      if (!text && listed++ >= room) break;
      const Document& doc = document(link.member);
      Json m = MemberJson(result, doc, &link);
      if (text) {
        AddText(doc, options, &m);
        for (MemberComparison& mc : comparisons) {
          if (mc.member != link.member) continue;
          if (mc.json) m["compare"] = std::move(*mc.json);
          if (!mc.error.empty()) m["compare_error"] = mc.error;
        }
      }
      members.push_back(std::move(m));
    }
  }
  out["members_listed"] = members.size();
  out["members"] = std::move(members);

  // Pairs inside the cluster, in result.pairs order; each found once, from its `a` end.
  std::vector<DocIndex> sorted_members = c.members;
  std::sort(sorted_members.begin(), sorted_members.end());
  std::vector<const Pair*> inside;
  for (DocIndex m : c.members) {
    for (const Pair* p : pairs.Of(m)) {
      if (p->a == m && std::binary_search(sorted_members.begin(), sorted_members.end(), p->b)) {
        inside.push_back(p);
      }
    }
  }
  std::sort(inside.begin(), inside.end());  // pointers into result.pairs: pair order
  out["pairs_total"] = inside.size();
  Json pair_rows = Json::array();
  for (size_t i = 0; i < inside.size() && i < options.max_pairs_listed; ++i) {
    pair_rows.push_back(PairJson(result, *inside[i]));
  }
  out["pairs"] = std::move(pair_rows);
  return out;
}

Status CheckOptions(const HtmlReportOptions& options) {
  if (options.max_texts_per_cluster < 1) {
    return InvalidArgument("max_texts_per_cluster must be >= 1 (the original)");
  }
  if (options.max_members_listed < 1) return InvalidArgument("max_members_listed must be >= 1");
  if (options.max_text_bytes < 1) return InvalidArgument("max_text_bytes must be >= 1");
  return Status::Ok();
}

// <!DOCTYPE html> to </head>.
std::string PageHead(const std::string& title) {
  std::string out;
  out.append(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      // Offline by construction: the page may run its own inline script and style and
      // show data: images, and nothing else; any request it tried would be refused and
      // reported as an error on the page.
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
      "base-uri 'none'; form-action 'none'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"doppel ");
  out.append(kVersion);
  out.append("\">\n<title>");
  out.append(EscapeHtml(title));
  out.append("</title>\n<script>\n");
  out.append(kAssetErrorsJs);
  out.append("</script>\n<style>\n");
  out.append(kAssetReportCss);
  out.append("</style>\n</head>\n");
  return out;
}

}  // namespace

Status WriteHtmlReportWith(const ScanResult& result, const DocumentLookup& document,
                           const HtmlReportOptions& options, const CompareFn& compare,
                           std::ostream& out) {
  DOPPEL_RETURN_IF_ERROR(CheckOptions(options));
  for (const Cluster& c : result.clusters) {
    if (c.original == kNoDocument) {
      return InvalidArgument("cluster " + std::to_string(c.id) +
                             " has no original: the report needs a scan with Options::choose_originals");
    }
  }
  const PairIndex pairs(result);
  const ReportPlan plan = PlanReport(
      result, pairs, [&](DocIndex d) -> uint64_t { return document(d).text.size(); }, options);

  std::string page = PageHead(options.title);
  page.append("<body>\n");
  page.append(kAssetBodyHtml);
  Json index;
  index["format"] = kDataFormat;
  index["title"] = options.title;
  index["doppel_version"] = kVersion;
  index["summary"] = SummaryJson(result, plan, options);
  index["issues_total"] = result.issues.size();
  index["issues"] = IssuesJson(result, options);
  Json entries = Json::array();
  for (const ClusterPlan& cp : plan.clusters) {
    entries.push_back(ClusterEntryJson(result, cp, document, options));
  }
  index["clusters"] = std::move(entries);
  AppendDataElement("doppel-index", index, &page);
  out.write(page.data(), static_cast<std::streamsize>(page.size()));

  common::ThreadPool pool(options.num_threads);
  for (const ClusterPlan& cp : plan.clusters) {
    const Cluster& cluster = result.clusters[cp.cluster];
    page.clear();
    try {
      std::vector<MemberComparison> comparisons =
          CompareMembers(cluster, cp, document, options, compare, &pool);
      const Json data = ClusterJson(result, cp, pairs, document, options, std::move(comparisons));
      AppendDataElement("doppel-cluster-" + std::to_string(cluster.id), data, &page);
    } catch (const std::bad_alloc&) {
      throw;
    } catch (const std::exception& e) {  // nlohmann-json, or a comparison that threw
      return Internal(std::string("HTML report, cluster ") + std::to_string(cluster.id) + ": " +
                      e.what());
    }
    out.write(page.data(), static_cast<std::streamsize>(page.size()));
    if (!out) return IoError("could not write the HTML report");
  }

  page.assign("<script>\n");
  page.append(kAssetReportJs);
  page.append("</script>\n</body>\n</html>\n");
  out.write(page.data(), static_cast<std::streamsize>(page.size()));
  out.flush();
  if (!out) return IoError("could not write the HTML report");
  return Status::Ok();
}

}  // namespace report

Status WriteHtmlReport(const ScanResult& result, const DocumentLookup& document,
                       const HtmlReportOptions& options, std::ostream& out) {
  const CompareOptions compare_options = options.compare;
  DOPPEL_RETURN_IF_ERROR(Validate(compare_options));
  return report::WriteHtmlReportWith(
      result, document, options,
      [compare_options](const Document& a, const Document& b) {
        return Compare(a, b, compare_options);
      },
      out);
}

}  // namespace doppel
