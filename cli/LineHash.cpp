//===- LineHash.cpp - GitHub's primaryLocationLineHash --------------------===//
//
// Transcribed from github/codeql-action, src/fingerprints.ts, hash(): a
// rolling hash (base 37, 64-bit wrap-around) over a window of the 100
// characters that follow the start of each line, spaces and tabs left out,
// CR and CR LF read as LF, then a 65535 for the end of the file and zeros
// after it. The characters are UTF-16 code units, as JavaScript reads the
// file; a hash seen before on the file gets its count after a colon.
//
//===----------------------------------------------------------------------===//

#include "LineHash.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/ConvertUTF.h"
#include <array>
#include <cstdint>

namespace forksafe {

namespace {

constexpr unsigned BlockSize = 100;
constexpr uint64_t Mod = 37;
constexpr uint16_t EndOfFile = 65535;

uint64_t firstMod() {
  uint64_t Result = 1;
  for (unsigned I = 0; I != BlockSize; ++I)
    Result *= Mod;
  return Result;
}

/// The file as JavaScript's UTF-8 decoder gives it: UTF-16 code units,
/// U+FFFD for each byte that is not UTF-8.
std::vector<uint16_t> utf16Units(llvm::StringRef Text) {
  std::vector<uint16_t> Units;
  Units.reserve(Text.size());
  const auto *Next = reinterpret_cast<const llvm::UTF8 *>(Text.begin());
  const auto *End = reinterpret_cast<const llvm::UTF8 *>(Text.end());
  while (Next != End) {
    llvm::UTF32 CodePoint;
    const llvm::UTF8 *Start = Next;
    if (llvm::convertUTF8Sequence(&Next, End, &CodePoint,
                                  llvm::strictConversion) != llvm::conversionOK) {
      Next = Start + 1;
      CodePoint = 0xFFFD;
    }
    if (CodePoint >= 0x10000) {
      CodePoint -= 0x10000;
      Units.push_back(0xD800 + (CodePoint >> 10));
      Units.push_back(0xDC00 + (CodePoint & 0x3FF));
    } else {
      Units.push_back(CodePoint);
    }
  }
  return Units;
}

class RollingHash {
public:
  explicit RollingHash(std::vector<std::string> &Out) : Out(Out) {
    LineNumbers.fill(-1);
  }

  void character(uint16_t Current) {
    if (Current == ' ' || Current == '\t' || (PrevCR && Current == '\n')) {
      PrevCR = false;
      return;
    }
    PrevCR = Current == '\r';
    if (PrevCR)
      Current = '\n';
    if (LineNumbers[Index] != -1)
      output();
    if (LineStart) {
      LineStart = false;
      LineNumbers[Index] = ++LineNumber;
    }
    if (Current == '\n')
      LineStart = true;
    update(Current);
  }

  void finish() {
    character(EndOfFile);
    for (unsigned I = 0; I != BlockSize; ++I) {
      if (LineNumbers[Index] != -1)
        output();
      update(0);
    }
  }

private:
  void output() {
    std::string Value = llvm::utohexstr(Hash, /*LowerCase=*/true);
    unsigned Count = ++Seen[Value];
    size_t Line = LineNumbers[Index];
    if (Out.size() < Line)
      Out.resize(Line);
    Out[Line - 1] = Value + ":" + std::to_string(Count);
    LineNumbers[Index] = -1;
  }

  void update(uint16_t Current) {
    uint16_t Begin = Window[Index];
    Window[Index] = Current;
    Hash = Mod * Hash + Current - FirstMod * Begin;
    Index = (Index + 1) % BlockSize;
  }

  std::vector<std::string> &Out;
  std::array<uint16_t, BlockSize> Window{};
  std::array<int64_t, BlockSize> LineNumbers;
  const uint64_t FirstMod = firstMod();
  uint64_t Hash = 0;
  unsigned Index = 0;
  int64_t LineNumber = 0;
  bool LineStart = true;
  bool PrevCR = false;
  llvm::StringMap<unsigned> Seen;
};

} // namespace

std::vector<std::string> lineHashes(llvm::StringRef Text) {
  std::vector<std::string> Hashes;
  RollingHash Hash(Hashes);
  for (uint16_t Unit : utf16Units(Text))
    Hash.character(Unit);
  Hash.finish();
  return Hashes;
}

} // namespace forksafe
