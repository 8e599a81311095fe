//===- SourceEdits.cpp - Source text facts that fix-its need --------------===//

#include "SourceEdits.h"
#include "knowledge/Knowledge.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/CharInfo.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace forksafe {

SourceEdits::SourceEdits(ModelBuilder::Impl &B, const FunctionDecl *FD,
                         Function &Out)
    : B(B), FD(FD), Out(Out) {}

SourceEdits::~SourceEdits() = default;

const ParentMap &SourceEdits::parents() {
  if (!Parents)
    Parents = std::make_unique<ParentMap>(FD->getBody());
  return *Parents;
}

bool SourceEdits::hasErrors(const Stmt *Body) {
  // containsErrors() propagates up an expression tree, so the outermost
  // expressions tell.
  std::vector<const Stmt *> Work{Body};
  while (!Work.empty()) {
    const Stmt *S = Work.back();
    Work.pop_back();
    if (!S)
      continue;
    if (const auto *E = dyn_cast<Expr>(S)) {
      if (E->containsErrors())
        return true;
      continue;
    }
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  return false;
}

std::optional<std::pair<uint32_t, uint32_t>>
SourceEdits::fileRange(SourceRange R, FileID *FID) const {
  const SourceManager &SM = B.SM;
  if (R.isInvalid() || R.getBegin().isMacroID() || R.getEnd().isMacroID())
    return std::nullopt;
  SourceLocation End =
      Lexer::getLocForEndOfToken(R.getEnd(), 0, SM, B.LangOpts);
  if (End.isInvalid())
    return std::nullopt;
  auto [BeginFile, BeginOffset] = SM.getDecomposedLoc(R.getBegin());
  auto [EndFile, EndOffset] = SM.getDecomposedLoc(End);
  if (BeginFile != EndFile || BeginFile.isInvalid())
    return std::nullopt;
  if (FID)
    *FID = BeginFile;
  return std::make_pair(BeginOffset, EndOffset);
}

StatementSpan SourceEdits::span(const Stmt *S, bool Unbraced) const {
  const SourceManager &SM = B.SM;
  FileID FID;
  std::optional<std::pair<uint32_t, uint32_t>> Range =
      fileRange(S->getSourceRange(), &FID);
  if (!Range)
    return {};
  StatementSpan Span;
  Span.File = B.fileIndex(FID);
  Span.Begin = Range->first;
  Span.End = Range->second;
  // A statement ends with its ';' where it has one.
  SourceLocation Semi = Lexer::findLocationAfterToken(
      S->getEndLoc(), tok::semi, SM, B.LangOpts,
      /*SkipTrailingWhitespaceAndNewLine=*/false);
  if (Semi.isValid() && !Semi.isMacroID() && SM.getFileID(Semi) == FID)
    Span.End = SM.getFileOffset(Semi);
  Span.IsUnbracedBody = Unbraced;

  llvm::StringRef Text = SM.getBufferData(FID);
  size_t LineStart = Text.rfind('\n', Span.Begin);
  LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
  llvm::StringRef Before = Text.slice(LineStart, Span.Begin);
  Span.StartsLine = Before.find_first_not_of(" \t") == llvm::StringRef::npos;
  if (Span.StartsLine)
    Span.Indent = Before.str();
  size_t LineEnd = Text.find_first_of("\r\n", Span.End);
  if (LineEnd == llvm::StringRef::npos)
    LineEnd = Text.size();
  llvm::StringRef After = Text.slice(Span.End, LineEnd).ltrim(" \t");
  Span.AppendAt =
      After.empty() || After.starts_with("//") ? LineEnd : Span.End;
  return Span;
}

uint32_t SourceEdits::statementOf(const Stmt *S) {
  if (!FD->getBody())
    return InvalidIndex;
  // Every node passed on the way up answers for itself next time: the
  // calls of `g(1) && g(2) && ...` share their climb.
  llvm::SmallVector<const Stmt *, 8> Climbed;
  uint32_t Found = climbToStatement(S, Climbed);
  for (const Stmt *Node : Climbed)
    Owners[Node] = Found;
  return Found;
}

uint32_t
SourceEdits::climbToStatement(const Stmt *S,
                              llvm::SmallVectorImpl<const Stmt *> &Climbed) {
  const ParentMap &PM = parents();
  const Stmt *Child = S;
  for (const Stmt *Parent = PM.getParent(Child); Parent;
       Child = Parent, Parent = PM.getParent(Parent)) {
    if (auto Known = Owners.find(Child); Known != Owners.end())
      return Known->second;
    Climbed.push_back(Child);
    bool Braced = isa<CompoundStmt, CaseStmt, DefaultStmt, LabelStmt>(Parent);
    bool Unbraced = false;
    if (const auto *If = dyn_cast<IfStmt>(Parent))
      Unbraced = Child == If->getThen() || Child == If->getElse();
    else if (const auto *While = dyn_cast<WhileStmt>(Parent))
      Unbraced = Child == While->getBody();
    else if (const auto *For = dyn_cast<ForStmt>(Parent))
      Unbraced = Child == For->getBody();
    else if (const auto *Do = dyn_cast<DoStmt>(Parent))
      Unbraced = Child == Do->getBody();
    else if (const auto *Range = dyn_cast<CXXForRangeStmt>(Parent))
      Unbraced = Child == Range->getBody();
    if (!Braced && !Unbraced)
      continue;
    auto [It, Inserted] =
        Spans.try_emplace(Child, Out.detail().Statements.size());
    if (Inserted) {
      StatementSpan Span = span(Child, Unbraced);
      if (Span.File == InvalidIndex) {
        It->second = InvalidIndex;
        return InvalidIndex;
      }
      Out.editDetail().Statements.push_back(std::move(Span));
    }
    return It->second;
  }
  return InvalidIndex;
}

bool SourceEdits::standsAlone(const Stmt *S) {
  const ParentMap &PM = parents();
  const Stmt *Parent = PM.getParent(S);
  while (Parent && (isa<ParenExpr, ImplicitCastExpr, ExprWithCleanups>(Parent) ||
                    (isa<CStyleCastExpr>(Parent) &&
                     cast<CStyleCastExpr>(Parent)->getType()->isVoidType())))
    Parent = PM.getParent(Parent);
  return Parent && !isa<Expr>(Parent);
}

std::optional<TextEdit> SourceEdits::rewriteCall(const CallExpr *CE,
                                                 llvm::StringRef LookupName) {
  if (B.Know.processRole(LookupName) == ProcessRole::Exit)
    return rewriteExit(CE);
  if (std::optional<DescriptorApi> Api = descriptorApi(LookupName))
    return rewriteCloexec(CE, *Api);
  return rewriteOutput(CE, LookupName);
}

std::optional<std::pair<uint32_t, uint32_t>>
SourceEdits::expansionRange(const Expr *E, FileID FID) const {
  const SourceManager &SM = B.SM;
  CharSourceRange Range = SM.getExpansionRange(E->getSourceRange());
  SourceLocation End =
      Range.isTokenRange()
          ? Lexer::getLocForEndOfToken(Range.getEnd(), 0, SM, B.LangOpts)
          : Range.getEnd();
  auto [BeginFile, Begin] = SM.getDecomposedLoc(Range.getBegin());
  auto [EndFile, EndOffset] = SM.getDecomposedLoc(End);
  if (End.isInvalid() || BeginFile != FID || EndFile != FID)
    return std::nullopt;
  return std::make_pair(Begin, EndOffset);
}

bool SourceEdits::defines(llvm::StringRef Text) const {
  llvm::SmallVector<llvm::StringRef, 4> Words;
  Text.split(Words, ' ', -1, false);
  for (llvm::StringRef Word : Words) {
    Word = Word.trim(",|");
    if (Word.empty() || !isAsciiIdentifierStart(Word[0]))
      continue;
    auto Found = B.Ctx.Idents.find(Word);
    if (Found == B.Ctx.Idents.end())
      return false;
    const IdentifierInfo *Id = Found->getValue();
    if (!Id->hasMacroDefinition() && !B.declares(Word) &&
        B.Ctx.getTranslationUnitDecl()->lookup(DeclarationName(Id)).empty())
      return false;
  }
  return true;
}

std::optional<TextEdit> SourceEdits::rewriteCloexec(const CallExpr *CE,
                                                    const DescriptorApi &Api) {
  FileID FID;
  auto Call = fileRange(CE->getSourceRange(), &FID);
  if (!Call || (Api.Fix != CloexecFix::AddModeLetter && !defines(Api.Added)) ||
      (!Api.Variant.empty() && !B.declares(Api.Variant)))
    return std::nullopt;
  llvm::StringRef Buffer = B.SM.getBufferData(FID);
  auto Text = [&](const Expr *E) -> std::optional<std::string> {
    auto Range = expansionRange(E, FID);
    if (!Range)
      return std::nullopt;
    return Buffer.slice(Range->first, Range->second).str();
  };
  auto Edit = [&](std::pair<uint32_t, uint32_t> Range, std::string Text) {
    return TextEdit{B.fileIndex(FID), Range.first, Range.second - Range.first,
                    std::move(Text)};
  };
  switch (Api.Fix) {
  case CloexecFix::AddFlag: {
    if (unsigned(Api.FlagSlot) >= CE->getNumArgs())
      return std::nullopt;
    const Expr *Flags = CE->getArg(Api.FlagSlot);
    auto Range = expansionRange(Flags, FID);
    std::optional<std::string> Spelled = Text(Flags);
    if (!Range || !Spelled)
      return std::nullopt;
    const Expr *Bare = Flags->IgnoreParenImpCasts();
    if (const auto *Zero = dyn_cast<IntegerLiteral>(Bare);
        Zero && Zero->getValue() == 0 && !Zero->getBeginLoc().isMacroID())
      return Edit(*Range, Api.Added.str());
    // `a ? b : c | X` would add X to c alone.
    const auto *BO = dyn_cast<BinaryOperator>(Bare);
    bool Loose =
        isa<ConditionalOperator>(Bare) || (BO && BO->getOpcode() > BO_Or);
    return Edit(*Range, (Loose ? "(" + *Spelled + ")" : *Spelled) + " | " +
                            Api.Added.str());
  }
  case CloexecFix::AddModeLetter: {
    if (unsigned(Api.FlagSlot) >= CE->getNumArgs())
      return std::nullopt;
    const auto *Mode = dyn_cast<StringLiteral>(
        CE->getArg(Api.FlagSlot)->IgnoreParenImpCasts());
    auto Range = Mode ? fileRange(Mode->getSourceRange()) : std::nullopt;
    if (!Range || !Mode->isOrdinary() || Mode->getNumConcatenated() != 1)
      return std::nullopt;
    return Edit({Range->second - 1, Range->second - 1}, Api.Added.str());
  }
  case CloexecFix::InsertArgument:
  case CloexecFix::ReplaceArguments: {
    llvm::SmallVector<std::string, 4> Args;
    if (Api.Fix == CloexecFix::ReplaceArguments) {
      Args.push_back(Api.Added.str());
    } else {
      for (const Expr *Arg : CE->arguments()) {
        if (isa<CXXDefaultArgExpr>(Arg))
          break;
        std::optional<std::string> Spelled = Text(Arg);
        if (!Spelled)
          return std::nullopt;
        Args.push_back(std::move(*Spelled));
      }
      if (unsigned(Api.FixSlot) > Args.size())
        return std::nullopt;
      Args.insert(Args.begin() + Api.FixSlot, Api.Added.str());
    }
    return Edit(*Call, Api.Variant.str() + "(" + llvm::join(Args, ", ") + ")");
  }
  }
  return std::nullopt;
}

std::optional<TextEdit> SourceEdits::rewriteExit(const CallExpr *CE) {
  if (!B.declares("_exit"))
    return std::nullopt;
  FileID FID;
  auto Range = fileRange(CE->getCallee()->IgnoreParenImpCasts()->getSourceRange(),
                         &FID);
  if (!Range)
    return std::nullopt;
  return TextEdit{B.fileIndex(FID), Range->first,
                  Range->second - Range->first, "_exit"};
}

std::optional<TextEdit> SourceEdits::rewriteOutput(const CallExpr *CE,
                                                   llvm::StringRef LookupName) {
  std::optional<OutputApi> Api = outputApi(LookupName);
  if (!Api || !B.declares("write") ||
      CE->getNumArgs() != unsigned(std::max(Api->TextArg, Api->StreamArg) + 1))
    return std::nullopt;
  const auto *Text =
      dyn_cast<StringLiteral>(CE->getArg(Api->TextArg)->IgnoreParenImpCasts());
  // stdio stops at a NUL, write() would not.
  if (!Text || !Text->isOrdinary() || Text->getString().contains('\0') ||
      (Api->IsFormat && Text->getString().contains('%')))
    return std::nullopt;
  std::optional<int> Fd = 1;
  if (Api->StreamArg >= 0) {
    const auto *Stream = dyn_cast<DeclRefExpr>(
        CE->getArg(Api->StreamArg)->IgnoreParenImpCasts());
    Fd = Stream ? standardStreamFd(Stream->getDecl()->getName()) : std::nullopt;
  }
  FileID FID, TextFID;
  auto Call = fileRange(CE->getSourceRange(), &FID);
  auto Literal = fileRange(Text->getSourceRange(), &TextFID);
  if (!Fd || !Call || !Literal || FID != TextFID)
    return std::nullopt;
  llvm::StringRef Spelling =
      B.SM.getBufferData(FID).slice(Literal->first, Literal->second);
  unsigned Length = Text->getByteLength() + (Api->AppendsNewline ? 1 : 0);
  std::string Replacement = "write(" + std::to_string(*Fd) + ", " +
                            Spelling.str() +
                            (Api->AppendsNewline ? " \"\\n\"" : "") + ", " +
                            std::to_string(Length) + ")";
  return TextEdit{B.fileIndex(FID), Call->first, Call->second - Call->first,
                  std::move(Replacement)};
}

std::vector<TextEdit> SourceEdits::returnToExit(const ReturnStmt *RS) {
  const Expr *Value = RS->getRetValue();
  if (!Value || !B.declares("_exit") || RS->getReturnLoc().isMacroID())
    return {};
  const SourceManager &SM = B.SM;
  CharSourceRange ValueRange = SM.getExpansionRange(Value->getSourceRange());
  FileID FID;
  auto Keyword = fileRange(SourceRange(RS->getReturnLoc()), &FID);
  auto ValueText = fileRange(ValueRange.getAsRange());
  if (!Keyword || !ValueText)
    return {};
  uint32_t File = B.fileIndex(FID);
  return {{File, Keyword->first, ValueText->first - Keyword->first, "_exit("},
          {File, ValueText->second, 0, ")"}};
}

std::vector<TextEdit> SourceEdits::exitAtEnd(const CompoundStmt *Body) {
  SourceLocation Brace = Body->getRBracLoc();
  if (!B.declares("_exit") || Brace.isInvalid() || Brace.isMacroID())
    return {};
  auto [FID, Offset] = B.SM.getDecomposedLoc(Brace);
  llvm::StringRef Text = B.SM.getBufferData(FID);
  size_t LineStart = Text.rfind('\n', Offset);
  LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
  llvm::StringRef Indent = Text.slice(LineStart, Offset);
  uint32_t File = B.fileIndex(FID);
  // A brace on a line of its own gets the call on a line before it.
  if (Indent.find_first_not_of(" \t") == llvm::StringRef::npos)
    return {{File, static_cast<uint32_t>(LineStart), 0,
             (Indent + "  _exit(0);\n").str()}};
  return {{File, Offset, 0, "_exit(0); "}};
}

std::pair<uint32_t, uint32_t> SourceEdits::scopeOf(const VarDecl *V) {
  const SourceManager &SM = B.SM;
  auto Offset = [&](SourceLocation Loc) {
    return SM.getFileOffset(SM.getExpansionLoc(Loc));
  };
  // An initialiser's temporaries, outside any function, have no scope.
  if (!FD)
    return {0, 0};
  if (DeclStmts.empty()) {
    std::vector<const Stmt *> Work{FD->getBody()};
    while (!Work.empty()) {
      const Stmt *S = Work.back();
      Work.pop_back();
      if (!S)
        continue;
      if (const auto *DS = dyn_cast<DeclStmt>(S))
        for (const Decl *D : DS->decls())
          DeclStmts[D] = DS;
      for (const Stmt *Child : S->children())
        Work.push_back(Child);
    }
  }
  uint32_t End = Offset(FD->getBody()->getEndLoc());
  // The statement around the declaration (a block, a for) ends the scope.
  if (const DeclStmt *DS = DeclStmts.lookup(V))
    if (const Stmt *Around = parents().getParent(DS))
      End = Offset(Around->getEndLoc());
  return {Offset(V->getEndLoc()), End};
}

} // namespace forksafe
