#include "kernel/rpc_answer.h"

#include "kernel/json_parse.h"
#include "kernel/vec.h"

namespace mizan::channels {

Status rpc_answer_body(std::string_view frame, Str& out) {
  Vec<json::RawMember> members;
  if (Status s = json::scan_object(frame, members); !s.ok()) return s;
  // The frame's name for each member, then the call answer's.
  static constexpr std::string_view kRenamed[][2] = {
      {"data", "result"}, {"invalidate", "invalidate"}, {"merge", "merge"}};
  out.assign("{", 1);
  for (const auto& names : kRenamed) {
    for (const json::RawMember& m : members) {
      if (m.key != names[0]) continue;
      if (out.size() > 1) out.push_back(',');
      out.push_back('"');
      out.append(names[1]);
      out.append("\":", 2);
      out.append(m.text);
    }
  }
  out.push_back('}');
  return Status::success();
}

}  // namespace mizan::channels
