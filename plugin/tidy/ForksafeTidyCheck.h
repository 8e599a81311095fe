//===- ForksafeTidyCheck.h - forksafe's checks as clang-tidy checks -*- C++ -*-===//
//
// Every check of Checks.def is one clang-tidy check, forksafe-<name>, and
// all of them are this class. The model of a translation unit is built
// once, whichever of them runs first, and the checks run on it together, so
// that docs/semantics.md's precedence between checks holds in clang-tidy as it
// does in the compiler.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_PLUGIN_TIDY_FORKSAFETIDYCHECK_H
#define FORKSAFE_PLUGIN_TIDY_FORKSAFETIDYCHECK_H

#include "Options.h"
#include "clang-tidy/ClangTidyCheck.h"
#include <memory>
#include <optional>

namespace forksafe {

class TranslationUnitFindings;
struct TranslationUnitState;

/// What the checks of one module instance share, unit by unit.
std::shared_ptr<TranslationUnitFindings> makeTranslationUnitFindings();

/// For an editor (forksafe-clangd): a configuration error (a broken
/// .forksafe.yaml, a bad CheckOption) becomes an error on the first line of
/// the file, and a line of the server's log. An editor shows no diagnostic
/// without a place, which is what clang-tidy gives them.
void reportConfigurationErrorsOnTheFile();

class ForksafeTidyCheck : public clang::tidy::ClangTidyCheck {
public:
  ForksafeTidyCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context,
                    CheckId Check,
                    std::shared_ptr<TranslationUnitFindings> Findings);

  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  /// The options of this check: the project's (.forksafe.yaml), then the
  /// CheckOptions over them, and the checks clang-tidy enabled; none when an
  /// option is bad (and said so).
  std::optional<forksafe::Options> optionsFor(const forksafe::Options &Project);

  void sayOnce(const std::string &Error);

  clang::tidy::ClangTidyContext &Context;
  const CheckId Check;
  std::shared_ptr<TranslationUnitFindings> Findings;
  /// The unit being checked, from its match to its end.
  const clang::ASTContext *Analysed = nullptr;
  TranslationUnitState *Unit = nullptr;
};

} // namespace forksafe

#endif // FORKSAFE_PLUGIN_TIDY_FORKSAFETIDYCHECK_H
