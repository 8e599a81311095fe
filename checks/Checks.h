//===- Checks.h - The entry point of each check -----------------*- C++ -*-===//

#ifndef FORKSAFE_CHECKS_CHECKS_H
#define FORKSAFE_CHECKS_CHECKS_H

#include "Finding.h"
#include <vector>

namespace forksafe {

class Analysis;

#define FORKSAFE_CHECK(Id, Name, Summary, OnByDefault)                         \
  void check##Id(const Analysis &A, std::vector<Finding> &Out);
#include "Checks.def"

} // namespace forksafe

#endif // FORKSAFE_CHECKS_CHECKS_H
