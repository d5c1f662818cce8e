//===- Bytes.h - Raw bytes for the tensor-file tests ------------*- C++ -*-===//

#ifndef EYERISS_TEST_UNIT_SUPPORT_BYTES_H
#define EYERISS_TEST_UNIT_SUPPORT_BYTES_H

#include <cstring>
#include <initializer_list>
#include <string>

namespace eyeriss::test {

/// Little-endian bytes of `values` (the test machine is little-endian).
template <typename T>
std::string bytesOf(std::initializer_list<T> values) {
  std::string bytes;
  for (T value : values) {
    char raw[sizeof(T)];
    std::memcpy(raw, &value, sizeof(T));
    bytes.append(raw, sizeof(T));
  }
  return bytes;
}

} // namespace eyeriss::test

#endif // EYERISS_TEST_UNIT_SUPPORT_BYTES_H
