//===- Suppression.cpp - NOLINT comments, as clang-tidy reads them --------===//

#include "Suppression.h"
#include "Options.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

using namespace llvm;

namespace forksafe {

namespace {

enum class Marker { Line, NextLine, Begin, End };

struct Directive {
  Marker Kind;
  /// The text in the parentheses, or "*" when there are none.
  std::string Checks;
  uint32_t Offset;
};

/// The NOLINT directives in Text, in order.
SmallVector<Directive, 2> directives(StringRef Text, uint32_t Base) {
  SmallVector<Directive, 2> Found;
  size_t At = 0;
  while ((At = Text.find("NOLINT", At)) != StringRef::npos) {
    StringRef Rest = Text.drop_front(At + 6);
    Marker Kind = Marker::Line;
    if (Rest.consume_front("NEXTLINE"))
      Kind = Marker::NextLine;
    else if (Rest.consume_front("BEGIN"))
      Kind = Marker::Begin;
    else if (Rest.consume_front("END"))
      Kind = Marker::End;
    std::string Checks = "*";
    if (Rest.consume_front("(")) {
      size_t Close = Rest.find(')');
      if (Close == StringRef::npos) {
        At += 6;
        continue;
      }
      Checks = Rest.take_front(Close).str();
    }
    Found.push_back({Kind, Checks, static_cast<uint32_t>(Base + At)});
    At += 6;
  }
  return Found;
}

bool listMatches(StringRef List, StringRef Check) {
  SmallVector<StringRef, 4> Globs;
  List.split(Globs, ',', -1, /*KeepEmpty=*/false);
  for (StringRef Glob : Globs)
    if (matchesGlob(Glob.trim(), Check))
      return true;
  return false;
}

/// The line holding byte Offset, as [begin, end) without its newline.
std::pair<size_t, size_t> lineAround(StringRef Text, size_t Offset) {
  size_t Begin = Text.rfind('\n', Offset);
  Begin = Begin == StringRef::npos ? 0 : Begin + 1;
  size_t End = Text.find('\n', Offset);
  return {Begin, End == StringRef::npos ? Text.size() : End};
}

} // namespace

Suppressions::Suppressions(StringRef Text) : Text(Text) {
  // NOLINTBEGIN/NOLINTEND pair up like brackets, per check list.
  std::vector<Directive> Open;
  for (const Directive &D : directives(Text, 0)) {
    if (D.Kind == Marker::Begin) {
      Open.push_back(D);
    } else if (D.Kind == Marker::End) {
      for (auto It = Open.rbegin(); It != Open.rend(); ++It)
        if (It->Checks == D.Checks) {
          Regions.push_back({It->Offset, D.Offset, It->Checks});
          Open.erase(std::next(It).base());
          break;
        }
    }
  }
}

bool Suppressions::suppresses(uint32_t Offset, StringRef Check) const {
  if (Offset > Text.size())
    return false;
  auto [Begin, End] = lineAround(Text, Offset);
  for (const Directive &D : directives(Text.slice(Begin, End), Begin))
    if (D.Kind == Marker::Line && listMatches(D.Checks, Check))
      return true;
  if (Begin > 0) {
    auto [PrevBegin, PrevEnd] = lineAround(Text, Begin - 1);
    for (const Directive &D : directives(Text.slice(PrevBegin, PrevEnd), PrevBegin))
      if (D.Kind == Marker::NextLine && listMatches(D.Checks, Check))
        return true;
  }
  for (const Region &R : Regions)
    if (R.Begin <= Offset && Offset <= R.End && listMatches(R.Checks, Check))
      return true;
  return false;
}

} // namespace forksafe
