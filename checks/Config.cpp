//===- Config.cpp - .forksafe.yaml, a project's settings ------------------===//

#include "Config.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"

using namespace llvm;

namespace forksafe {

namespace {

/// A key of the file and the option it sets (see Options.cpp).
struct ConfigKey {
  StringRef Key;
  StringRef Option;
  /// Takes true or false; the option is set when true.
  bool IsFlag;
};

constexpr ConfigKey ConfigKeys[] = {
    {"Checks", "checks", false},
    {"Profile", "profile", false},
    {"Threads", "threads", false},
    {"Unknown", "unknown", false},
    {"WarningsAsErrors", "werror", true},
};

class ConfigParser {
public:
  ConfigParser(StringRef Text, StringRef Path)
      : Buffer(MemoryBuffer::getMemBuffer(Text, Path, false)) {
    // YAML syntax errors come through here, with their line and column.
    SM.setDiagHandler(
        [](const SMDiagnostic &D, void *Self) {
          static_cast<ConfigParser *>(Self)->record(D);
        },
        this);
  }

  Error apply(Options &Opts);

private:
  /// "file:line:col: what\n<the line>\n<caret>": the host says it is an
  /// error.
  void record(const SMDiagnostic &D) {
    if (!Message.empty())
      return;
    raw_string_ostream OS(Message);
    OS << D.getFilename() << ":" << D.getLineNo() << ":"
       << D.getColumnNo() + 1 << ": " << D.getMessage() << "\n"
       << D.getLineContents() << "\n"
       << std::string(std::max(D.getColumnNo(), 0), ' ') << "^";
  }
  Error fail(yaml::Node *At, const Twine &Why) {
    SM.PrintMessage(At->getSourceRange().Start, SourceMgr::DK_Error, Why);
    return error();
  }
  Error error() {
    return createStringError(inconvertibleErrorCode(),
                             StringRef(Message).rtrim());
  }
  Error applyKey(yaml::KeyValueNode &Entry, Options &Opts);

  SourceMgr SM;
  std::unique_ptr<MemoryBuffer> Buffer;
  std::string Message;
};

Error ConfigParser::apply(Options &Opts) {
  yaml::Stream Stream(Buffer->getMemBufferRef(), SM);
  for (yaml::Document &Doc : Stream) {
    yaml::Node *Root = Doc.getRoot();
    if (!Root || isa<yaml::NullNode>(Root))
      continue;
    auto *Settings = dyn_cast<yaml::MappingNode>(Root);
    if (!Settings)
      return fail(Root, "expected the settings as 'Key: value' lines");
    for (yaml::KeyValueNode &Entry : *Settings)
      if (Error E = applyKey(Entry, Opts))
        return E;
    if (Stream.failed())
      break;
  }
  if (Stream.failed() || !Message.empty())
    return error();
  return Error::success();
}

Error ConfigParser::applyKey(yaml::KeyValueNode &Entry, Options &Opts) {
  auto *Key = dyn_cast_or_null<yaml::ScalarNode>(Entry.getKey());
  if (!Key)
    return fail(Entry.getKey(), "expected a setting name");
  SmallString<32> KeyStorage;
  StringRef Name = Key->getValue(KeyStorage);
  const ConfigKey *Known = find_if(
      ConfigKeys, [&](const ConfigKey &K) { return K.Key == Name; });
  if (Known == std::end(ConfigKeys)) {
    std::string Keys;
    for (const ConfigKey &K : ConfigKeys)
      Keys += (Keys.empty() ? "" : ", ") + K.Key.str();
    return fail(Key, "unknown setting '" + Name + "'; the settings are " + Keys);
  }
  auto *Value = dyn_cast_or_null<yaml::ScalarNode>(Entry.getValue());
  if (!Value)
    return fail(Entry.getValue() ? Entry.getValue() : Key,
                "expected a value for '" + Name + "'");
  SmallString<64> ValueStorage;
  StringRef Text = Value->getValue(ValueStorage);
  std::string Option;
  if (Known->IsFlag) {
    if (Text != "true" && Text != "false")
      return fail(Value, "expected 'true' or 'false' for '" + Name + "'");
    if (Text == "false")
      return Error::success();
    Option = Known->Option.str();
  } else {
    Option = (Known->Option + "=" + Text).str();
  }
  if (Error E = applyOption(Option, Opts))
    return fail(Value, toString(std::move(E)));
  return Error::success();
}

} // namespace

std::optional<std::string> findConfigFile(StringRef Dir) {
  SmallString<256> Current(Dir);
  sys::fs::make_absolute(Current);
  while (!Current.empty()) {
    SmallString<256> Candidate(Current);
    sys::path::append(Candidate, ConfigFileName);
    if (sys::fs::is_regular_file(Candidate))
      return Candidate.str().str();
    StringRef Parent = sys::path::parent_path(Current);
    if (Parent == Current)
      break;
    Current = Parent;
  }
  return std::nullopt;
}

Error applyConfigText(StringRef Text, StringRef Path, Options &Opts) {
  return ConfigParser(Text, Path).apply(Opts);
}

Error applyConfigFile(StringRef Path, Options &Opts) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer = MemoryBuffer::getFile(Path);
  if (!Buffer)
    return createStringError(Buffer.getError(), "cannot read '%s': %s",
                             Path.str().c_str(),
                             Buffer.getError().message().c_str());
  return applyConfigText((*Buffer)->getBuffer(), Path, Opts);
}

} // namespace forksafe
