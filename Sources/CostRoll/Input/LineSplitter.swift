import Glibc

/// Splits a decompressed byte stream into numbered lines, in any chunking.
///
/// Lines end at LF; a CR right before the LF is dropped; a UTF-8 byte-order mark is dropped
/// only at byte 0 of the stream; a missing final newline is fine. A line longer than
/// `maxLineBytes` is never held whole: only its first `keptPrefixBytes` are kept, and its length
/// is counted. Lines inside one chunk are handed out without copying.
public struct LineSplitter {
  /// One line, valid only during the call that hands it out.
  public enum Piece {
    /// A complete line (or the proper last line without a newline).
    case line(UnsafeBufferPointer<UInt8>, number: Int)
    /// A line over the limit: its first bytes and its full length.
    case tooLong(prefix: UnsafeBufferPointer<UInt8>, totalBytes: Int, number: Int)
    /// The partial last line of a damaged stream (its first bytes and full length).
    case truncated(prefix: UnsafeBufferPointer<UInt8>, totalBytes: Int, number: Int)
  }

  public static let defaultMaxLineBytes = 1_048_576
  public static let defaultKeptPrefixBytes = 65_536

  let maxLineBytes: Int
  let keptPrefixBytes: Int
  /// The line in progress when it spans chunks (at most `maxLineBytes + 1` bytes).
  private var carry: [UInt8] = []
  /// Length of the line in progress, including bytes no longer held.
  private var lineBytes = 0
  private var overflowing = false
  private var lastByteWasCR = false
  private var streamStart = true
  private var bomCandidate: [UInt8] = []
  /// Lines handed out so far.
  public private(set) var lineCount = 0

  public init(maxLineBytes: Int = defaultMaxLineBytes, keptPrefixBytes: Int = defaultKeptPrefixBytes) {
    self.maxLineBytes = maxLineBytes
    self.keptPrefixBytes = keptPrefixBytes
  }

  /// Splits the next chunk of the stream.
  public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ emit: (Piece) -> Void) {
    var bytes = UnsafeBufferPointer(start: chunk.baseAddress?.assumingMemoryBound(to: UInt8.self), count: chunk.count)
    if streamStart {
      // Hold the first bytes until we know whether they are a byte-order mark.
      let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
      while bomCandidate.count < 3, let byte = bytes.first {
        bomCandidate.append(byte)
        bytes = UnsafeBufferPointer(rebasing: bytes.dropFirst())
        guard bom.starts(with: bomCandidate) else { break }
      }
      if bomCandidate.count < 3 && bom.starts(with: bomCandidate) { return }
      streamStart = false
      let head = bomCandidate == bom ? [] : bomCandidate
      bomCandidate = []
      head.withUnsafeBufferPointer { split($0, emit) }
    }
    split(bytes, emit)
  }

  /// Ends the stream. `damaged` says the stream stopped early, making a final unterminated
  /// line a `truncated` piece.
  public mutating func finish(damaged: Bool, _ emit: (Piece) -> Void) {
    if streamStart {
      streamStart = false
      let head = bomCandidate
      bomCandidate = []
      // An incomplete byte-order mark is ordinary data.
      if head != [0xEF, 0xBB, 0xBF] { head.withUnsafeBufferPointer { split($0, emit) } }
    }
    guard !carry.isEmpty || overflowing else { return }
    lineCount += 1
    let total = lineBytes
    carry.withUnsafeBufferPointer { buffer in
      let prefix = UnsafeBufferPointer(rebasing: buffer.prefix(keptPrefixBytes))
      if damaged {
        emit(.truncated(prefix: prefix, totalBytes: total, number: lineCount))
      } else if overflowing || total > maxLineBytes {
        emit(.tooLong(prefix: prefix, totalBytes: total, number: lineCount))
      } else {
        emit(.line(buffer, number: lineCount))
      }
    }
    resetLine()
  }

  private mutating func split(_ bytes: UnsafeBufferPointer<UInt8>, _ emit: (Piece) -> Void) {
    guard let base = bytes.baseAddress else { return }
    var start = 0
    let count = bytes.count
    while start < count {
      guard let newline = memchr(base + start, 0x0A, count - start) else {
        append(UnsafeBufferPointer(rebasing: bytes[start...]))
        return
      }
      let end = UnsafeRawPointer(newline).assumingMemoryBound(to: UInt8.self) - base
      if carry.isEmpty && !overflowing {
        // The whole line is inside this chunk.
        var lineEnd = end
        if lineEnd > start && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        lineCount += 1
        emitWhole(UnsafeBufferPointer(rebasing: bytes[start..<lineEnd]), number: lineCount, emit)
      } else {
        append(UnsafeBufferPointer(rebasing: bytes[start..<end]))
        endCarriedLine(emit)
      }
      start = end + 1
    }
  }

  /// Adds bytes to the line in progress, switching to counting once it is surely too long.
  private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard !bytes.isEmpty else { return }
    lineBytes += bytes.count
    lastByteWasCR = bytes.last == 0x0D
    guard !overflowing else { return }
    // Room for the limit plus a CR that may turn out to precede the LF.
    if carry.count + bytes.count <= maxLineBytes + 1 {
      carry.append(contentsOf: bytes)
    } else {
      overflowing = true
      carry.append(contentsOf: bytes.prefix(max(0, keptPrefixBytes - carry.count)))
      if carry.count > keptPrefixBytes { carry.removeSubrange(keptPrefixBytes...) }
    }
  }

  private mutating func endCarriedLine(_ emit: (Piece) -> Void) {
    lineCount += 1
    if overflowing {
      let total = lineBytes - (lastByteWasCR ? 1 : 0)
      carry.withUnsafeBufferPointer { emit(.tooLong(prefix: $0, totalBytes: total, number: lineCount)) }
    } else {
      if carry.last == 0x0D { carry.removeLast() }
      carry.withUnsafeBufferPointer { emitWhole($0, number: lineCount, emit) }
    }
    resetLine()
  }

  /// Hands out a line held whole: as a line, or as too long when over the limit.
  private func emitWhole(_ line: UnsafeBufferPointer<UInt8>, number: Int, _ emit: (Piece) -> Void) {
    if line.count > maxLineBytes {
      let prefix = UnsafeBufferPointer(rebasing: line.prefix(keptPrefixBytes))
      emit(.tooLong(prefix: prefix, totalBytes: line.count, number: number))
    } else {
      emit(.line(line, number: number))
    }
  }

  private mutating func resetLine() {
    carry.removeAll(keepingCapacity: carry.capacity <= 1 << 16)
    overflowing = false
    lineBytes = 0
    lastByteWasCR = false
  }
}
