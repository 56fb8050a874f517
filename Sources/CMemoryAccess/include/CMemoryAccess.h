// Words of memory that several threads read and write without a lock: the line spool's filter
// of ids seen (LineSpool); and prefetches for tables that miss the cache (the filter, a report's
// rows). Relaxed atomic loads and stores are plain moves on x86-64 and arm64,
// with no lock prefix and no fence, so a core keeps many of them in flight; an update that
// another core overwrites at the same moment is lost, which the filter's users allow for. The
// prefetch asks for a word's cache line a line ahead of its use (`__builtin_prefetch`).
#ifndef COSTROLL_MEMORY_ACCESS_H
#define COSTROLL_MEMORY_ACCESS_H

#include <stdint.h>

static inline uint64_t costroll_load_relaxed(const uint64_t *word) {
  return __atomic_load_n(word, __ATOMIC_RELAXED);
}

static inline void costroll_store_relaxed(uint64_t *word, uint64_t value) {
  __atomic_store_n(word, value, __ATOMIC_RELAXED);
}

static inline void costroll_prefetch_for_write(const void *address) {
  __builtin_prefetch(address, 1, 3);
}

static inline void costroll_prefetch_for_read(const void *address) {
  __builtin_prefetch(address, 0, 3);
}

#endif
