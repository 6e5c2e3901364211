// File: base/clock.h
// Time as the rest of Chorus sees it: UTC timestamps, read only through a
// Clock handed in, so tests can age a record without sleeping.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chorus {

// Milliseconds since the Unix epoch, UTC.
using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

// The real clock. Thread-safe.
const Clock& SystemClock();

// "2016-10-10T08:00:00Z" (ISO 8601, UTC; milliseconds only when non-zero).
std::string FormatTimestamp(Timestamp t);

// Parses ISO 8601 UTC: "2016-10-10", "2016-10-10T08:00Z", "2016-10-10T08:00:00Z",
// "2016-10-10T08:00:00.250Z", and offsets "+09:00". nullopt when malformed.
std::optional<Timestamp> ParseTimestamp(std::string_view text);

}  // namespace chorus
