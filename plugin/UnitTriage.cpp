//===- UnitTriage.cpp - Whether a translation unit needs a model ----------===//

#include "UnitTriage.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace forksafe {

namespace {

/// Looks for a function that may lead to findings, each judged once by its
/// name as the tables spell it: a C function's own, or without its compiler
/// spelling (__builtin_, __*_chk).
class LeadFinder {
public:
  explicit LeadFinder(const Knowledge &Know) : Know(Know) {}

  bool unitLeads(const TranslationUnitDecl *Unit) {
    // A C function is declared at file scope, where a use of any of its
    // declarations marks it referenced; or in a block, or implicitly by a
    // C89 call, where only the code that uses it names it: a body, or a
    // block literal that initialises a variable.
    for (const Decl *D : Unit->decls()) {
      if (const auto *Var = dyn_cast<VarDecl>(D)) {
        if (const Expr *Init = Var->getInit(); Init && codeLeads(Init))
          return true;
        continue;
      }
      const auto *FD = dyn_cast<FunctionDecl>(D);
      if (!FD)
        continue;
      bool HasBody = FD->doesThisDeclarationHaveABody();
      if ((HasBody || FD->isReferenced()) && leads(FD))
        return true;
      if (HasBody && codeLeads(FD->getBody()))
        return true;
    }
    return false;
  }

private:
  /// Whether the code calls, or takes the address of, a function that
  /// leads. Types are not looked at: a VLA's bound is a child of its
  /// declaration statement, and a function named only in unevaluated
  /// operands is not called.
  bool codeLeads(const Stmt *Code) {
    llvm::SmallVector<const Stmt *, 64> Work{Code};
    while (!Work.empty()) {
      const Stmt *S = Work.pop_back_val();
      if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
        if (const auto *FD = dyn_cast<FunctionDecl>(Ref->getDecl());
            FD && leads(FD))
          return true;
      } else if (const auto *Block = dyn_cast<BlockExpr>(S)) {
        Work.push_back(Block->getBody());
      }
      for (const Stmt *Child : S->children())
        if (Child)
          Work.push_back(Child);
    }
    return false;
  }

  bool leads(const FunctionDecl *FD) {
    auto [It, Inserted] = Judged.try_emplace(FD->getCanonicalDecl(), false);
    if (Inserted && FD->getIdentifier())
      It->second = Know.mayLeadToFindings(FD->getName());
    return It->second;
  }

  const Knowledge &Know;
  llvm::DenseMap<const FunctionDecl *, bool> Judged;
};

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

bool mayHaveFindings(ASTContext &Ctx, const Knowledge &Know) {
  const LangOptions &Lang = Ctx.getLangOpts();
  if (Lang.ObjC)
    return true;
  if (Lang.CPlusPlus)
    return cxxUnitLeads(Ctx, Know);
  return LeadFinder(Know).unitLeads(Ctx.getTranslationUnitDecl());
}

} // namespace forksafe
