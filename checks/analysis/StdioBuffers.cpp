//===- StdioBuffers.cpp - What the FILE buffers hold at a call ------------===//

#include "StdioBuffers.h"
#include "llvm/ADT/STLExtras.h"

namespace forksafe {

namespace {

/// Standard output when no declaration of `stdout` made it a name.
constexpr uint32_t UnnamedStandardOutput = InvalidIndex - 1;

} // namespace

StdioBuffers::StdioBuffers(const Analysis &A) : A(A) {
  const Program &P = A.program();
  StandardOutput = {HandleKey::Global, UnnamedStandardOutput};
  for (uint32_t I = 0; I != P.Names.size(); ++I)
    if (P.Names[I] == "stdout")
      StandardOutput.Id = I;
  std::vector<FunctionId> Seeds;
  for (FunctionId F = 0; F != P.Functions.size(); ++F)
    if (P.Functions[F].IsCLibrary)
      if (std::optional<StdioApi> Api = stdioApi(P.Functions[F].LookupName)) {
        Apis[F] = *Api;
        Seeds.push_back(F);
      }
  // A stream made unbuffered anywhere is taken to be unbuffered all along:
  // programs do it once, first thing in main.
  if (!Seeds.empty())
    for (FunctionId F = 0; F != P.Functions.size(); ++F)
      for (const CallSite &C : P.Functions[F].Calls)
        if (std::optional<StreamEffect> E = effectOf(C);
            E && E->Effect == StdioEffect::Unbuffer && !E->Every &&
            E->Stream.outlivesCall() && !llvm::is_contained(Unbuffered, E->Stream))
          Unbuffered.push_back(E->Stream);
  Flow.emplace(
      A,
      [this](const CallSite &C) -> std::optional<KeyEffect> {
        std::optional<StreamEffect> E = effectOf(C);
        if (!E)
          return std::nullopt;
        uint8_t Bits = E->Effect == StdioEffect::Write ? Dirty
                       : E->Effect == StdioEffect::Flush ||
                               E->Effect == StdioEffect::Close
                           ? Flushed
                           : Settled;
        return KeyEffect{Bits, E->Every, E->Stream};
      },
      Seeds);
}

bool StdioBuffers::isUnbuffered(StateKey S) const {
  const Program &P = A.program();
  return llvm::is_contained(Unbuffered, S) ||
         (S.K == HandleKey::Global && S.Id < P.Names.size() &&
          isUnbufferedStream(P.Names[S.Id]));
}

std::optional<StreamEffect> StdioBuffers::effectOf(const CallSite &C) const {
  if (C.Callee == InvalidIndex)
    return std::nullopt;
  auto It = Apis.find(C.Callee);
  if (It == Apis.end())
    return std::nullopt;
  const StdioApi &Api = It->second;
  StreamEffect E{Api.Effect, false, {}};
  if (Api.StreamArg == StdioApi::EveryStream) {
    E.Every = true;
  } else if (Api.StreamArg == StdioApi::StandardOutput) {
    E.Stream = StandardOutput;
  } else {
    const ArgInfo *Arg = C.arg(Api.StreamArg);
    if (Arg && Arg->Handle.isKnown() && !Arg->IsNull) {
      E.Stream = {Arg->Handle.K, Arg->Handle.Id};
    } else if (Api.Effect == StdioEffect::Write) {
      // Output to a stream the model cannot name is not followed.
      return std::nullopt;
    } else {
      // fflush(NULL), and the benefit of the doubt for a flush or a close
      // of a stream the model cannot name.
      E.Every = true;
    }
  }
  if (Api.Effect == StdioEffect::Write && isUnbuffered(E.Stream))
    return std::nullopt;
  return E;
}

std::string StdioBuffers::streamName(FunctionId Where, StateKey S) const {
  const Program &P = A.program();
  if (S == StandardOutput)
    return "stdout";
  switch (S.K) {
  case HandleKey::Global:
  case HandleKey::Field:
    return S.Id < P.Names.size() ? P.Names[S.Id] : "a stream";
  case HandleKey::Local:
    if (S.Id < A.function(Where).detail().Locals.size())
      return A.function(Where).detail().Locals[S.Id].Name;
    return "a stream";
  default:
    return "a stream";
  }
}

} // namespace forksafe
