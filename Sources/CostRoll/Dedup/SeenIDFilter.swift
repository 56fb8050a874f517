import CMemoryAccess
import Glibc

/// The ids seen so far by every core reading sources, as a blocked Bloom filter (three bits in
/// one 64-bit word per id), shared without a lock: the line spool asks it whether a line's id
/// may have come before, and keeps only such lines (`LineSpool`).
///
/// "No" is exact for the ids this filter was told about; "maybe" is wrong for a few percent of
/// ids when the filter holds about five ids per word (its size is capped by the memory budget,
/// so bigger inputs keep more lines than they need). Two cores setting bits in one word at the
/// same moment can lose one core's bits, so a later copy of that id is not kept either; dedup
/// reads any line it needs and the spool has not from its source again (`LineRereader`), so
/// the filter only decides how much is written, never what comes out.
///
/// Words are read and written with relaxed atomic loads and stores (plain moves; a locked
/// read-modify-write is a full fence on x86-64 and would stall the prefetch that hides each
/// lookup's cache miss, see `LineSpool.Writer.offer`).
public final class SeenIDFilter: @unchecked Sendable {
  /// Where an id's bits are: a word and the bits it sets in it.
  struct Slot {
    let word: UnsafeMutablePointer<UInt64>
    let bits: UInt64
    /// The id's `IDHash` (the word and bits are taken from it).
    let key: UInt64
  }

  private let words: UnsafeMutablePointer<UInt64>
  private let wordMask: Int
  /// The mapping `words` lies in, and its size.
  private let mapping: UnsafeMutableRawPointer
  private let mappingBytes: Int
  private static let hugePageBytes = 2 << 20

  /// Bits per expected id: about 2% of ids read as seen when the filter is sized for its ids.
  static let bitsPerID = 16
  /// JSON bytes per event, for the expected id count (the generated events are about 440).
  static let jsonBytesPerEvent = 400.0

  /// A filter of at least `byteCount` bytes (a power of two, at least 64 KiB), all clear.
  ///
  /// The words are mapped on their own, aligned to 2 MiB and asked for in huge pages
  /// (`MADV_HUGEPAGE`): with 4 KiB pages nearly every lookup in a filter of megabytes misses the
  /// TLB, and a page walk under a virtual machine's nested paging is slow. Any size gives the
  /// same outputs (a smaller filter only makes the spool keep more lines), so when that mapping
  /// is refused (no address space or memory left) the filter takes the smallest size; `map` is
  /// `mmap` but for tests.
  init(byteCount: Int, map: (Int) -> UnsafeMutableRawPointer? = SeenIDFilter.mapAnonymous) {
    var count = Self.minimumWords
    while count * 8 < byteCount { count <<= 1 }
    var mapped = map(count * 8 + Self.hugePageBytes)
    if mapped == nil, count > Self.minimumWords {
      count = Self.minimumWords
      mapped = map(count * 8 + Self.hugePageBytes)
    }
    guard let mapped else { fatalError("cannot map \(count * 8) bytes for the filter of ids seen") }
    mapping = mapped
    mappingBytes = count * 8 + Self.hugePageBytes
    let aligned = (Int(bitPattern: mapped) + Self.hugePageBytes - 1) & ~(Self.hugePageBytes - 1)
    // Fresh anonymous pages read as zero: the filter starts clear.
    words = UnsafeMutablePointer(bitPattern: aligned)!
    _ = madvise(UnsafeMutableRawPointer(words), count * 8, MADV_HUGEPAGE)
    wordMask = count - 1
  }

  /// Words in the smallest filter (64 KiB).
  static let minimumWords = 1 << 13

  /// `byteCount` bytes of fresh anonymous memory, or `nil` when `mmap` refuses them.
  static func mapAnonymous(_ byteCount: Int) -> UnsafeMutableRawPointer? {
    guard let mapped = mmap(nil, byteCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
      mapped != MAP_FAILED
    else { return nil }
    return mapped
  }

  /// The filter's size in bytes.
  var byteCount: Int { (wordMask + 1) * 8 }

  deinit { munmap(mapping, mappingBytes) }

  /// The size for inputs of about `jsonBytes` bytes of JSON: `bitsPerID` per expected event, at
  /// most a 16th of the memory budget (16 MiB of the default 256 MB: it is freed before dedup,
  /// where a run's memory peaks).
  public static func byteCount(forJSONBytes jsonBytes: Double, budgetBytes: Int) -> Int {
    let wanted = jsonBytes / jsonBytesPerEvent * Double(bitsPerID) / 8
    return Int(min(wanted, Double(max(1, budgetBytes / 16))))
  }

  /// The slot of `event`'s id.
  func slot(of event: DecodedEvent) -> Slot { slot(forIDHash: IDHash.of(event)) }

  /// The slot of the id whose `IDHash` is `key`: its low bits pick the word, bits 40 to 57 the
  /// three bits in it.
  func slot(forIDHash key: UInt64) -> Slot {
    let bits: UInt64 = 1 << (key >> 40 & 63) | 1 << (key >> 46 & 63) | 1 << (key >> 52 & 63)
    return Slot(word: words + (Int(truncatingIfNeeded: key) & wordMask), bits: bits, key: key)
  }

  /// Asks for `slot`'s word to be brought into the cache.
  func prefetch(_ slot: Slot) { costroll_prefetch_for_write(slot.word) }

  /// Marks `slot`'s id as seen; returns whether it may have been seen before.
  func testAndSet(_ slot: Slot) -> Bool {
    let old = costroll_load_relaxed(slot.word)
    guard old & slot.bits != slot.bits else { return true }
    costroll_store_relaxed(slot.word, old | slot.bits)
    return false
  }
}
