// Test helper: a RecordSet of one field, one record per value, ids r0, r1...
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "linkage/records.h"

namespace chorus::linkage {

inline RecordSet OneFieldRecords(const std::string& name, FieldKind kind,
                                 const std::vector<std::string>& values) {
  FieldSpec field;
  field.name = name;
  field.kind = kind;
  RecordSet records({field});
  for (size_t i = 0; i < values.size(); ++i) {
    EXPECT_TRUE(records.Add("r" + std::to_string(i), 0, {values[i]}).ok());
  }
  records.Finish();
  return records;
}

}  // namespace chorus::linkage
