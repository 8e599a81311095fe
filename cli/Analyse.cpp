//===- Analyse.cpp - The programs of a set of units, checked --------------===//

#include "Analyse.h"
#include "model/Merge.h"
#include "llvm/ADT/StringMap.h"
#include <set>
#include <tuple>

namespace forksafe {

namespace {

/// One program's file indices made those of all programs.
class FileTable {
public:
  explicit FileTable(Program &All) : All(All) {}

  std::vector<uint32_t> indicesOf(const Program &P) {
    std::vector<uint32_t> Map;
    for (const SourceFile &F : P.Files) {
      auto [It, New] = ByPath.try_emplace(F.Path, All.Files.size());
      if (New)
        All.Files.push_back(F);
      Map.push_back(It->second);
    }
    return Map;
  }

private:
  Program &All;
  llvm::StringMap<uint32_t> ByPath;
};

void remap(SourcePos &Pos, const std::vector<uint32_t> &Map) {
  if (Pos.File != InvalidIndex)
    Pos.File = Map[Pos.File];
}

Finding remapped(Finding F, const std::vector<uint32_t> &Map) {
  remap(F.Pos, Map);
  for (Note &N : F.Notes)
    remap(N.Pos, Map);
  for (TextEdit &E : F.Fixes)
    if (E.File != InvalidIndex)
      E.File = Map[E.File];
  return F;
}

} // namespace

AnalysedPrograms
analysePrograms(const std::vector<Program> &Units, const Options &Opts,
                Program &AllFiles, llvm::function_ref<bool(const Finding &)> Keep) {
  AnalysedPrograms Result;
  FileTable Files(AllFiles);
  // The first program to report a place reports it: the same code linked
  // into two programs is one finding.
  std::set<std::tuple<unsigned, uint32_t, uint32_t, std::string>> Reported;
  std::vector<std::vector<size_t>> Programs = programsOf(Units);
  Result.NumPrograms = Programs.size();
  for (const std::vector<size_t> &Members : Programs) {
    std::vector<const Program *> Parts;
    for (size_t I : Members)
      Parts.push_back(&Units[I]);
    Program Merged = mergePrograms(Parts);
    Result.Profiles.insert(profileName(effectiveProfile(Opts, Merged)).str());
    std::vector<uint32_t> Map = Files.indicesOf(Merged);
    for (const Finding &F : runChecks(Merged, Opts, [&](const Finding &F) {
           return Keep(remapped(F, Map));
         })) {
      Finding Mine = remapped(F, Map);
      if (Reported
              .emplace(static_cast<unsigned>(Mine.Check), Mine.Pos.File,
                       Mine.Pos.Offset, Mine.Message)
              .second)
        Result.Findings.push_back(std::move(Mine));
    }
  }
  return Result;
}

} // namespace forksafe
