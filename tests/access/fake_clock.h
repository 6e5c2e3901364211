// A clock tests move by hand.
#pragma once

#include "base/clock.h"

namespace chorus::access {

class FakeClock : public Clock {
 public:
  Timestamp Now() const override { return now_; }
  void Advance(std::chrono::milliseconds d) { now_ += d; }

 private:
  Timestamp now_{std::chrono::milliseconds(1'500'000'000'000)};
};

}  // namespace chorus::access
