//===- Config.cpp - .forksafe.yaml, a project's settings ------------------===//

#include "Config.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
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

/// The keys that tell forksafe of the project's own functions, after the
/// settings: their values are lists.
constexpr StringRef KnowledgeKeys[] = {
    "ThreadStartWrappers", "ThreadSources", "ForkWrappers", "SignalSafe",
    "Unsafe",              "ChildEnds",     "Reinit",        "ChildEntries",
};

/// "A, B, C".
template <typename Range, typename NameOf>
std::string listOf(const Range &Items, NameOf Name) {
  std::string Text;
  for (const auto &Item : Items)
    Text += (Text.empty() ? "" : ", ") + Name(Item).str();
  return Text;
}

/// A handle type as the extractor names it: 'struct my_loop *' -> my_loop.
std::string handleTypeName(StringRef Spelled) {
  SmallVector<StringRef, 4> Words;
  Spelled.split(Words, ' ', -1, /*KeepEmpty=*/false);
  std::string Name;
  for (StringRef Word : Words) {
    Word = Word.trim("*& \t");
    if (Word.empty() || Word == "struct" || Word == "union" ||
        Word == "const" || Word == "volatile")
      continue;
    Name = Word.str();
  }
  return Name;
}

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
    OS << D.getFilename() << ":" << D.getLineNo() << ":" << D.getColumnNo() + 1
       << ": " << D.getMessage() << "\n";
    quoteLine(OS, D.getLineContents(), std::max(D.getColumnNo(), 0));
  }
  /// The line and a caret under Column, as clang quotes source: at most
  /// QuoteWidth characters of a long line, around the caret.
  static void quoteLine(raw_ostream &OS, StringRef Line, size_t Column) {
    constexpr size_t QuoteWidth = 100;
    size_t Start = 0;
    if (Line.size() > QuoteWidth && Column > QuoteWidth / 2)
      Start = std::min(Column - QuoteWidth / 2, Line.size() - QuoteWidth);
    StringRef Shown = Line.substr(Start, QuoteWidth);
    StringRef Before = Start ? "..." : "";
    StringRef After = Start + Shown.size() < Line.size() ? "..." : "";
    OS << Before << Shown << After << "\n"
       << std::string(Before.size() + Column - Start, ' ') << "^";
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
  /// A setting given twice in one document is an error, as in clang-tidy's
  /// configuration: which one would win is anyone's guess.
  Error refuseRepeated(yaml::KeyValueNode &Entry, StringMap<unsigned> &LineOf);
  Error applySetting(const ConfigKey &Known, yaml::Node *Key,
                     yaml::Node *Value, Options &Opts);
  Error applyKnowledge(StringRef Name, yaml::Node *Key, yaml::Node *Value,
                       ProjectKnowledge &Project);

  /// A value read as it streams by: YAML nodes cannot be walked twice.
  struct Value {
    yaml::Node *Node = nullptr;
    /// A scalar's text.
    std::optional<std::string> Text;
    /// A list's items: each scalar's text, or "" for another kind of item.
    std::optional<std::vector<std::pair<std::string, yaml::Node *>>> Items;
  };
  static Value read(yaml::Node *Node);
  /// A scalar's text, or an error that says what was expected.
  Expected<std::string> scalar(const Value &V, yaml::Node *Near,
                               const Twine &Expected);
  /// A list of function names: `[a, b]` or one per `- ` line.
  Error names(const Value &V, yaml::Node *Key, StringRef Name,
              std::vector<std::string> &Out);
  /// An argument position counted from 1, as the argument's slot.
  Expected<int32_t> position(const Value &V, StringRef Key);
  /// An entry of a list of mappings, by key.
  using Fields = StringMap<Value>;
  /// Reads each entry of a list of mappings: Keys are the keys an entry
  /// may have, Required those it must.
  Error entries(yaml::Node *Value, yaml::Node *Key, StringRef List,
                ArrayRef<StringRef> Keys, ArrayRef<StringRef> Required,
                function_ref<Error(const Fields &)> Read);
  /// Reads one entry of such a list.
  Error entry(yaml::Node &Item, StringRef List, ArrayRef<StringRef> Keys,
              ArrayRef<StringRef> Required,
              function_ref<Error(const Fields &)> Read);
  /// ChildEntries: function names, or entries with a Name and whether the
  /// host is Multithreaded.
  Error childEntries(yaml::Node *Value, yaml::Node *Key,
                     ProjectKnowledge &Project);

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
    StringMap<unsigned> LineOf;
    for (yaml::KeyValueNode &Entry : *Settings) {
      if (Error E = refuseRepeated(Entry, LineOf))
        return E;
      if (Error E = applyKey(Entry, Opts))
        return E;
    }
    if (Stream.failed())
      break;
  }
  if (Stream.failed() || !Message.empty())
    return error();
  return Error::success();
}

