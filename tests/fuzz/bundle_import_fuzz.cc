// Fuzz target: `chorus import` below the CLI (records/bundle_io.h): a bundle
// imported into an encrypted SQLite store that already holds the records of
// tests/data/api/small.json, so references to existing records and id
// collisions are reachable. An import is all or nothing: on failure the
// store's export is unchanged; on success it grew by the records imported.
// The store is put back after every import that wrote.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "fuzz/fuzz_support.h"
#include "records/bundle_io.h"

namespace {

chorus::fuzz::ScratchStore& Store() {
  // A function-local static, so its files are removed at exit.
  static chorus::fuzz::ScratchStore store([](chorus::records::Vault& vault) {
    std::ifstream in(CHORUS_SOURCE_DIR "/tests/data/api/small.json", std::ios::binary);
    auto imported = chorus::records::ImportBundles(vault, {{"small.json", &in}});
    chorus::fuzz::CheckSetup(imported.status(), "import small.json");
  });
  return store;
}

std::string Export(chorus::records::Vault& vault, size_t& count) {
  std::ostringstream out;
  auto exported = chorus::records::ExportBundle(vault, out);
  FUZZ_CHECK(exported.ok(), exported.status().ToString());
  count = *exported;
  return out.str();
}

// The export of the store as the template left it: every input starts there.
struct Baseline {
  std::string bundle;
  size_t count = 0;
};

const Baseline& TheBaseline() {
  static const Baseline baseline = [] {
    Baseline b;
    b.bundle = Export(Store().vault(), b.count);
    return b;
  }();
  return baseline;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  TheBaseline();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  chorus::fuzz::ScratchStore& store = Store();
  const Baseline& before = TheBaseline();
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  auto imported = chorus::records::ImportBundles(store.vault(), {{"fuzz.json", &in}});
  size_t after_count = 0;
  const std::string after = Export(store.vault(), after_count);
  if (!imported.ok()) {
    const auto code = imported.status().code();
    FUZZ_CHECK(
        code == chorus::StatusCode::kInvalidArgument || code == chorus::StatusCode::kAlreadyExists,
        imported.status().ToString());
    FUZZ_CHECK(after == before.bundle, "a failed import changed the store");
    return 0;
  }
  FUZZ_CHECK(after_count == before.count + *imported,
             std::to_string(*imported) + " imported, export grew by " +
                 std::to_string(after_count - before.count));
  if (*imported > 0) store.Reset();
  return 0;
}
