//===- UnitTriage.cpp - What of a translation unit needs a model ---------===//

#include "UnitTriage.h"
#include "FunctionTriage.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/Twine.h"

using namespace clang;

namespace forksafe {

namespace {

/// Whether a C++ unit uses a function that may lead to findings, found by
/// its name where C++ can declare it with the name the tables know it by:
/// the global namespace (its lookup also holds what `extern "C" {}` and
/// block-scope declarations declare there), and the map of `extern "C"`
/// functions declared elsewhere (in a namespace, in a block; not an
/// overloadable one, which lookupName qualifies as well). The function
/// is used if any of its declarations is referenced (a call, an address,
/// an instantiated template's call alike) or defined. Leading names that a
/// project qualifies (a member, a function in a namespace) are not looked
/// for: the unit is taken to lead.
bool cxxUnitLeads(ASTContext &Ctx, const Knowledge &Know) {
  const DeclContext *Scopes[] = {Ctx.getTranslationUnitDecl(),
                                 Ctx.getExternCContextDecl()};
  auto Used = [](const NamedDecl *Found) {
    const NamedDecl *D = Found->getUnderlyingDecl();
    if (isa<FunctionTemplateDecl>(D))
      return true;
    const auto *FD = dyn_cast<FunctionDecl>(D);
    return FD && (FD->isReferenced() || FD->isDefined());
  };
  for (const auto &Entry : Know.leadingNames()) {
    llvm::StringRef Name = Entry.getKey();
    if (Name.contains("::") || Name.contains('<'))
      return true;
    // The compiler's spellings of a library function are judged as it.
    for (const std::string &Spelling :
         {Name.str(), ("__builtin_" + Name).str(), ("__" + Name + "_chk").str(),
          ("__builtin___" + Name + "_chk").str()}) {
      DeclarationName Id(&Ctx.Idents.get(Spelling));
      for (const DeclContext *Scope : Scopes)
        if (llvm::any_of(Scope->lookup(Id), Used))
          return true;
    }
  }
  return false;
}

} // namespace

std::string LoweringPlan::summary() const {
  if (What != Some)
    return "";
  return ("lowering " + llvm::Twine(Kept) + " of " + llvm::Twine(Bodies) +
          " function bodies")
      .str();
}

LoweringPlan planLowering(ASTContext &Ctx, const Knowledge &Know) {
  const LangOptions &Lang = Ctx.getLangOpts();
  LoweringPlan Plan;
  if (Lang.ObjC)
    return Plan;
  if (Lang.CPlusPlus) {
    if (!cxxUnitLeads(Ctx, Know))
      Plan.What = LoweringPlan::Nothing;
    return Plan;
  }
  return planCUnit(Ctx, Know);
}

} // namespace forksafe
