/// XXH64 (seed 0) of a raw line: what dedup compares instead of two lines it has not kept.
///
/// The line spool keeps only the lines of copies whose id may have been seen before
/// (`LineSpool`), so the first copy of an id is usually not on disk. When copies of an id tie on
/// the earliest `created_at`, the winner is the byte-wise smallest line; copies whose lines hash
/// alike are taken to be the same line (for two different lines the chance is about 2⁻⁶⁴), and
/// only copies whose hashes differ need their lines read again.
///
/// Hand-written: no package the project may use offers a fast non-cryptographic hash (Swift's
/// `Hasher` is seeded per process, so it is not the same from run to run, and swift-crypto's
/// SHA-256 runs at about 1–2 GB/s). XXH64 is Yann Collet's published algorithm; the tests check
/// it against the reference implementation's values.
public enum LineHash {
  private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
  private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
  private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
  private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
  private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

  /// The XXH64 hash (seed 0) of `line`.
  public static func of(_ line: UnsafeBufferPointer<UInt8>) -> UInt64 {
    of(UnsafeRawBufferPointer(line))
  }

  /// The XXH64 hash (seed 0) of `bytes`.
  public static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    let count = bytes.count
    var offset = 0
    func word(_ at: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
    var hash: UInt64
    if count >= 32 {
      var lane1 = prime1 &+ prime2
      var lane2 = prime2
      var lane3: UInt64 = 0
      var lane4 = 0 &- prime1
      while offset + 32 <= count {
        lane1 = round(lane1, word(offset))
        lane2 = round(lane2, word(offset + 8))
        lane3 = round(lane3, word(offset + 16))
        lane4 = round(lane4, word(offset + 24))
        offset += 32
      }
      hash = rotate(lane1, 1) &+ rotate(lane2, 7) &+ rotate(lane3, 12) &+ rotate(lane4, 18)
      hash = merge(hash, lane1)
      hash = merge(hash, lane2)
      hash = merge(hash, lane3)
      hash = merge(hash, lane4)
    } else {
      hash = prime5
    }
    hash &+= UInt64(count)
    while offset + 8 <= count {
      hash ^= round(0, word(offset))
      hash = rotate(hash, 27) &* prime1 &+ prime4
      offset += 8
    }
    if offset + 4 <= count {
      let half = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
      hash ^= UInt64(half) &* prime1
      hash = rotate(hash, 23) &* prime2 &+ prime3
      offset += 4
    }
    while offset < count {
      hash ^= UInt64(bytes[offset]) &* prime5
      hash = rotate(hash, 11) &* prime1
      offset += 1
    }
    hash ^= hash >> 33
    hash &*= prime2
    hash ^= hash >> 29
    hash &*= prime3
    hash ^= hash >> 32
    return hash
  }

  @inline(__always) private static func round(_ lane: UInt64, _ input: UInt64) -> UInt64 {
    rotate(lane &+ input &* prime2, 31) &* prime1
  }

  @inline(__always) private static func merge(_ hash: UInt64, _ lane: UInt64) -> UInt64 {
    (hash ^ round(0, lane)) &* prime1 &+ prime4
  }

  @inline(__always) private static func rotate(_ value: UInt64, _ bits: UInt64) -> UInt64 {
    (value << bits) | (value >> (64 - bits))
  }
}
