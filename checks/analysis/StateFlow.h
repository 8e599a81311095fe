//===- StateFlow.h - Process state that a fork copies -----------*- C++ -*-===//
//
// A fork copies the parent's process state into the child: what stdio
// buffers hold, which signals are ignored or blocked. This follows, per
// key (a stream, a signal), whether that state may be changed from what a
// program starts with at a call: forward through each body, bottom-up
// through what the callees leave behind, and top-down from the state at
// each call site. What a call does to a key is its client's to say.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_CHECKS_ANALYSIS_STATEFLOW_H
#define FORKSAFE_CHECKS_ANALYSIS_STATEFLOW_H

#include "Analysis.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/FunctionExtras.h"
#include <optional>

namespace forksafe {

/// What a path may leave of a key, as bits.
enum StateBits : uint8_t {
  /// As it was where the path began.
  AsBefore = 1,
  /// Back as a program starts (a stream unbuffered or its buffer dropped;
  /// a signal's default restored).
  Settled = 2,
  /// Written out by a flush or a close (streams only).
  Flushed = 4,
  /// Changed: output in the buffer, a signal ignored or blocked.
  Dirty = 8,
};

/// What the state is kept for: a stream as a call names it (a variable,
/// a field), or a signal (Kind Global, Id the number's SignalKey).
struct StateKey {
  HandleKey::Kind K = HandleKey::Unknown;
  uint32_t Id = 0;

  bool operator==(const StateKey &O) const { return K == O.K && Id == O.Id; }
  /// Whether a caller can name the key: locals and parameters are the
  /// function's own.
  bool outlivesCall() const {
    return K == HandleKey::Global || K == HandleKey::Field;
  }
};

/// The state of one key, and the call that last made it dirty: the call
/// that changed it, or a call of a function that did.
struct KeyBits {
  StateKey Key;
  uint8_t Bits = AsBefore;
  CallRef Changer;
};

/// The state of every key at a point: those listed, and all others.
struct KeyState {
  bool Reached = false;
  uint8_t Others = AsBefore;
  llvm::SmallVector<KeyBits, 2> Listed;

  uint8_t bitsOf(StateKey K) const;
  const KeyBits *find(StateKey K) const;
  void set(StateKey K, uint8_t Bits, CallRef Changer);
  void setAll(uint8_t Bits);
  /// Joins O in; whether anything changed.
  bool join(const KeyState &O);
};

/// What a call does: Bits (Settled, Flushed or Dirty) for one key, or for
/// every key (Every).
struct KeyEffect {
  uint8_t Bits;
  bool Every = false;
  StateKey Key;
};

/// A key that may be dirty at a call, and the call that made it so.
struct DirtyKey {
  StateKey Key;
  CallRef Changer;
};

class StateFlow {
public:
  using EffectOf =
      llvm::unique_function<std::optional<KeyEffect>(const CallSite &) const>;

  /// Effects says what each call does; the functions it calls are those
  /// whose effects Seeds (the library functions with one) hold.
  StateFlow(const Analysis &A, EffectOf Effects,
            llvm::ArrayRef<FunctionId> Seeds);

  /// The keys that may be dirty just before call Call of function F.
  llvm::SmallVector<DirtyKey, 2> dirtyBefore(FunctionId F,
                                             uint32_t Call) const;
  /// What a call of F may leave behind, or null when it leaves every key
  /// as it was.
  const KeyState *summary(FunctionId F) const;

private:
  using StateVisitor =
      llvm::function_ref<void(const Event &, const KeyState &Before)>;
  /// Follows F's body from its entry, calling Visit with the state before
  /// each event of every reachable block the parent runs.
  void walk(FunctionId F, StateVisitor Visit) const;
  void apply(FunctionId F, uint32_t Call, KeyState &S) const;
  /// The keys that may be dirty in state S of F's body.
  llvm::SmallVector<DirtyKey, 2> dirtyIn(FunctionId F, const KeyState &S) const;
  /// Whether F calls a seed or a function with a summary.
  bool touches(FunctionId F) const;
  void summarise(llvm::ArrayRef<FunctionId> Seeds);
  void propagateEntries();

  const Analysis &A;
  EffectOf Effects;
  llvm::DenseSet<FunctionId> SeedSet;
  /// Per function that forks: the blocks of its children's branches,
  /// which the parent does not run.
  llvm::DenseMap<FunctionId, std::vector<char>> ChildBlocks;
  llvm::DenseMap<FunctionId, KeyState> Summaries;
  /// Per function: the keys dirty where some caller calls it.
  llvm::DenseMap<FunctionId, llvm::SmallVector<DirtyKey, 1>> AtEntry;
  /// Per function asked about: the keys dirty before each of its calls,
  /// from one walk, so that a function of many forks is walked once.
  mutable llvm::DenseMap<FunctionId,
                         std::vector<llvm::SmallVector<DirtyKey, 2>>>
      BeforeCalls;
};

} // namespace forksafe

#endif // FORKSAFE_CHECKS_ANALYSIS_STATEFLOW_H
