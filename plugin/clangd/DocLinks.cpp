//===- DocLinks.cpp - Where forksafe-clangd's diagnostics link ------------===//

#include "DocLinks.h"
#include "FileUri.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Errno.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <optional>
#include <thread>
#include <unistd.h>

namespace forksafe {

namespace {

// What clangd's getDiagnosticDocURI makes of a check forksafe-NAME.
constexpr llvm::StringLiteral ClangdPrefix =
    "https://clang.llvm.org/extra/clang-tidy/checks/forksafe/";
constexpr llvm::StringLiteral ClangdSuffix = ".html";
constexpr llvm::StringLiteral LengthHeader = "Content-Length:";

/// The check whose clang.llvm.org page a codeDescription links to, if it
/// is one of forksafe's.
std::optional<llvm::StringRef>
linkedCheck(const llvm::json::Object &Description) {
  std::optional<llvm::StringRef> Href = Description.getString("href");
  if (!Href || !Href->starts_with(ClangdPrefix) ||
      !Href->ends_with(ClangdSuffix))
    return std::nullopt;
  return Href->drop_front(ClangdPrefix.size()).drop_back(ClangdSuffix.size());
}

/// Rewrites the links in V and in all it holds (a diagnostic is in the
/// publishDiagnostics notification and again in the code actions that fix
/// it); whether there was one.
bool rewriteLinks(llvm::json::Value &V, llvm::StringRef Base) {
  bool Changed = false;
  if (llvm::json::Object *Object = V.getAsObject()) {
    if (llvm::json::Object *Description = Object->getObject("codeDescription"))
      if (std::optional<llvm::StringRef> Check = linkedCheck(*Description)) {
        if (Base.empty())
          Object->erase("codeDescription");
        else
          (*Description)["href"] = (Base + "/" + *Check + ".md").str();
        Changed = true;
      }
    for (auto &Member : *Object)
      Changed |= rewriteLinks(Member.second, Base);
  } else if (llvm::json::Array *Array = V.getAsArray()) {
    for (llvm::json::Value &Element : *Array)
      Changed |= rewriteLinks(Element, Base);
  }
  return Changed;
}

/// Writes all of Data to FD; false when it cannot (the editor is gone).
bool writeAll(int FD, llvm::StringRef Data) {
  while (!Data.empty()) {
    ssize_t Written = ::write(FD, Data.data(), Data.size());
    if (Written < 0 && errno == EINTR)
      continue;
    if (Written <= 0)
      return false;
    Data = Data.drop_front(Written);
  }
  return true;
}

/// Forwards what is whole at the front of Pending to Editor: messages with
/// their links rewritten, and lines of any other text. At the end of the
/// output (AtEnd) the rest goes as it is. Returns the bytes forwarded.
size_t forwardWhole(llvm::StringRef Pending, bool AtEnd, int Editor,
                    const DocLinks &Links) {
  size_t Done = 0;
  while (Done != Pending.size()) {
    llvm::StringRef Rest = Pending.drop_front(Done);
    if (Rest.starts_with(LengthHeader)) {
      size_t HeaderEnd = Rest.find("\r\n\r\n");
      unsigned long long Length;
      if (HeaderEnd != llvm::StringRef::npos &&
          !Rest.slice(LengthHeader.size(), Rest.find("\r\n"))
               .trim()
               .getAsInteger(10, Length)) {
        size_t BodyBegin = HeaderEnd + 4;
        if (Rest.size() - BodyBegin < Length)
          return AtEnd && writeAll(Editor, Rest) ? Pending.size() : Done;
        std::string Body = Links.rewrite(Rest.substr(BodyBegin, Length));
        writeAll(Editor, "Content-Length: " + std::to_string(Body.size()) +
                             "\r\n\r\n" + Body);
        Done += BodyBegin + Length;
        continue;
      }
      if (HeaderEnd == llvm::StringRef::npos && !AtEnd)
        return Done;
    } else if (!AtEnd && llvm::StringRef(LengthHeader).starts_with(Rest)) {
      return Done;
    }
    size_t LineEnd = Rest.find('\n');
    if (LineEnd == llvm::StringRef::npos) {
      if (!AtEnd)
        return Done;
      LineEnd = Rest.size() - 1;
    }
    writeAll(Editor, Rest.take_front(LineEnd + 1));
    Done += LineEnd + 1;
  }
  return Done;
}

/// Copies clangd's output from In to Editor until it ends.
void pump(int In, int Editor, const DocLinks &Links) {
  std::string Pending;
  char Chunk[1 << 16];
  while (true) {
    ssize_t Read = ::read(In, Chunk, sizeof(Chunk));
    if (Read < 0 && errno == EINTR)
      continue;
    bool AtEnd = Read <= 0;
    if (!AtEnd)
      Pending.append(Chunk, Read);
    Pending.erase(0, forwardWhole(Pending, AtEnd, Editor, Links));
    if (AtEnd)
      return;
  }
}

} // namespace

std::string DocLinks::installedPages(llvm::StringRef Executable) {
  // FORKSAFE_CHECK_PAGES_FROM_BIN: where cmake --install puts the check
  // pages, from the directory of the programs.
  llvm::SmallString<256> Pages(llvm::sys::path::parent_path(Executable));
  llvm::sys::path::append(Pages, FORKSAFE_CHECK_PAGES_FROM_BIN);
  llvm::sys::path::remove_dots(Pages, /*remove_dot_dot=*/true);
  if (!llvm::sys::fs::is_directory(Pages))
    return "";
  return "file://" + percentEncoded(Pages);
}

std::string DocLinks::rewrite(llvm::StringRef Message) const {
  if (!Message.contains(ClangdPrefix))
    return Message.str();
  llvm::Expected<llvm::json::Value> Parsed = llvm::json::parse(Message);
  if (!Parsed) {
    llvm::consumeError(Parsed.takeError());
    return Message.str();
  }
  if (!rewriteLinks(*Parsed, llvm::StringRef(Base).rtrim('/')))
    return Message.str();
  // As clangd writes it: with --pretty, indented by two.
  return llvm::formatv(Message.contains('\n') ? "{0:2}" : "{0}", *Parsed).str();
}

namespace {

/// The pump of the run, for its end: the end of Main, or an exit() inside
/// it (clangd's --help and --version exit from its option parsing).
struct {
  std::thread Thread;
  int In = -1;
  int Editor = -1;
} Pumping;

/// Lets the pump send the rest of clangd's output, and waits until it has.
void finishPumping() {
  if (!Pumping.Thread.joinable())
    return;
  llvm::outs().flush();
  // The end of clangd's output: what writes to the standard output later
  // (a destructor's flush) goes nowhere.
  int Nowhere = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  ::dup2(Nowhere, STDOUT_FILENO);
  ::close(Nowhere);
  Pumping.Thread.join();
  ::close(Pumping.In);
  ::close(Pumping.Editor);
}

} // namespace

int runWithDocLinks(const DocLinks &Links, llvm::function_ref<int()> Main) {
  int Pipe[2];
  int Editor = ::dup(STDOUT_FILENO);
  if (Editor < 0 || ::pipe(Pipe) != 0) {
    llvm::errs() << "forksafe-clangd: warning: the links of forksafe's "
                    "diagnostics are clangd's: "
                 << llvm::sys::StrError(errno) << "\n";
    return Main();
  }
  ::fcntl(Editor, F_SETFD, FD_CLOEXEC);
  ::fcntl(Pipe[0], F_SETFD, FD_CLOEXEC);
  ::dup2(Pipe[1], STDOUT_FILENO);
  ::close(Pipe[1]);
  // Made now, llvm::outs() is destroyed after finishPumping has run at an
  // exit(), and can still be flushed there.
  llvm::outs();
  Pumping.In = Pipe[0];
  Pumping.Editor = Editor;
  Pumping.Thread = std::thread(pump, Pipe[0], Editor, std::cref(Links));
  std::atexit(finishPumping);
  int Result = Main();
  finishPumping();
  return Result;
}

} // namespace forksafe
