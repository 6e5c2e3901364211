#include "estimate/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace chorus::estimate {
namespace {

std::string EscapeXml(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Fixed(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

}  // namespace

std::string WithThousands(int64_t value) {
  // Through the unsigned magnitude: -value overflows for INT64_MIN.
  const uint64_t magnitude =
      value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  std::string digits = std::to_string(magnitude);
  std::string out;
  for (size_t idx = 0; idx < digits.size(); ++idx) {
    if (idx > 0 && (digits.size() - idx) % 3 == 0) out += ',';
    out += digits[idx];
  }
  return value < 0 ? "-" + out : out;
}

std::string PlainSummary(double lower, double upper, double most_likely, int64_t observed,
                         std::string_view noun, int64_t suppress_below) {
  // Without an upper bound, round on the distance to the most likely value:
  // an infinite width made every rounded number NaN (then INT64_MIN).
  const double width = std::max(std::isfinite(upper) ? upper - lower : most_likely - lower, 1.0);
  const double unit = std::pow(10.0, std::floor(std::log10(width)));
  const double point_unit = std::max(1.0, unit / 10);
  auto count = [&](double value) {
    const auto rounded = static_cast<int64_t>(value);
    if (suppress_below > 1 && rounded > 0 && rounded < suppress_below) {
      return "fewer than " + WithThousands(suppress_below);
    }
    return WithThousands(rounded);
  };
  const double low = std::max(std::floor(lower / unit) * unit, static_cast<double>(observed));
  std::string text;
  if (std::isfinite(upper)) {
    text = "between " + count(low) + " and " + count(std::ceil(upper / unit) * unit) + " " +
           std::string(noun);
  } else {
    text = "at least " + count(low) + " " + std::string(noun) + " (no upper bound)";
  }
  text += ", most likely " + count(std::round(most_likely / point_unit) * point_unit) + "; " +
          count(static_cast<double>(observed)) + " documented";
  return text;
}

std::string PosteriorSvg(const PlotInput& input) {
  constexpr int kBins = 40;
  constexpr double kWidth = 640, kHeight = 360;
  constexpr double kLeft = 60, kRight = 20, kTop = 40, kBottom = 50;
  const double plot_w = kWidth - kLeft - kRight;
  const double plot_h = kHeight - kTop - kBottom;
  // Range: the 0.5% to 99.5% quantiles (or the grid's extent with mass), so
  // one far outlier does not squash the plot.
  std::vector<std::pair<double, double>> points;
  for (size_t idx = 0; idx < input.values.size(); ++idx) {
    const double w = input.weights.empty() ? 1.0 : input.weights[idx];
    if (w > 0) points.emplace_back(input.values[idx], w);
  }
  std::sort(points.begin(), points.end());
  double total = 0;
  for (auto& p : points) total += p.second;
  double lo = points.front().first, hi = points.back().first;
  double cumulative = 0;
  bool lo_set = false;
  for (auto& p : points) {
    cumulative += p.second;
    if (!lo_set && cumulative >= 0.005 * total) {
      lo = p.first;
      lo_set = true;
    }
    if (cumulative >= 0.995 * total) {
      hi = p.first;
      break;
    }
  }
  lo = std::min({lo, input.lower, static_cast<double>(input.observed)});
  hi = std::max({hi, std::isfinite(input.upper) ? input.upper : hi, lo + 1});
  const double bin_w = (hi - lo) / kBins;
  std::vector<double> bins(kBins, 0.0);
  for (auto& p : points) {
    if (p.first < lo || p.first > hi) continue;
    auto bin = static_cast<int>((p.first - lo) / bin_w);
    bins[static_cast<size_t>(std::clamp(bin, 0, kBins - 1))] += p.second;
  }
  const double top = std::max(*std::max_element(bins.begin(), bins.end()), 1e-300);
  auto x_of = [&](double value) { return kLeft + (value - lo) / (hi - lo) * plot_w; };
  std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"360\" "
      "viewBox=\"0 0 640 360\" font-family=\"sans-serif\" font-size=\"12\">\n";
  svg += "<rect width=\"640\" height=\"360\" fill=\"white\"/>\n";
  svg += "<text x=\"320\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">" +
         EscapeXml(input.title) + "</text>\n";
  // Interval band.
  const double band_lo = std::max(lo, input.lower);
  const double band_hi = std::min(hi, std::isfinite(input.upper) ? input.upper : hi);
  svg += "<rect x=\"" + Fixed(x_of(band_lo)) + "\" y=\"" + Fixed(kTop) + "\" width=\"" +
         Fixed(x_of(band_hi) - x_of(band_lo)) + "\" height=\"" + Fixed(plot_h) +
         "\" fill=\"#dbe9f6\"/>\n";
  for (int bin = 0; bin < kBins; ++bin) {
    const double h = bins[static_cast<size_t>(bin)] / top * plot_h;
    svg += "<rect x=\"" + Fixed(kLeft + bin * plot_w / kBins) + "\" y=\"" +
           Fixed(kTop + plot_h - h) + "\" width=\"" + Fixed(plot_w / kBins - 1) + "\" height=\"" +
           Fixed(h) + "\" fill=\"#4a7fb5\"/>\n";
  }
  auto vline = [&](double value, const char* colour, const std::string& label, double y) {
    if (value < lo || value > hi) return;
    svg += "<line x1=\"" + Fixed(x_of(value)) + "\" x2=\"" + Fixed(x_of(value)) + "\" y1=\"" +
           Fixed(kTop) + "\" y2=\"" + Fixed(kTop + plot_h) + "\" stroke=\"" + colour +
           "\" stroke-width=\"2\"/>\n";
    svg += "<text x=\"" + Fixed(x_of(value) + 4) + "\" y=\"" + Fixed(y) + "\" fill=\"" + colour +
           "\">" + EscapeXml(label) + "</text>\n";
  };
  vline(input.estimate, "#b03030",
        "estimate " + WithThousands(static_cast<int64_t>(std::llround(input.estimate))), kTop + 14);
  vline(static_cast<double>(input.observed), "#333333",
        "documented " + WithThousands(input.observed), kTop + 30);
  // Axis with five ticks.
  svg += "<line x1=\"" + Fixed(kLeft) + "\" x2=\"" + Fixed(kLeft + plot_w) + "\" y1=\"" +
         Fixed(kTop + plot_h) + "\" y2=\"" + Fixed(kTop + plot_h) + "\" stroke=\"black\"/>\n";
  for (int tick = 0; tick <= 4; ++tick) {
    const double value = lo + (hi - lo) * tick / 4;
    svg += "<text x=\"" + Fixed(x_of(value)) + "\" y=\"" + Fixed(kTop + plot_h + 18) +
           "\" text-anchor=\"middle\">" + WithThousands(static_cast<int64_t>(std::llround(value))) +
           "</text>\n";
  }
  std::string interval =
      "95% interval " + WithThousands(static_cast<int64_t>(std::llround(input.lower))) + " - " +
      (std::isfinite(input.upper) ? WithThousands(static_cast<int64_t>(std::llround(input.upper)))
                                  : std::string("unbounded"));
  svg += "<text x=\"320\" y=\"" + Fixed(kHeight - 10) + "\" text-anchor=\"middle\">N (total, " +
         EscapeXml(interval) + ", shaded)</text>\n";
  svg += "</svg>\n";
  return svg;
}

}  // namespace chorus::estimate
