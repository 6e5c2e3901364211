// File: estimate/report.h
// Turning an estimate into something people read: a plain-language sentence
// with honestly rounded numbers, and an SVG plot of the posterior (or
// profile likelihood) of N with its interval. Pure: returns strings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chorus::estimate {

// "12,345".
std::string WithThousands(int64_t value);

// "between 9,000 and 15,000 killings, most likely 10,300; 4,400 documented".
// The interval is rounded outwards to the power of ten of its width, the
// point estimate to a tenth of that. With `suppress_below` > 1, a count under
// it is written "fewer than N" (publication safety).
std::string PlainSummary(double lower, double upper, double most_likely, int64_t observed,
                         std::string_view noun, int64_t suppress_below = 0);

struct PlotInput {
  std::string title;
  // Either draws (weights empty) or a grid with a probability per point.
  std::vector<double> values;
  std::vector<double> weights;
  double estimate = 0;
  double lower = 0;
  double upper = 0;
  int64_t observed = 0;
};

// A self-contained SVG (about 640 x 360): a histogram of the distribution of
// N in 40 bins, the interval shaded, the estimate and the observed count as
// vertical lines, axis labels with thousands separators.
// REQUIRES: values non-empty.
std::string PosteriorSvg(const PlotInput& input);

}  // namespace chorus::estimate
