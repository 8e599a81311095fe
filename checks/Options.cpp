//===- Options.cpp - Parsing forksafe's options ---------------------------===//

#include "Options.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace forksafe {

namespace {

constexpr StringRef CheckNames[] = {
#define FORKSAFE_CHECK(Id, Name, Summary, OnByDefault) Name,
#include "Checks.def"
};

constexpr StringRef CheckSummaries[] = {
#define FORKSAFE_CHECK(Id, Name, Summary, OnByDefault) Summary,
#include "Checks.def"
};

constexpr bool OnByDefault[] = {
#define FORKSAFE_CHECK(Id, Name, Summary, On) On,
#include "Checks.def"
};

struct CheckGroup {
  StringRef Group;
  StringRef Check;
};

constexpr CheckGroup CheckGroups[] = {
#define FORKSAFE_CHECK(Id, Name, Summary, On)
#define FORKSAFE_CHECK_GROUP(Group, Name) {Group, Name},
#include "Checks.def"
};

Error optionError(const Twine &Message) {
  return createStringError(inconvertibleErrorCode(), Message);
}

/// A value of an enumerated option, with the spelling users write.
template <typename T> struct Choice {
  StringRef Spelling;
  T Value;
};

/// "'a', 'b' and 'c'".
std::string quotedList(ArrayRef<StringRef> Items) {
  std::string Text;
  for (size_t I = 0; I != Items.size(); ++I) {
    if (I)
      Text += I + 1 == Items.size() ? " and " : ", ";
    Text += ("'" + Items[I] + "'").str();
  }
  return Text;
}

/// A value as an error quotes it: the first 40 characters of a long one.
std::string shortened(StringRef Value) {
  constexpr size_t Shown = 40;
  return Value.size() <= Shown ? Value.str()
                               : (Value.take_front(Shown) + "...").str();
}

template <typename T, size_t N>
Error parseChoice(StringRef Option, StringRef Value,
                  const Choice<T> (&Choices)[N], T &Out) {
  SmallVector<StringRef, 4> Spellings;
  for (const Choice<T> &C : Choices) {
    if (C.Spelling == Value) {
      Out = C.Value;
      return Error::success();
    }
    Spellings.push_back(C.Spelling);
  }
  return optionError("invalid value '" + shortened(Value) + "' for option '" +
                     Option + "'; accepted values are " +
                     quotedList(Spellings));
}

constexpr Choice<Profile> Profiles[] = {{"auto", Profile::Auto},
                                        {"posix", Profile::Posix},
                                        {"glibc", Profile::Glibc}};
constexpr Choice<ThreadAssumption> ThreadModes[] = {
    {"auto", ThreadAssumption::Auto},
    {"assume", ThreadAssumption::Assume},
    {"none", ThreadAssumption::None},
    {"program", ThreadAssumption::Program}};
constexpr Choice<UnknownPolicy> UnknownPolicies[] = {
    {"ignore", UnknownPolicy::Ignore}, {"unsafe", UnknownPolicy::Unsafe}};

/// An option: "name=value" when it takes a value, else just "name".
struct OptionSpec {
  StringRef Name;
  bool TakesValue;
  Error (*Apply)(StringRef Value, Options &Opts);
};

constexpr OptionSpec OptionSpecs[] = {
    {"checks", true,
     [](StringRef V, Options &O) { return applyCheckGlobs(V, O); }},
    {"profile", true,
     [](StringRef V, Options &O) {
       return parseChoice("profile", V, Profiles, O.SafetyProfile);
     }},
    {"threads", true,
     [](StringRef V, Options &O) {
       return parseChoice("threads", V, ThreadModes, O.Threads);
     }},
    {"unknown", true,
     [](StringRef V, Options &O) {
       return parseChoice("unknown", V, UnknownPolicies, O.Unknown);
     }},
    {"werror", false,
     [](StringRef, Options &O) -> Error {
       O.WarningsAsErrors = true;
       return Error::success();
     }},
    {"summary-dir", true,
     [](StringRef V, Options &O) -> Error {
       if (V.empty())
         return optionError("option 'summary-dir' needs a directory");
       O.SummaryDir = V.str();
       return Error::success();
     }},
    {"config", true,
     [](StringRef V, Options &O) -> Error {
       if (V.empty())
         return optionError("option 'config' needs a file");
       O.ConfigFile = V.str();
       return Error::success();
     }},
    {"dump-model", false,
     [](StringRef, Options &O) -> Error {
       O.DumpModel = true;
       return Error::success();
     }},
};

std::string acceptedOptions() {
  SmallVector<std::string, 8> Names;
  for (const OptionSpec &Spec : OptionSpecs)
    Names.push_back((Spec.Name + (Spec.TakesValue ? "=" : "")).str());
  SmallVector<StringRef, 8> Refs(Names.begin(), Names.end());
  return quotedList(Refs);
}

} // namespace