Error ConfigParser::refuseRepeated(yaml::KeyValueNode &Entry,
                                   StringMap<unsigned> &LineOf) {
  auto *Key = dyn_cast_or_null<yaml::ScalarNode>(Entry.getKey());
  if (!Key)
    return Error::success();
  SmallString<32> Storage;
  StringRef Name = Key->getValue(Storage);
  unsigned Line = SM.FindLineNumber(Key->getSourceRange().Start);
  auto [It, First] = LineOf.try_emplace(Name, Line);
  if (First)
    return Error::success();
  return fail(Key, "'" + Name + "' is set twice; it was set on line " +
                       Twine(It->second));
}

Error ConfigParser::applyKey(yaml::KeyValueNode &Entry, Options &Opts) {
  auto *Key = dyn_cast_or_null<yaml::ScalarNode>(Entry.getKey());
  if (!Key)
    return fail(Entry.getKey(), "expected a setting name");
  SmallString<32> KeyStorage;
  StringRef Name = Key->getValue(KeyStorage);
  const ConfigKey *Known = find_if(
      ConfigKeys, [&](const ConfigKey &K) { return K.Key == Name; });
  if (Known != std::end(ConfigKeys))
    return applySetting(*Known, Key, Entry.getValue(), Opts);
  if (is_contained(KnowledgeKeys, Name))
    return applyKnowledge(Name, Key, Entry.getValue(), Opts.Project);
  return fail(Key, "unknown setting '" + Name + "'; the settings are " +
                       listOf(ConfigKeys, [](const ConfigKey &K) { return K.Key; }) +
                       ", " + listOf(KnowledgeKeys, [](StringRef K) { return K; }));
}

Error ConfigParser::applySetting(const ConfigKey &Known, yaml::Node *Key,
                                 yaml::Node *Node, Options &Opts) {
  StringRef Name = Known.Key;
  SmallString<64> ValueStorage;
  StringRef Text;
  if (auto *Value = dyn_cast_or_null<yaml::ScalarNode>(Node))
    Text = Value->getValue(ValueStorage);
  else if (auto *Block = dyn_cast_or_null<yaml::BlockScalarNode>(Node))
    Text = Block->getValue().trim();
  else
    return fail(Node ? Node : Key, "expected a value for '" + Name + "'");
  std::string Option;
  if (Known.IsFlag) {
    if (Text != "true" && Text != "false")
      return fail(Node, "expected 'true' or 'false' for '" + Name + "'");
    if (Text == "false")
      return Error::success();
    Option = Known.Option.str();
  } else {
    Option = (Known.Option + "=" + Text).str();
  }
  if (Error E = applyOption(Option, Opts))
    return fail(Node, toString(std::move(E)));
  return Error::success();
}

ConfigParser::Value ConfigParser::read(yaml::Node *Node) {
  Value V;
  V.Node = Node;
  SmallString<64> Storage;
  if (auto *Scalar = dyn_cast_or_null<yaml::ScalarNode>(Node)) {
    V.Text = Scalar->getValue(Storage).trim().str();
  } else if (auto *List = dyn_cast_or_null<yaml::SequenceNode>(Node)) {
    V.Items.emplace();
    for (yaml::Node &Item : *List) {
      auto *Scalar = dyn_cast<yaml::ScalarNode>(&Item);
      V.Items->push_back(
          {Scalar ? Scalar->getValue(Storage).trim().str() : "", &Item});
    }
  }
  return V;
}

Expected<std::string> ConfigParser::scalar(const Value &V, yaml::Node *Near,
                                           const Twine &What) {
  if (!V.Text || V.Text->empty())
    return fail(V.Node ? V.Node : Near, "expected " + What);
  return *V.Text;
}

