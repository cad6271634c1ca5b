#include "kernel/optimistic_layers.h"

#include <algorithm>

#include "kernel/store.h"

namespace mizan {

bool read_optimistic_targets(std::string_view text, CallResponse& out) {
  if (text.empty()) return true;
  ServerError error;
  // js/validate.js checks every target first: this only keeps a bad list
  // from applying in part.
  if (!parse_call_response(200, text, out, error) || !out.problems.empty() ||
      out.result.items.size() != out.merge.size())
    return false;
  for (const json::Value& number : out.result.items)
    for (const char c : number.text)
      if (c < '0' || c > '9') return false;
  return true;
}

void copy_bundle(const Bundle& from, Bundle& to, std::uint32_t version) {
  Vec<json::RawMember> slots;
  for (const Slot& s : from.slots()) slots.push_back(json::RawMember{s.name, s.text});
  to.assign(slots, version);
}

bool apply_layers(Layers& layers, EntryId entry, const Bundle& base, Bundle& out) {
  copy_bundle(base, out, 0);
  const json::Value null;
  for (const std::unique_ptr<Layer>& layer : layers) {
    Layer& l = *layer;
    if (l.entry != entry || l.call == 0) continue;
    const Slot* slot = out.find(l.slot);
    if (l.update != 0) {
      if (slot == nullptr) {  // nothing to compute from (yet)
        l.awaiting = false;
        continue;
      }
      if (l.awaiting || slot->text != l.input) {
        l.input = slot->text;
        l.awaiting = true;
        return false;
      }
      // Replaced whole, whatever the kinds: null fits any slot, and any
      // value fits a null slot (§6).
      out.merge(l.slot, null, l.id_field, 0);
    }
    out.merge(l.slot, l.value, l.id_field, 0);  // a value that does not fit shows nothing
  }
  return true;
}

Bundle& OptimisticLayers::server_data(EntryId id, Entry& e) {
  for (const std::unique_ptr<Layer>& l : layers_)
    if (l->entry == id && l->call == 0) return l->base;
  return e.data;
}

void OptimisticLayers::add(Store& store, std::uint32_t call, const CallResponse& targets) {
  Vec<EntryId> shown;
  for (std::size_t k = 0; k < targets.merge.size(); ++k) {
    const MergeEntry& t = targets.merge[k];
    Vec<EntryId> matched;
    store.match(t, matched);
    for (EntryId id : matched) {
      Entry& e = *store.entries_.at(id);
      if (&server_data(id, e) == &e.data) {  // its first layer: what it shows is the server's data
        layers_.push_back(std::make_unique<Layer>());
        layers_.back()->entry = id;
        copy_bundle(e.data, layers_.back()->base, 0);
      }
      layers_.push_back(std::make_unique<Layer>());
      Layer& layer = *layers_.back();
      layer.call = call;
      layer.entry = id;
      for (const char c : targets.result.items[k].text)
        layer.update = layer.update * 10 + static_cast<std::uint32_t>(c - '0');
      layer.slot = t.slot;
      layer.id_field = store.id_field(t.context, t.slot);
      layer.value = t.value;
      shown.push_back(id);
    }
  }
  for (EntryId id : shown) show(store, id, *store.entries_.at(id));
}

const Layer* OptimisticLayers::awaiting() const {
  for (const std::unique_ptr<Layer>& l : layers_)
    if (l->awaiting) return l.get();
  return nullptr;
}

void OptimisticLayers::settle(Store& store, const json::Value* value) {
  for (const std::unique_ptr<Layer>& l : layers_) {
    if (!l->awaiting) continue;
    l->awaiting = false;
    if (value) {
      l->value = *value;
    } else {
      json::parse(l->input, l->value);  // the slot's own text: valid
    }
    show(store, l->entry, *store.entries_.at(l->entry));
    return;
  }
}

void OptimisticLayers::show(Store& store, EntryId id, Entry& e) {
  Layer* base = nullptr;
  bool layered = false;
  for (const std::unique_ptr<Layer>& l : layers_) {
    if (l->entry != id) continue;
    if (l->call == 0) {
      base = l.get();
    } else {
      layered = true;
    }
  }
  if (base == nullptr) return;
  Bundle view;
  if (!layered) {
    // The last layer went: the server's data again, its slots that match
    // the view keeping their versions (and readers their objects).
    view = std::move(base->base);
    drop(store, 0, id);
  } else if (!e.has_data || !apply_layers(layers_, id, base->base, view)) {
    return;  // nothing to show yet, or JS computes an update first (then settle)
  }
  copy_bundle(view, e.data, store.next_version());
  store.touch(id, e);
}

void OptimisticLayers::drop(Store& store, std::uint32_t call, EntryId entry) {
  Vec<EntryId> touched;
  for (const std::unique_ptr<Layer>& l : layers_) {
    if (l->entry != 0 && (entry != 0 ? l->entry == entry : l->call == call)) {
      touched.push_back(l->entry);
      l->entry = 0;
    }
  }
  if (touched.empty()) return;
  layers_.erase(
      std::remove_if(layers_.begin(), layers_.end(), [](const std::unique_ptr<Layer>& l) { return l->entry == 0; }),
      layers_.end());
  for (EntryId id : touched)
    if (Entry* e = store.find(id)) show(store, id, *e);
}

// The store's side, here so that store.cpp refers to none of the above.
void Store::add_layers(std::uint32_t call, const CallResponse& targets) {
  if (targets.merge.empty()) return;
  if (!layers_) layers_ = std::make_unique<OptimisticLayers>();
  layers_->add(*this, call, targets);
}

const Layer* Store::awaiting_layer() const { return layers_ ? layers_->awaiting() : nullptr; }

void Store::settle_layer(const json::Value* value) {
  if (layers_) layers_->settle(*this, value);
}

}  // namespace mizan
