import Testing

@testable import CostRoll

/// What the splitter handed out, copied so it outlives the callback.
enum SplitPiece: Equatable {
  case line(String, Int)
  case tooLong(prefixBytes: Int, total: Int, number: Int)
  case truncated(String, Int)
}

func split(_ bytes: [UInt8], chunkSizes: [Int], damaged: Bool = false, max: Int = 1_048_576, kept: Int = 65_536)
  -> [SplitPiece]
{
  var splitter = LineSplitter(maxLineBytes: max, keptPrefixBytes: kept)
  var pieces: [SplitPiece] = []
  func record(_ piece: LineSplitter.Piece) {
    switch piece {
    case .line(let b, let n): pieces.append(.line(String(decoding: b, as: UTF8.self), n))
    case .tooLong(let p, let t, let n): pieces.append(.tooLong(prefixBytes: p.count, total: t, number: n))
    case .truncated(let p, _, let n): pieces.append(.truncated(String(decoding: p, as: UTF8.self), n))
    }
  }
  var offset = 0
  var sizeIndex = 0
  while offset < bytes.count {
    let size = Swift.min(chunkSizes[sizeIndex % chunkSizes.count], bytes.count - offset)
    sizeIndex += 1
    bytes[offset..<(offset + size)].withUnsafeBytes { splitter.feed($0, record) }
    offset += size
  }
  splitter.finish(damaged: damaged, record)
  return pieces
}

@Suite struct LineSplitterTests {
  let text = Array("\u{FEFF}{\"a\":1}\r\n\r\n  \n\u{FEFF}x\r\ny\rz\nlast".utf8)
  let expected: [SplitPiece] = [
    .line("{\"a\":1}", 1), .line("", 2), .line("  ", 3), .line("\u{FEFF}x", 4), .line("y\rz", 5), .line("last", 6),
  ]

  @Test func splitsLinesDropsCRBeforeLFAndBOMOnlyAtByteZero() {
    #expect(split(text, chunkSizes: [1 << 20]) == expected)
  }

  @Test func sameLinesWhateverTheChunking() {
    for cut in 1...text.count {
      #expect(split(text, chunkSizes: [cut, 1 << 20]) == expected, "first chunk \(cut) bytes")
    }
    #expect(split(text, chunkSizes: [1]) == expected)
    #expect(split(text, chunkSizes: [2, 3]) == expected)
  }

  @Test func finalNewlineAddsNoLine() {
    #expect(split(Array("a\nb\n".utf8), chunkSizes: [1]) == [.line("a", 1), .line("b", 2)])
    #expect(split([], chunkSizes: [1]) == [])
    #expect(split(Array("\n".utf8), chunkSizes: [1]) == [.line("", 1)])
    // An incomplete byte-order mark is data.
    #expect(
      split([0xEF, 0xBB], chunkSizes: [1]) == [.line(String(decoding: [0xEF, 0xBB] as [UInt8], as: UTF8.self), 1)])
  }

  @Test func damagedStreamMakesTheTailTruncated() {
    #expect(split(Array("a\nhal".utf8), chunkSizes: [2], damaged: true) == [.line("a", 1), .truncated("hal", 2)])
    #expect(split(Array("a\n".utf8), chunkSizes: [2], damaged: true) == [.line("a", 1)])
  }

  @Test func longLinesAreCountedNotHeld() {
    // Limit 10, keep 4: an 11-byte line is too long, a 10-byte line with CR is not.
    let input = Array("0123456789\r\n0123456789A\nok\n0123456789ABCDEF\r\n".utf8)
    let expected: [SplitPiece] = [
      .line("0123456789", 1), .tooLong(prefixBytes: 4, total: 11, number: 2), .line("ok", 3),
      .tooLong(prefixBytes: 4, total: 16, number: 4),
    ]
    for size in 1...input.count {
      #expect(split(input, chunkSizes: [size], max: 10, kept: 4) == expected, "chunks of \(size)")
    }
  }
}