Error ConfigParser::names(const Value &V, yaml::Node *Key, StringRef Name,
                          std::vector<std::string> &Out) {
  if (!V.Items)
    return fail(V.Node ? V.Node : Key,
                "expected a list of function names for '" + Name + "'");
  for (const auto &[Function, Item] : *V.Items) {
    if (Function.empty())
      return fail(Item, "expected a function name in '" + Name + "'");
    Out.push_back(Function);
  }
  return Error::success();
}

Expected<int32_t> ConfigParser::position(const Value &V, StringRef Key) {
  std::string Expected = "an argument position (1, 2, ...) for '" + Key.str() + "'";
  unsigned Position;
  if (!V.Text || StringRef(*V.Text).getAsInteger(10, Position) ||
      Position == 0 || Position > 64)
    return fail(V.Node, "expected " + Expected);
  return static_cast<int32_t>(Position - 1);
}

Error ConfigParser::entries(
    yaml::Node *Value, yaml::Node *Key, StringRef List, ArrayRef<StringRef> Keys,
    ArrayRef<StringRef> Required, function_ref<Error(const Fields &)> Read) {
  std::string KeyList = listOf(Keys, [](StringRef K) { return K; });
  auto *Items = dyn_cast_or_null<yaml::SequenceNode>(Value);
  if (!Items)
    return fail(Value ? Value : Key, "expected a list of entries for '" + List +
                                         "', each with " + KeyList);
  for (yaml::Node &Item : *Items)
    if (Error E = entry(Item, List, Keys, Required, Read))
      return E;
  return Error::success();
}

Error ConfigParser::entry(yaml::Node &Item, StringRef List,
                          ArrayRef<StringRef> Keys, ArrayRef<StringRef> Required,
                          function_ref<Error(const Fields &)> Read) {
  std::string KeyList = listOf(Keys, [](StringRef K) { return K; });
  auto *Entry = dyn_cast<yaml::MappingNode>(&Item);
  if (!Entry)
    return fail(&Item, "expected an entry of '" + List + "' with " + KeyList);
  Fields Found;
  for (yaml::KeyValueNode &Pair : *Entry) {
    auto *Name = dyn_cast_or_null<yaml::ScalarNode>(Pair.getKey());
    if (!Name)
      return fail(Pair.getKey() ? Pair.getKey() : &Item,
                  "expected a key of '" + List + "'");
    SmallString<32> Storage;
    StringRef Text = Name->getValue(Storage);
    if (!is_contained(Keys, Text))
      return fail(Name, "unknown key '" + Text + "' in an entry of '" + List +
                            "'; the keys are " + KeyList);
    Found[Text] = read(Pair.getValue() ? Pair.getValue() : Name);
  }
  for (StringRef Needed : Required)
    if (!Found.count(Needed))
      return fail(Entry, "an entry of '" + List + "' needs '" + Needed + "'");
  return Read(Found);
}

Error ConfigParser::childEntries(yaml::Node *Value, yaml::Node *Key,
                                 ProjectKnowledge &Project) {
  StringRef List = "ChildEntries";
  auto *Items = dyn_cast_or_null<yaml::SequenceNode>(Value);
  if (!Items)
    return fail(Value ? Value : Key,
                "expected a list of function names or entries for '" + List +
                    "', each with Name, Multithreaded");
  for (yaml::Node &Item : *Items) {
    if (isa<yaml::ScalarNode>(&Item)) {
      Expected<std::string> Name =
          scalar(read(&Item), Key, "a function name in '" + List + "'");
      if (!Name)
        return Name.takeError();
      Project.ChildEntries.push_back({std::move(*Name), false});
      continue;
    }
    if (Error E = entry(
            Item, List, {"Name", "Multithreaded"}, {"Name"},
            [&](const Fields &Found) -> Error {
              ChildEntry Entry;
              Expected<std::string> Name = scalar(
                  Found.lookup("Name"), Key, "the function's name for 'Name'");
              if (!Name)
                return Name.takeError();
              Entry.Name = std::move(*Name);
              if (Found.count("Multithreaded")) {
                const auto Threaded = Found.lookup("Multithreaded");
                if (!Threaded.Text ||
                    (*Threaded.Text != "true" && *Threaded.Text != "false"))
                  return fail(Threaded.Node,
                              "expected 'true' or 'false' for 'Multithreaded'");
                Entry.Multithreaded = *Threaded.Text == "true";
              }
              Project.ChildEntries.push_back(std::move(Entry));
              return Error::success();
            }))
      return E;
  }
  return Error::success();
}

