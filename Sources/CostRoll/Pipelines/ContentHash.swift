import Crypto
import Foundation
import Glibc

/// SHA-256 in lowercase hex, of a file (streamed in 1 MiB reads) or of bytes: the manifest's
/// content identity of an input, and the checksum `run.json` lists for each output.
public enum ContentHash {
  /// The hash of the file at `path` and its size in bytes.
  public static func file(_ path: String) throws(CostRollError) -> (hash: String, bytes: Int) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw .readFailed(path: path, reason: String(cString: strerror(errno))) }
    defer { close(descriptor) }
    var hasher = SHA256()
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    var total = 0
    while true {
      let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw .readFailed(path: path, reason: String(cString: strerror(errno)))
      }
      if count == 0 { break }
      buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
      total += count
    }
    return (hex(hasher.finalize()), total)
  }

  /// The hash of `bytes`.
  public static func bytes(_ bytes: [UInt8]) -> String { hex(SHA256.hash(data: bytes)) }

  /// The hash and size of bytes handed over piece by piece.
  struct Running {
    private var hasher = SHA256()
    private(set) var count = 0

    mutating func update(_ piece: [UInt8]) {
      hasher.update(data: piece)
      count += piece.count
    }

    func finalize() -> String { hex(hasher.finalize()) }
  }

  private static func hex(_ digest: SHA256.Digest) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    for byte in digest {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 15)])
    }
    return String(decoding: text, as: UTF8.self)
  }
}
