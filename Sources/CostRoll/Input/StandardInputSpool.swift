import Foundation
import Glibc

/// Copies standard input to a temporary file before it is read, so that its size is known to
/// the spill decision like any file's. The file lives in a private `TemporaryDirectory`, removed
/// by `remove()` (or on an interruption, with the run's other temporary files).
public struct StandardInputSpool: Sendable {
  /// The source to read instead of standard input: named `-`, backed by the spool file.
  public let source: InputSource
  private let directory: String

  /// Spools all of standard input.
  public init() throws(CostRollError) {
    let directory = try TemporaryDirectory.make(prefix: "costroll-stdin")
    self.directory = directory
    var complete = false
    defer { if !complete { TemporaryDirectory.remove(directory) } }
    let path = directory + "/stdin"
    let output = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard output >= 0 else { throw .writeFailed(path: path, reason: String(cString: strerror(errno))) }
    defer { close(output) }
    let reader = try FileByteReader(.standardInput)
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { buffer.deallocate() }
    while true {
      let count = try reader.read(into: buffer)
      if count == 0 { break }
      if let reason = DescriptorWrite.all(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), to: output) {
        throw .writeFailed(path: path, reason: reason)
      }
    }
    source = InputSource(name: "-", path: path)
    complete = true
  }

  /// Deletes the spool file.
  public func remove() { TemporaryDirectory.remove(directory) }
}
