//===- ForksafeTidyModule.cpp - The forksafe clang-tidy module ------------===//
//
// clang-tidy --load=forksafe-tidy.so registers every check of Checks.def as
// forksafe-<name>. Linked into forksafe-clangd, the same module gives the
// editor the same diagnostics.
//
//===----------------------------------------------------------------------===//

#include "ForksafeTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

namespace forksafe {
namespace {

class ForksafeModule : public clang::tidy::ClangTidyModule {
public:
  void addCheckFactories(
      clang::tidy::ClangTidyCheckFactories &Factories) override {
    // One per module instance: what the checks of a unit share.
    std::shared_ptr<TranslationUnitFindings> Findings =
        makeTranslationUnitFindings();
    for (unsigned I = 0; I != NumChecks; ++I) {
      auto Check = static_cast<CheckId>(I);
      Factories.registerCheckFactory(
          ("forksafe-" + checkName(Check)).str(),
          [Check, Findings](llvm::StringRef Name,
                            clang::tidy::ClangTidyContext *Context) {
            return std::make_unique<ForksafeTidyCheck>(Name, Context, Check,
                                                       Findings);
          });
    }
  }
};

} // namespace
} // namespace forksafe

static clang::tidy::ClangTidyModuleRegistry::Add<forksafe::ForksafeModule>
    X("forksafe-module", "forksafe: fork-safety checks");
