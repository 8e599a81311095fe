//===- CheckRunner.cpp - Runs the checks and orders what they find --------===//

#include "Checks.h"
#include "analysis/Analysis.h"
#include "analysis/FunctionValues.h"
#include "llvm/Support/TimeProfiler.h"
#include <algorithm>
#include <optional>
#include <tuple>

namespace forksafe {

Reporter::~Reporter() = default;

namespace {

using CheckFunction = void (*)(const Analysis &, std::vector<Finding> &);

constexpr CheckFunction CheckFunctions[] = {
#define FORKSAFE_CHECK(Id, Name, Summary, OnByDefault) check##Id,
#include "Checks.def"
};

} // namespace

Profile effectiveProfile(const Options &Opts, const Program &P) {
  if (Opts.SafetyProfile != Profile::Auto)
    return Opts.SafetyProfile;
  bool AllGlibc = !P.Units.empty() && llvm::all_of(P.Units, [](const Unit &U) {
    return U.TargetsGlibc;
  });
  return AllGlibc ? Profile::Glibc : Profile::Posix;
}

llvm::StringRef profileName(Profile Chosen) {
  switch (Chosen) {
  case Profile::Posix:
    return "posix";
  case Profile::Glibc:
    return "glibc";
  case Profile::Auto:
    return "auto";
  }
  return "auto";
}

std::vector<Finding> runChecks(Program &P, const Options &Opts,
                               llvm::function_ref<bool(const Finding &)> Keep) {
  std::optional<llvm::TimeTraceScope> Phase("forksafe analysis");
  if (!P.Values.Calls.empty())
    resolveFunctionValues(P, Knowledge(Opts.Project));
  P.Values = {};
  Options Resolved = Opts;
  Resolved.SafetyProfile = effectiveProfile(Opts, P);
  Analysis A(P, Resolved);
  Phase.emplace("forksafe checks");
  std::vector<Finding> Findings;
  for (unsigned I = 0; I != NumChecks; ++I)
    if (Opts.Enabled.test(I))
      CheckFunctions[I](A, Findings);

  llvm::erase_if(Findings, [&](const Finding &F) {
    return !F.Pos.isValid() || F.Pos.FromSystemHeader || (Keep && !Keep(F));
  });
  auto Place = [](const Finding &F) {
    return std::make_tuple(F.Pos.File, F.Pos.Offset);
  };
  std::stable_sort(Findings.begin(), Findings.end(),
                   [&](const Finding &L, const Finding &R) {
                     return std::make_tuple(Place(L), L.Check) <
                            std::make_tuple(Place(R), R.Check);
                   });
  Findings.erase(std::unique(Findings.begin(), Findings.end(),
                             [&](const Finding &L, const Finding &R) {
                               return Place(L) == Place(R);
                             }),
                 Findings.end());
  return Findings;
}

void reportFindings(Program &P, const Options &Opts, Reporter &R) {
  for (const Finding &F : runChecks(P, Opts))
    R.report(F);
}

} // namespace forksafe
