// File: base/overloaded.h
// Overloaded{lambda...}: one visitor from several lambdas, for std::visit
// over the record variant.
#pragma once

namespace chorus {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace chorus