std::bitset<NumChecks> checksOnByDefault() {
  std::bitset<NumChecks> On;
  for (unsigned I = 0; I != NumChecks; ++I)
    On.set(I, OnByDefault[I]);
  return On;
}

bool isOnByDefault(CheckId Check) {
  return OnByDefault[static_cast<unsigned>(Check)];
}

StringRef checkName(CheckId Check) {
  return CheckNames[static_cast<unsigned>(Check)];
}

StringRef checkSummary(CheckId Check) {
  return CheckSummaries[static_cast<unsigned>(Check)];
}

bool matchesGlob(StringRef Glob, StringRef Name) {
  // Iterative matching with one backtrack point: '*' is the only wildcard.
  size_t G = 0, N = 0, StarG = StringRef::npos, StarN = 0;
  while (N < Name.size()) {
    if (G < Glob.size() && Glob[G] == '*') {
      StarG = G++;
      StarN = N;
    } else if (G < Glob.size() && Glob[G] == Name[N]) {
      ++G;
      ++N;
    } else if (StarG != StringRef::npos) {
      G = StarG + 1;
      N = ++StarN;
    } else {
      return false;
    }
  }
  while (G < Glob.size() && Glob[G] == '*')
    ++G;
  return G == Glob.size();
}

Error applyCheckGlobs(StringRef Globs, Options &Opts) {
  SmallVector<StringRef, 8> Items;
  Globs.split(Items, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (StringRef Item : Items) {
    Item = Item.trim();
    if (Item.empty())
      continue;
    bool Enable = !Item.consume_front("-");
    Item = Item.trim();
    // Accept the names as diagnostics print them, too.
    Item.consume_front("forksafe-");
    if (Item.empty())
      return optionError("empty check name in option 'checks'");
    bool Matched = false;
    for (unsigned I = 0; I != NumChecks; ++I)
      if (matchesGlob(Item, CheckNames[I]) ||
          llvm::any_of(CheckGroups, [&](const CheckGroup &G) {
            return G.Check == CheckNames[I] && matchesGlob(Item, G.Group);
          })) {
        Opts.Enabled.set(I, Enable);
        Matched = true;
      }
    if (!Matched && !Item.contains('*'))
      return optionError("unknown check '" + Item + "' in option 'checks'; " +
                         "known checks are " +
                         join(std::begin(CheckNames), std::end(CheckNames), ", "));
  }
  return Error::success();
}

Error applyOption(StringRef Arg, Options &Opts) {
  auto [Name, Value] = Arg.split('=');
  bool HasValue = Arg.contains('=');
  const OptionSpec *Spec = llvm::find_if(
      OptionSpecs, [&](const OptionSpec &S) { return S.Name == Name; });
  if (Spec == std::end(OptionSpecs))
    return optionError("unknown option '" + Arg + "'; accepted options are " +
                       acceptedOptions());
  if (Spec->TakesValue && !HasValue)
    return optionError("option '" + Name + "' needs a value ('" + Name +
                       "=...')");
  if (!Spec->TakesValue && HasValue)
    return optionError("option '" + Name + "' takes no value");
  return Spec->Apply(Value, Opts);
}

Expected<Options> parseOptions(ArrayRef<std::string> Args) {
  Options Opts;
  for (StringRef Arg : Args)
    if (Error E = applyOption(Arg, Opts))
      return E;
  return Opts;
}

} // namespace forksafe
