#include "clean/furniture.h"

#include <cstddef>

namespace doppel::clean {
namespace {

// Bounds of the rules, in words or units. They describe furniture in general (labels
// are a word or two, a slug is under a line long), not any fixture.
constexpr uint32_t kMaxStampLineWords = 15;
constexpr uint32_t kMaxNoteWords = 6;
constexpr uint32_t kMaxSymbolHeavyWords = 6;
constexpr uint32_t kMaxLabelWords = 2;
constexpr uint32_t kMaxClockLabelWords = 4;
constexpr size_t kMinLabelRun = 3;
constexpr uint32_t kMinHeadlineWords = 3;
constexpr uint32_t kMaxListItemWords = 20;
constexpr size_t kMinListUnits = 3;
constexpr size_t kMinTimedItems = 2;
constexpr uint32_t kMaxWidgetWords = 4;
constexpr size_t kMinWidgetUnits = 2;
constexpr size_t kMaxWidgetUnits = 8;
constexpr uint32_t kMaxSignOffWords = 2;
constexpr uint32_t kMaxHeadMenuWords = 10;
constexpr uint32_t kMaxShortHeadLabelWords = 3;
constexpr size_t kMinLabelsAfterMenu = 2;
constexpr uint32_t kMinColonPhraseWords = 5;
constexpr uint32_t kMaxTailLabelWords = 8;
constexpr uint32_t kMaxShortLabelWords = 4;
constexpr size_t kMinTailLabels = 3;
constexpr size_t kMaxTailLabels = 12;
constexpr uint32_t kMaxSignOffLetters = 12;

bool StampLine(const LineShape& s) {
  // "13:41 07/10/99: Page 2 (HHH) COURTS Cell": a stamp, >= 3 numeric words, >= 40%.
  return !s.terminal && s.words <= kMaxStampLineWords && s.stamps >= 1 &&
         s.digit_words >= 3 && 10 * s.digit_words >= 4 * s.words;
}

bool BracketedNote(const LineShape& s) {
  return s.bracketed && !s.terminal && s.words <= kMaxNoteWords;
}

bool SymbolHeavy(const LineShape& s) {
  return !s.terminal && s.words <= kMaxSymbolHeavyWords && s.symbols >= s.letters + s.digits;
}

// A menu or an icon label that may open a page above its headline.
bool HeadMenu(const LineShape& s) {
  return !s.terminal && s.words <= kMaxHeadMenuWords && (s.menu_items >= 2 || s.icon_prefix);
}

// A short label among head menus ("Share", "Share this article").
bool ShortLabel(const LineShape& s) {
  return !s.terminal && s.words >= 1 && s.words <= kMaxShortHeadLabelWords && s.digits == 0 &&
         !s.has_comma;
}

bool Label(const LineShape& s) {
  return s.words <= kMaxLabelWords && !s.terminal && !s.has_comma &&
         (s.digits == 0 || s.stamps > 0);
}

bool ClockLabel(const LineShape& s) {
  return s.words <= kMaxClockLabelWords && s.stamps >= 1 && !s.terminal;
}

}  // namespace

const char* FurnitureRuleName(FurnitureRule rule) {
  switch (rule) {
    case FurnitureRule::kNone: return "none";
    case FurnitureRule::kSymbolLine: return "symbol_line";
    case FurnitureRule::kMarkupLine: return "markup_line";
    case FurnitureRule::kStampLine: return "stamp_line";
    case FurnitureRule::kBracketedNote: return "bracketed_note";
    case FurnitureRule::kSymbolHeavy: return "symbol_heavy";
    case FurnitureRule::kHeadLabels: return "head_labels";
    case FurnitureRule::kTimestampList: return "timestamp_list";
    case FurnitureRule::kWidget: return "widget";
    case FurnitureRule::kSignOff: return "sign_off";
    case FurnitureRule::kHeadMenu: return "head_menu";
    case FurnitureRule::kTailLabels: return "tail_labels";
  }
  return "unknown";
}

Edges FindEdges(const std::vector<LineShape>& shapes) {
  Edges edges;
  edges.first_prose = shapes.size();
  for (size_t i = 0; i < shapes.size(); ++i) {
    if (shapes[i].prose()) {
      if (edges.first_prose == shapes.size()) edges.first_prose = i;
      edges.end_of_last_prose = i + 1;
    }
  }
  return edges;
}

std::vector<FurnitureRule> FindFurniture(const std::vector<LineShape>& shapes) {
  std::vector<FurnitureRule> rules;
  FindFurniture(shapes, &rules);
  return rules;
}

void FindFurniture(const std::vector<LineShape>& shapes, std::vector<FurnitureRule>* out) {
  const size_t n = shapes.size();
  std::vector<FurnitureRule>& rules = *out;
  rules.assign(n, FurnitureRule::kNone);
  if (n == 0) return;

  // Head block: before the first prose unit; tail block: after the last one.
  const Edges edges = FindEdges(shapes);
  const size_t first_prose = edges.first_prose;
  const size_t end_of_last_prose = edges.end_of_last_prose;
  auto in_head = [&](size_t i) { return i < first_prose; };
  auto in_tail = [&](size_t i) { return i >= end_of_last_prose; };
  auto removed = [&](size_t i) { return rules[i] != FurnitureRule::kNone; };

  // Strong shapes, one unit at a time.
  for (size_t i = 0; i < n; ++i) {
    const LineShape& s = shapes[i];
    const bool edge = in_head(i) || in_tail(i);
    if (s.words == 0) {
      rules[i] = FurnitureRule::kSymbolLine;
    } else if (s.markup_only) {
      rules[i] = FurnitureRule::kMarkupLine;
    } else if (edge && StampLine(s)) {
      rules[i] = FurnitureRule::kStampLine;
    } else if (edge && BracketedNote(s)) {
      rules[i] = FurnitureRule::kBracketedNote;
    } else if (edge && SymbolHeavy(s)) {
      rules[i] = FurnitureRule::kSymbolHeavy;
    }
  }

  // Head menus: the document opens with a block of menus and icon labels, with short
  // labels among them, above a headline ("▶ Listen · 3 min" / "Share" /
  // "Facebook | X | Email" / headline). Labels after the last menu belong to the block
  // only when there are two or more (one short line there may be the headline), and a
  // worded unit must follow the block before the first prose unit: the headline, which
  // is never removed here.
  {
    size_t begin = 0;
    while (begin < first_prose && removed(begin)) ++begin;
    size_t end = begin;
    size_t last_menu = n;
    while (end < first_prose &&
           (removed(end) || HeadMenu(shapes[end]) || ShortLabel(shapes[end]))) {
      if (!removed(end) && HeadMenu(shapes[end])) last_menu = end;
      ++end;
    }
    auto headline_follows = [&](size_t block_end) {
      size_t slot = block_end;
      while (slot < first_prose && removed(slot)) ++slot;
      return slot < first_prose && shapes[slot].words >= kMinHeadlineWords;
    };
    if (last_menu != n) {
      size_t labels_after = 0;
      for (size_t j = last_menu + 1; j < end; ++j) labels_after += !removed(j);
      // Without the labels after the last menu when they are too few, or when no
      // headline would be left below them.
      if (labels_after < kMinLabelsAfterMenu || !headline_follows(end)) end = last_menu + 1;
      if (headline_follows(end)) {
        for (size_t j = begin; j < end; ++j) {
          if (!removed(j)) rules[j] = FurnitureRule::kHeadMenu;
        }
      }
    }
  }

  // Head labels. The first worded unit left is the headline slot and is never a label,
  // unless the document opens with a run of labels followed by a longer unterminated
  // unit (labels above a headline).
  auto is_label = [&](size_t i) { return Label(shapes[i]) || ClockLabel(shapes[i]); };
  size_t headline = n;
  for (size_t i = 0; i < first_prose; ++i) {
    if (!removed(i)) {
      headline = i;
      break;
    }
  }
  if (headline < first_prose && is_label(headline)) {
    size_t labels = 0;
    size_t next = headline;
    while (next < first_prose && (removed(next) || is_label(next))) {
      if (!removed(next)) ++labels;
      ++next;
    }
    if (labels >= kMinLabelRun && next < first_prose && !shapes[next].terminal &&
        shapes[next].words >= kMinHeadlineWords) {
      for (size_t j = headline; j < next; ++j) {
        if (!removed(j)) rules[j] = FurnitureRule::kHeadLabels;
      }
      headline = next;
    }
  }
  for (size_t i = 0; i < first_prose;) {
    if (i == headline || removed(i) || !is_label(i)) {
      ++i;
      continue;
    }
    // A run of labels; units removed above are transparent.
    size_t end = i;
    size_t labels = 0;
    bool clock = false;
    while (end < first_prose && end != headline &&
           (removed(end) || is_label(end))) {
      if (!removed(end)) {
        ++labels;
        clock = clock || ClockLabel(shapes[end]);
      }
      ++end;
    }
    if (labels >= kMinLabelRun || clock) {
      for (size_t j = i; j < end; ++j) {
        if (!removed(j)) rules[j] = FurnitureRule::kHeadLabels;
      }
    }
    i = end;
  }

  // Walks back from the end of the document over units that satisfy `member` (units
  // already removed are transparent); returns the first unit of the run and counts.
  struct Run {
    size_t begin = 0;
    size_t units = 0;
    size_t marked = 0;  // units for which `mark` holds
  };
  auto tail_run = [&](auto member, auto mark) {
    Run run;
    run.begin = n;
    for (size_t i = n; i > end_of_last_prose; --i) {
      if (removed(i - 1)) {
        run.begin = i - 1;
        continue;
      }
      if (!member(shapes[i - 1])) break;
      run.begin = i - 1;
      ++run.units;
      if (mark(shapes[i - 1])) ++run.marked;
    }
    return run;
  };
  // The tail rules need an article above them: prose ends right before the run.
  const bool has_prose = end_of_last_prose > 0;

  // "Latest stories": short unterminated lines, several with relative timestamps. A
  // "label: value" line is a data line ("Flight time: 2 hours"), unless it is a timed
  // item whose value is a phrase ("Rail fares: what the new prices mean 5h ago").
  if (has_prose) {
    auto timed = [](const LineShape& s) { return s.relative_times > 0 || s.stamps > 0; };
    Run run = tail_run(
        [&](const LineShape& s) {
          return !s.terminal && s.words <= kMaxListItemWords &&
                 (!s.field_colon || (timed(s) && s.words_after_colon >= kMinColonPhraseWords));
        },
        timed);
    if (run.units >= kMinListUnits && run.marked >= kMinTimedItems &&
        3 * run.marked >= run.units) {
      for (size_t j = run.begin; j < n; ++j) {
        if (!removed(j)) rules[j] = FurnitureRule::kTimestampList;
      }
    }
  }

  // Comment widget: a few short unterminated lines, one of them a count.
  if (has_prose) {
    // Data lines ("Attendance: 4812"), lines naming someone and lists with commas are
    // content, whatever their length.
    Run run = tail_run(
        [](const LineShape& s) {
          return !s.terminal && s.words <= kMaxWidgetWords && !s.field_colon &&
                 !s.has_comma && s.inner_capitals == 0;
        },
        [](const LineShape& s) { return s.count_label; });
    if (run.units >= kMinWidgetUnits && run.units <= kMaxWidgetUnits && run.marked >= 1) {
      for (size_t j = run.begin; j < n; ++j) {
        if (!removed(j)) rules[j] = FurnitureRule::kWidget;
      }
    }
  }

  // Tail labels: a run of 3-12 short unterminated lines after the last prose unit, none
  // holding a comma or a number other than a count ("0 Comments"), and either one of
  // them a count or a menu, or most of them of at most 4 words and most not naming
  // anyone (a capitalised inner word): comment forms, pagers, share and topic links.
  // Lists of names (commas, capitals), results and data lines (numbers) stay.
  if (has_prose) {
    size_t units = 0;
    size_t short_units = 0;
    size_t anchors = 0;
    size_t naming = 0;
    size_t begin = n;
    for (size_t i = n; i > end_of_last_prose; --i) {
      const LineShape& s = shapes[i - 1];
      if (!removed(i - 1)) {
        const bool count = s.count_label && !s.field_colon;
        const bool member = !s.terminal && s.words >= 1 && s.words <= kMaxTailLabelWords &&
                            !s.has_comma && (s.digit_words == 0 || count);
        if (!member) break;
        ++units;
        short_units += s.words <= kMaxShortLabelWords;
        anchors += count || s.menu_items >= 2;
        naming += s.inner_capitals > 0;
      }
      begin = i - 1;
    }
    if (units >= kMinTailLabels && units <= kMaxTailLabels &&
        (anchors > 0 || (2 * short_units >= units && 2 * naming < units))) {
      for (size_t j = begin; j < n; ++j) {
        if (!removed(j)) rules[j] = FurnitureRule::kTailLabels;
      }
    }
  }

  // Sign-off: the last unit is a one- or two-word code in one case, right after a
  // sentence.
  {
    size_t last = n;
    while (last > 0 && removed(last - 1)) --last;
    if (last > 0 && in_tail(last - 1)) {
      const LineShape& s = shapes[last - 1];
      size_t previous = last - 1;
      while (previous > 0 && removed(previous - 1)) --previous;
      bool after_sentence = previous > 0 && shapes[previous - 1].sentence_like();
      if (after_sentence && s.words <= kMaxSignOffWords && s.digits == 0 && !s.terminal &&
          !s.bracketed && s.one_case() && s.letters <= kMaxSignOffLetters) {
        rules[last - 1] = FurnitureRule::kSignOff;
      }
    }
  }
}

}  // namespace doppel::clean
