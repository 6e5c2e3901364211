#include "server/compartment_keys.h"

#include <algorithm>
#include <map>

#include "access/policy.h"
#include "casework/requester_seal.h"
#include "compartments/seal.h"
#include "records/audit.h"
#include "server/user_store.h"

namespace chorus::server {
namespace {

std::string Name(core::Compartment compartment) {
  return std::string(core::CompartmentName(compartment));
}

Status AuditKeyChange(records::RecordWriter& writer, std::string_view actor,
                      core::Compartment compartment, std::string detail, Timestamp at) {
  records::AuditEvent event;
  event.actor = std::string(actor);
  event.action = "key-change";
  event.kind = std::string(compartments::kStateDocumentKind);
  event.record = Name(compartment);
  event.detail = std::move(detail);
  return records::AppendAudit(writer, event, at);
}

access::Grant GrantFor(const access::UserKeys& keys, const compartments::CompartmentKey& key,
                       const crypto::SecretBytes& secret) {
  return access::Grant{key.id, crypto::SealToPublicKey(keys.public_key, secret.view())};
}

// A new key pair for `compartment`, published as its current key; the
// secret is returned to be sealed to holders, then dropped.
Result<crypto::SecretBytes> AddKey(records::RecordWriter& writer, core::Compartment compartment,
                                   std::optional<compartments::CompartmentState> state,
                                   Timestamp at, compartments::CompartmentKey& added) {
  crypto::BoxKeyPair pair = crypto::NewBoxKeyPair();
  added = compartments::CompartmentKey{compartment, compartments::KeyIdOf(pair.public_key),
                                       pair.public_key, at};
  if (!state) state = compartments::CompartmentState{compartment, {}, {}};
  state->keys.push_back(added);
  CHORUS_RETURN_IF_ERROR(writer.PutCompartment(*state));
  return std::move(pair.secret_key);
}

Status StoreUser(records::RecordWriter& writer, const access::User& user) {
  return PutUserDocument(writer, user);
}

// The compartment a published key id belongs to, over all states.
struct Published {
  std::map<std::string, compartments::CompartmentKey> by_id;
  std::map<core::Compartment, compartments::CompartmentState> states;
};

Result<Published> ReadPublished(records::RecordReader& reader) {
  Published published;
  for (core::Compartment c : core::AllCompartments()) {
    CHORUS_ASSIGN_OR_RETURN(auto state, reader.GetCompartment(c));
    if (!state) continue;
    for (const auto& key : state->keys) published.by_id.emplace(key.id, key);
    published.states.emplace(c, std::move(*state));
  }
  return published;
}

// True when `user` holds every key of `state`.
bool HoldsEvery(const access::User& user, const compartments::CompartmentState& state) {
  return std::all_of(state.keys.begin(), state.keys.end(),
                     [&](const auto& key) { return user.HasGrant(key.id); });
}

}  // namespace

Result<int64_t> SealOpenValues(records::RecordWriter& writer, core::Compartment compartment) {
  if (compartment == core::Compartment::kRequesters) {
    return casework::SealOpenRequesters(writer);
  }
  core::RecordKind kind = compartment == core::Compartment::kSources ? core::RecordKind::kSource
                                                                     : core::RecordKind::kPerson;
  CHORUS_ASSIGN_OR_RETURN(auto records, writer.ListKind(kind));
  int64_t sealed = 0;
  for (auto& record : records) {
    if (!compartments::HasOpenSealable(record)) continue;
    CHORUS_RETURN_IF_ERROR(writer.Update(record));  // sealed on storage
    ++sealed;
  }
  return sealed;
}

Result<std::vector<core::Compartment>> FoundCompartments(records::RecordWriter& writer,
                                                         access::User& user, Timestamp at,
                                                         std::string_view actor) {
  std::vector<core::Compartment> founded;
  if (!user.keys) return founded;
  for (core::Compartment c : access::CompartmentsOf(user.role)) {
    CHORUS_ASSIGN_OR_RETURN(auto state, writer.GetCompartment(c));
    if (state && state->Current() != nullptr) continue;
    compartments::CompartmentKey key;
    CHORUS_ASSIGN_OR_RETURN(crypto::SecretBytes secret, AddKey(writer, c, state, at, key));
    user.grants.push_back(GrantFor(*user.keys, key, secret));
    CHORUS_ASSIGN_OR_RETURN(int64_t sealed, SealOpenValues(writer, c));
    CHORUS_RETURN_IF_ERROR(AuditKeyChange(writer, actor, c,
                                          "compartment founded, key " + key.id + " granted to " +
                                              user.name + ", " + std::to_string(sealed) +
                                              " open values sealed",
                                          at));
    founded.push_back(c);
  }
  return founded;
}

Result<int64_t> GrantPending(records::RecordWriter& writer, const compartments::Keyring& holder,
                             Timestamp at, std::string_view actor) {
  if (holder.empty()) return int64_t{0};
  CHORUS_ASSIGN_OR_RETURN(auto users, ListUsers(writer));
  int64_t granted = 0;
  for (auto& user : users) {
    if (!user.keys) continue;
    std::vector<std::string> given;
    for (core::Compartment c : access::CompartmentsOf(user.role)) {
      for (const auto* entry : holder.Of(c)) {
        if (user.HasGrant(entry->key.id)) continue;
        user.grants.push_back(GrantFor(*user.keys, entry->key, entry->secret));
        given.push_back(Name(c) + " key " + entry->key.id);
      }
    }
    if (given.empty()) continue;
    CHORUS_RETURN_IF_ERROR(StoreUser(writer, user));
    for (const auto& what : given) {
      auto c = core::ParseCompartment(what.substr(0, what.find(' ')));
      CHORUS_RETURN_IF_ERROR(
          AuditKeyChange(writer, actor, *c, what + " granted to " + user.name, at));
    }
    granted += static_cast<int64_t>(given.size());
  }
  return granted;
}

Result<std::vector<PendingGrant>> ListPendingGrants(records::RecordReader& reader) {
  CHORUS_ASSIGN_OR_RETURN(Published published, ReadPublished(reader));
  CHORUS_ASSIGN_OR_RETURN(auto users, ListUsers(reader));
  std::vector<PendingGrant> pending;
  for (const auto& user : users) {
    for (core::Compartment c : access::CompartmentsOf(user.role)) {
      auto state = published.states.find(c);
      if (state == published.states.end()) continue;
      if (!HoldsEvery(user, state->second)) pending.push_back(PendingGrant{user.name, c});
    }
  }
  return pending;
}

Status RevokeCompartments(records::RecordWriter& writer, const access::User& user,
                          std::optional<access::Role> new_role, Timestamp at,
                          std::string_view actor, bool force) {
  CHORUS_ASSIGN_OR_RETURN(auto users, ListUsers(writer));
  std::erase_if(users, [&](const access::User& u) { return u.name == user.name; });
  for (core::Compartment c : access::CompartmentsOf(user.role)) {
    if (new_role && access::HoldsCompartment(*new_role, c)) continue;
    CHORUS_ASSIGN_OR_RETURN(auto state, writer.GetCompartment(c));
    if (!state || state->Current() == nullptr) continue;
    std::vector<access::User*> remaining;
    bool someone_holds_every = false;
    for (auto& other : users) {
      if (!other.keys || !access::HoldsCompartment(other.role, c)) continue;
      remaining.push_back(&other);
      someone_holds_every = someone_holds_every || HoldsEvery(other, *state);
    }
    if (!someone_holds_every && !force) {
      return Status::FailedPrecondition(
          "user '" + user.name + "' is the only user granted every key of compartment " + Name(c) +
          ": without them its sealed values could never be opened again. First give another "
          "user a role that holds it and have them granted (they log in, or: chorus keys grant "
          "--as " +
          user.name + "), or remove with --force to lose those values");
    }
    if (remaining.empty()) {
      // Forced, nobody left: every key is lost, and nothing seals until a
      // new holder founds the compartment anew.
      state->lost.insert(state->lost.end(), state->keys.begin(), state->keys.end());
      state->keys.clear();
      CHORUS_RETURN_IF_ERROR(writer.PutCompartment(*state));
      CHORUS_RETURN_IF_ERROR(AuditKeyChange(
          writer, actor, c,
          "compartment retired: " + user.name + ", its last holder, was removed by force", at));
      continue;
    }
    compartments::CompartmentKey key;
    CHORUS_ASSIGN_OR_RETURN(crypto::SecretBytes secret, AddKey(writer, c, state, at, key));
    std::string names;
    for (access::User* other : remaining) {
      other->grants.push_back(GrantFor(*other->keys, key, secret));
      CHORUS_RETURN_IF_ERROR(StoreUser(writer, *other));
      names += (names.empty() ? "" : ", ") + other->name;
    }
    CHORUS_RETURN_IF_ERROR(AuditKeyChange(writer, actor, c,
                                          "key rotated to " + key.id + " after " + user.name +
                                              (new_role ? " changed role" : " was removed") +
                                              "; granted to " + names,
                                          at));
  }
  return Status::Ok();
}

Result<compartments::Keyring> UnlockKeyring(records::RecordReader& reader, const access::User& user,
                                            std::string_view password) {
  CHORUS_ASSIGN_OR_RETURN(crypto::SecretBytes secret, access::UnlockUserSecret(user, password));
  return OpenKeyring(reader, user, secret);
}

Result<compartments::Keyring> OpenKeyring(records::RecordReader& reader, const access::User& user,
                                          const crypto::SecretBytes& secret) {
  if (!user.keys) return compartments::Keyring();
  CHORUS_ASSIGN_OR_RETURN(Published published, ReadPublished(reader));
  compartments::Keyring keyring;
  for (const auto& grant : user.grants) {
    auto key = published.by_id.find(grant.key_id);
    if (key == published.by_id.end()) continue;  // a key of a compartment since dropped
    if (!access::HoldsCompartment(user.role, key->second.compartment)) continue;
    CHORUS_ASSIGN_OR_RETURN(
        crypto::SecretBytes compartment_secret,
        crypto::OpenSealedBoxToSecret(user.keys->public_key, secret, grant.box));
    keyring.Add(key->second, std::move(compartment_secret));
  }
  return keyring;
}

Result<compartments::Keyring> OpenCompartmentsAtLogin(records::Vault& vault, access::User user,
                                                      std::string_view password, Timestamp now) {
  bool store_user = false;
  if (!user.keys) {
    CHORUS_ASSIGN_OR_RETURN(user.keys, access::MakeUserKeys(user.name, password));
    store_user = true;
  }
  CHORUS_ASSIGN_OR_RETURN(crypto::SecretBytes secret, access::UnlockUserSecret(user, password));
  CHORUS_ASSIGN_OR_RETURN(auto writer, vault.Write());
  CHORUS_ASSIGN_OR_RETURN(auto founded, FoundCompartments(*writer, user, now, user.name));
  if (store_user || !founded.empty()) CHORUS_RETURN_IF_ERROR(StoreUser(*writer, user));
  CHORUS_ASSIGN_OR_RETURN(compartments::Keyring keyring, OpenKeyring(*writer, user, secret));
  CHORUS_ASSIGN_OR_RETURN(int64_t granted, GrantPending(*writer, keyring, now, user.name));
  if (store_user || !founded.empty() || granted > 0) CHORUS_RETURN_IF_ERROR(writer->Commit());
  return keyring;
}

}  // namespace chorus::server
