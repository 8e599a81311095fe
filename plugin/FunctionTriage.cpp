//===- FunctionTriage.cpp - Which bodies of a C unit to lower ------------===//

#include "FunctionTriage.h"
#include "ValueFlows.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace forksafe {

namespace {

/// What one body names.
struct BodySketch {
  /// The functions it calls or takes the address of (canonical).
  llvm::SmallVector<const FunctionDecl *, 8> Names;
  /// It names a leading function, is one, or calls through a pointer.
  bool Seed = false;
  /// Lowered with all it names: it takes a function's address or moves a
  /// function value (any expression but a callee whose type holds
  /// functions), calls a function that acts program-wide, or is main.
  bool Root = false;
};

class CallSketch {
public:
  CallSketch(ASTContext &Ctx, const Knowledge &Know) : Know(Know) {
    const SourceManager &SM = Ctx.getSourceManager();
    for (const Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
      if (const auto *Var = dyn_cast<VarDecl>(D)) {
        if (const Expr *Init = Var->getInit())
          walk(Init, Initializers);
        continue;
      }
      const auto *FD = dyn_cast<FunctionDecl>(D);
      if (!FD)
        continue;
      bool HasBody = FD->doesThisDeclarationHaveABody();
      if (HasBody || FD->isReferenced())
        Leads |= judge(FD).Leads;
      if (HasBody &&
          !SM.isInSystemHeader(SM.getExpansionLoc(FD->getLocation())))
        sketch(FD);
    }
    // The bodies of headers that the walk met (the model lowers them only
    // when something reaches them), and the ones they name.
    while (!Unwalked.empty())
      sketch(Unwalked.pop_back_val());
  }

  /// Whether the unit defines or refers to a leading function.
  bool leads() const { return Leads; }
  LoweringPlan plan() const;

private:
  void sketch(const FunctionDecl *FD);
  void walk(const Stmt *Code, BodySketch &Into);
  void name(const FunctionDecl *FD, BodySketch &Into);
  struct Judgement {
    bool Leads = false;
    bool ProgramWide = false;
    bool BodyLookedFor = false;
  };
  /// What the tables say of FD, by its name.
  Judgement &judge(const FunctionDecl *FD);

  const Knowledge &Know;
  llvm::DenseMap<const FunctionDecl *, BodySketch> Bodies;
  /// What the initialisers of variables name, and so may run anywhere.
  BodySketch Initializers;
  llvm::SmallVector<const FunctionDecl *, 8> Unwalked;
  llvm::DenseMap<const FunctionDecl *, Judgement> Judged;
  bool Leads = false;
};

void CallSketch::sketch(const FunctionDecl *FD) {
  auto [It, Inserted] = Bodies.try_emplace(FD->getCanonicalDecl());
  if (!Inserted)
    return;
  // The body the model lowers: of a gnu_inline function defined again,
  // not the first.
  const FunctionDecl *Def = nullptr;
  if (!FD->getCanonicalDecl()->hasBody(Def) || !Def)
    Def = FD;
  // The walk queues the bodies it meets, and adds none.
  BodySketch &Body = It->second;
  Body.Seed = judge(Def).Leads;
  Leads |= Body.Seed;
  Body.Root = Def->isMain();
  walk(Def->getBody(), Body);
}

/// Types are not looked at: a VLA's bound is a child of its declaration
/// statement, and a function named only in unevaluated operands is not
/// called (naming it there only keeps more bodies).
void CallSketch::walk(const Stmt *Code, BodySketch &Into) {
  llvm::SmallVector<const Stmt *, 64> Work{Code};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      if (const FunctionDecl *Callee = Call->getDirectCallee()) {
        // Named, not moved: of the call, only its value and its arguments
        // are walked on.
        name(Callee, Into);
        Into.Root |= holdsFunctions(Call->getType());
        for (const Expr *Arg : Call->arguments())
          Work.push_back(Arg);
        continue;
      }
      Into.Seed = true;
    }
    // Any other expression that holds a function moves it: a function's
    // address, a variable, a parameter, a field or an element that holds
    // one, a call or a cast that returns one.
    if (const auto *E = dyn_cast<Expr>(S)) {
      Into.Root |= holdsFunctions(E->getType());
      if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
        if (const auto *FD = dyn_cast<FunctionDecl>(Ref->getDecl()))
          name(FD, Into);
    }
    if (const auto *Block = dyn_cast<BlockExpr>(S)) {
      Work.push_back(Block->getBody());
    } else if (const auto *Decls = dyn_cast<DeclStmt>(S)) {
      // A cleanup function is called where its variable's scope ends.
      for (const Decl *D : Decls->decls())
        if (const auto *Cleanup = D->getAttr<CleanupAttr>())
          name(Cleanup->getFunctionDecl(), Into);
    }
    for (const Stmt *Child : S->children())
      if (Child)
        Work.push_back(Child);
  }
}