Error ConfigParser::applyKnowledge(StringRef Name, yaml::Node *Key,
                                   yaml::Node *Value, ProjectKnowledge &Project) {
  if (Name == "ForkWrappers")
    return names(read(Value), Key, Name, Project.ForkWrappers);
  if (Name == "SignalSafe")
    return names(read(Value), Key, Name, Project.SignalSafe);
  if (Name == "Unsafe")
    return names(read(Value), Key, Name, Project.Unsafe);
  if (Name == "ChildEnds")
    return names(read(Value), Key, Name, Project.ChildEnds);
  if (Name == "ChildEntries")
    return childEntries(Value, Key, Project);
  if (Name == "ThreadSources")
    return names(read(Value), Key, Name, Project.ThreadSources);
  if (Name == "ThreadStartWrappers")
    return entries(
        Value, Key, Name, {"Name", "Routine", "Handle"}, {"Name", "Routine"},
        [&](const Fields &Entry) -> Error {
          ThreadStartWrapper W;
          Expected<std::string> Function = scalar(
              Entry.lookup("Name"), Key, "the wrapper's function name for 'Name'");
          if (!Function)
            return Function.takeError();
          W.Name = std::move(*Function);
          Expected<int32_t> Routine = position(Entry.lookup("Routine"), "Routine");
          if (!Routine)
            return Routine.takeError();
          W.RoutineSlot = *Routine;
          if (Entry.count("Handle")) {
            Expected<int32_t> Slot = position(Entry.lookup("Handle"), "Handle");
            if (!Slot)
              return Slot.takeError();
            W.HandleSlot = *Slot;
          }
          Project.ThreadStartWrappers.push_back(std::move(W));
          return Error::success();
        });
  // Reinit: a kind of handle the child must re-initialise before it uses it.
  return entries(
      Value, Key, Name, {"Type", "Reinit", "Uses", "Create"},
      {"Type", "Reinit", "Uses"}, [&](const Fields &Entry) -> Error {
        ReinitApi Api;
        const auto TypeValue = Entry.lookup("Type");
        Expected<std::string> Type =
            scalar(TypeValue, Key, "the handle's type for 'Type'");
        if (!Type)
          return Type.takeError();
        Api.Type = handleTypeName(*Type);
        if (Api.Type.empty())
          return fail(TypeValue.Node, "expected the handle's type for 'Type'");
        Api.What = Api.Type;
        Expected<std::string> Reinit = scalar(
            Entry.lookup("Reinit"), Key, "the re-init function's name for 'Reinit'");
        if (!Reinit)
          return Reinit.takeError();
        Api.Reinit = std::move(*Reinit);
        if (Error E = names(Entry.lookup("Uses"), Key, "Uses", Api.Uses))
          return E;
        if (Entry.count("Create")) {
          std::vector<std::string> Creators;
          if (Error E = names(Entry.lookup("Create"), Key, "Create", Creators))
            return E;
          for (std::string &F : Creators)
            Api.Creators.push_back({std::move(F), ResultSlot});
        }
        Project.Reinits.push_back(std::move(Api));
        return Error::success();
      });
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

/// Larger than any settings file: a bound on what a wrong path can cost.
constexpr uint64_t MaxConfigSize = 1 << 20;

Error applyConfigFile(StringRef Path, Options &Opts) {
  // Only a regular file: a FIFO would block for ever, /dev/zero never end.
  sys::fs::file_status Status;
  if (!sys::fs::status(Path, Status) && sys::fs::exists(Status)) {
    if (!sys::fs::is_regular_file(Status))
      return createStringError(std::errc::invalid_argument,
                               "cannot read '%s': not a regular file",
                               Path.str().c_str());
    if (Status.getSize() > MaxConfigSize)
      return createStringError(std::errc::file_too_large,
                               "cannot read '%s': %llu bytes, larger than "
                               "the %llu a settings file may have",
                               Path.str().c_str(),
                               (unsigned long long)Status.getSize(),
                               (unsigned long long)MaxConfigSize);
  }
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer = MemoryBuffer::getFile(Path);
  if (!Buffer)
    return createStringError(Buffer.getError(), "cannot read '%s': %s",
                             Path.str().c_str(),
                             Buffer.getError().message().c_str());
  return applyConfigText((*Buffer)->getBuffer(), Path, Opts);
}

} // namespace forksafe
