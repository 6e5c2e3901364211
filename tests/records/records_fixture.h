// A fresh encrypted SQLite store per test, unlocked, with helpers to import
// bundles given as text.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "records/bundle_io.h"
#include "records/vault.h"
#include "store/sqlite/sqlite_store.h"
#include "support/temp_dir.h"

namespace chorus::records {

inline constexpr char kPassphrase[] = "correct horse battery staple";
// The demo data: the seed report, coded.
inline constexpr char kSeedReportBundle[] = CHORUS_DEMO_DIR "/seed-report.json";

class RecordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("test.chorus");
    auto store = store::sqlite::OpenSqliteStore(path_, store::sqlite::OpenMode::kCreate);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    ASSERT_TRUE(InitializeKeys(*store_, kPassphrase, crypto::KdfParams::Minimum()).ok());
    auto vault = Vault::Unlock(*store_, kPassphrase);
    ASSERT_TRUE(vault.ok()) << vault.status().ToString();
    vault_ = std::make_unique<Vault>(std::move(vault).value());
  }

  Result<size_t> ImportText(const std::string& bundle, const std::string& name = "test.json") {
    std::istringstream in(bundle);
    return ImportBundles(*vault_, {{name, &in}});
  }

  Result<size_t> ImportFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return ImportBundles(*vault_, {{path, &in}});
  }

  std::string ExportText() {
    std::ostringstream out;
    auto count = ExportBundle(*vault_, out);
    EXPECT_TRUE(count.ok()) << count.status().ToString();
    return out.str();
  }

  static std::string Bundle(const std::string& records) {
    return "{\"format\":\"chorus-bundle\",\"version\":1,\"records\":[" + records + "]}";
  }

  chorus::test_support::TempDir dir_;
  std::string path_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Vault> vault_;
};

// One record of every kind, linked to each other.
inline const char kEveryKind[] = R"(
{"kind":"source","id":"src-1","pseudonym":"local source","type":"person","reliability":"C","identity":{"name":"Hidden Name","contact":"+7 000"}},
{"kind":"report","id":"rpt-1","title":"Testimony about the worksite","type":"testimony","language":"en","source":"src-1","date":"2016-10","received_at":"2016-10-10T08:00:00Z","credibility":3,"knowledge":"first_hand_witness","text":"The Mokran workers left the worksite near Санкт-Петербург. 목란은 회사입니다."},
{"kind":"file","id":"file-1","report":"rpt-1","name":"testimony.txt","media_type":"text/plain","sha256":"0b487ae29513d2f4efa3dbfc99a977f1f085d9c54494f679f0c871acad22c20a","size_bytes":5139,"derivation":"original"},
{"kind":"place","id":"plc-1","names":[{"text":"St Petersburg","language":"en"},{"text":"Санкт-Петербург","language":"ru-Cyrl"}],"type":"city","country":"RU","latitude":59.9386,"longitude":30.3141},
{"kind":"organization","id":"org-1","names":[{"text":"Mokran","language":"en"},{"text":"목란","language":"ko-Hang"}],"type":"company","country":"KP","reports":["rpt-1"]},
{"kind":"post","id":"post-1","organization":"org-1","label":"Manager","role":"manager","rank":1},
{"kind":"person","id":"per-1","pseudonym":"the manager","names":[{"text":"리명수","language":"ko-Hang","reports":["rpt-1"]}],"sex":"male","birth_dates":[{"report":"rpt-1","edtf":"196X"}]},
{"kind":"membership","id":"mem-1","person":"per-1","post":"post-1","start":"2015","end":"2016-08-21/2016-10-10"},
{"kind":"event","id":"evt-1","title":"Group defection","dates":[{"report":"rpt-1","edtf":"2016-08-21/2016-08-31"}],"places":[{"report":"rpt-1","place":"plc-1"}],"reports":["rpt-1"]},
{"kind":"act","id":"act-1","event":"evt-1","type":"escape","victim_counts":[{"report":"rpt-1","min":6,"max":10,"unit":"individuals","words":"6-10"}],"reports":["rpt-1"]},
{"kind":"involvement","id":"inv-1","act":"act-1","role":"victim","unnamed_party":"workers of one team","reports":["rpt-1"]}
)";

}  // namespace chorus::records
