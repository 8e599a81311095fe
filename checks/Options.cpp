//===- Options.cpp - Parsing forksafe's options ---------------------------===//

#include "Options.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace forksafe {

namespace {

constexpr StringRef CheckNames[] = {
#define FORKSAFE_CHECK(Id, Name) Name,
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

template <typename T, size_t N>
Error parseChoice(StringRef Option, StringRef Value,
                  const Choice<T> (&Choices)[N], T &Out) {
  for (const Choice<T> &C : Choices)
    if (C.Spelling == Value) {
      Out = C.Value;
      return Error::success();
    }
  SmallVector<std::string, 4> Quoted;
  for (const Choice<T> &C : Choices)
    Quoted.push_back(("'" + C.Spelling + "'").str());
  return optionError("invalid value '" + Value + "' for option '" + Option +
                     "'; accepted values are " + join(Quoted, ", "));
}

constexpr Choice<Profile> Profiles[] = {{"posix", Profile::Posix},
                                        {"glibc", Profile::Glibc}};
constexpr Choice<ThreadAssumption> ThreadModes[] = {
    {"auto", ThreadAssumption::Auto},
    {"assume", ThreadAssumption::Assume},
    {"none", ThreadAssumption::None}};
constexpr Choice<UnknownPolicy> UnknownPolicies[] = {
    {"ignore", UnknownPolicy::Ignore}, {"unsafe", UnknownPolicy::Unsafe}};

constexpr StringRef AcceptedOptions =
    "'checks=', 'profile=', 'threads=', 'unknown=' and 'werror'";

} // namespace

StringRef checkName(CheckId Check) {
  return CheckNames[static_cast<unsigned>(Check)];
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
    bool Enable = !Item.consume_front("-");
    Item = Item.trim();
    // Accept the names as diagnostics print them, too.
    Item.consume_front("forksafe-");
    if (Item.empty())
      return optionError("empty check name in option 'checks'");
    bool Matched = false;
    for (unsigned I = 0; I != NumChecks; ++I)
      if (matchesGlob(Item, CheckNames[I])) {
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

Expected<Options> parseOptions(ArrayRef<std::string> Args) {
  Options Opts;
  for (StringRef Arg : Args) {
    auto [Name, Value] = Arg.split('=');
    bool HasValue = Arg.contains('=');
    if (Name == "werror" && !HasValue) {
      Opts.WarningsAsErrors = true;
      continue;
    }
    if (Name == "dump-model" && !HasValue) {
      Opts.DumpModel = true;
      continue;
    }
    if (!HasValue) {
      if (Name == "checks" || Name == "profile" || Name == "threads" ||
          Name == "unknown")
        return optionError("option '" + Name + "' needs a value ('" + Name +
                           "=...')");
      return optionError("unknown option '" + Arg + "'; accepted options are " +
                         AcceptedOptions);
    }
    Error E = Error::success();
    if (Name == "checks")
      E = applyCheckGlobs(Value, Opts);
    else if (Name == "profile")
      E = parseChoice("profile", Value, Profiles, Opts.SafetyProfile);
    else if (Name == "threads")
      E = parseChoice("threads", Value, ThreadModes, Opts.Threads);
    else if (Name == "unknown")
      E = parseChoice("unknown", Value, UnknownPolicies, Opts.Unknown);
    else
      E = optionError("unknown option '" + Name + "'; accepted options are " +
                      AcceptedOptions);
    if (E)
      return E;
  }
  return Opts;
}

} // namespace forksafe