void CallSketch::name(const FunctionDecl *FD, BodySketch &Into) {
  Into.Names.push_back(FD->getCanonicalDecl());
  Judgement &Known = judge(FD);
  Into.Seed |= Known.Leads;
  Leads |= Known.Leads;
  Into.Root |= Known.ProgramWide;
  // Its body, looked for once: a header's is walked only when named.
  if (Known.BodyLookedFor)
    return;
  Known.BodyLookedFor = true;
  if (const FunctionDecl *Def = nullptr; FD->hasBody(Def) && Def)
    Unwalked.push_back(Def);
}

CallSketch::Judgement &CallSketch::judge(const FunctionDecl *FD) {
  auto [It, Inserted] = Judged.try_emplace(FD->getCanonicalDecl());
  if (Inserted && FD->getIdentifier())
    It->second = {Know.mayLeadToFindings(FD->getName()),
                  Know.actsProgramWide(FD->getName()), false};
  return It->second;
}

LoweringPlan CallSketch::plan() const {
  // The seeds and every function from which calls lead to one.
  llvm::DenseMap<const FunctionDecl *,
                 llvm::SmallVector<const FunctionDecl *, 2>>
      Callers;
  llvm::SmallVector<const FunctionDecl *, 64> Work;
  FunctionSet Leading;
  for (const auto &[F, Body] : Bodies) {
    for (const FunctionDecl *G : Body.Names)
      Callers[G].push_back(F);
    if (Body.Seed && Leading.insert(F).second)
      Work.push_back(F);
  }
  while (!Work.empty())
    for (const FunctionDecl *Caller : Callers.lookup(Work.pop_back_val()))
      if (Leading.insert(Caller).second)
        Work.push_back(Caller);

  // And all that those, the roots and the initialisers name.
  FunctionSet Needed;
  auto Need = [&](const FunctionDecl *F) {
    if (Needed.insert(F).second)
      Work.push_back(F);
  };
  for (const FunctionDecl *F : Leading)
    Need(F);
  for (const auto &[F, Body] : Bodies)
    if (Body.Root)
      Need(F);
  for (const FunctionDecl *F : Initializers.Names)
    Need(F);
  while (!Work.empty()) {
    auto Body = Bodies.find(Work.pop_back_val());
    if (Body != Bodies.end())
      for (const FunctionDecl *G : Body->second.Names)
        Need(G);
  }
  LoweringPlan Plan;
  Plan.What = LoweringPlan::Some;
  Plan.Bodies = Bodies.size();
  Plan.Kept = llvm::count_if(
      Bodies, [&](const auto &Body) { return Needed.contains(Body.first); });
  Plan.Functions = std::move(Needed);
  return Plan;
}

} // namespace

LoweringPlan planCUnit(ASTContext &Ctx, const Knowledge &Know) {
  CallSketch Sketch(Ctx, Know);
  if (!Sketch.leads()) {
    LoweringPlan Nothing;
    Nothing.What = LoweringPlan::Nothing;
    return Nothing;
  }
  return Sketch.plan();
}

} // namespace forksafe
