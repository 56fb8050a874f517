/// The record format of the output spools (`RejectSpool`, `ConflictSpool`): an `Int64` sort
/// key, a `UInt32` byte count and the bytes (an output file's line), native order. A spool file
/// holds its records in key order; files are merged by key into one output.
enum SpooledRecords {
  /// About how many bytes are read or handed on at a time.
  static let pieceBytes = 1 << 20

  /// Appends the record of `bytes` with `key` to `buffer`.
  static func append(_ bytes: [UInt8], key: Int64, to buffer: inout [UInt8]) {
    withUnsafeBytes(of: key) { buffer.append(contentsOf: $0) }
    withUnsafeBytes(of: UInt32(bytes.count)) { buffer.append(contentsOf: $0) }
    buffer.append(contentsOf: bytes)
  }

  /// Appends the records' bytes of the files at `paths`, each in key order, to `out` in key
  /// order (equal keys in file order), handing `out` to `emit` whenever it holds `pieceBytes`.
  static func merge(
    _ paths: [String], into out: inout [UInt8], emit: ([UInt8]) throws(CostRollError) -> Void
  ) throws(CostRollError) {
    let readers = try paths.map { (path) throws(CostRollError) in try Reader(file: SpoolFile(path: path)) }
    // The next record is always the smallest key among the files' next records.
    while let next = readers.min(by: { ($0.key ?? .max) < ($1.key ?? .max) }), next.key != nil {
      try next.appendRecord(to: &out)
      if out.count >= pieceBytes {
        try emit(out)
        out.removeAll(keepingCapacity: true)
      }
    }
  }

  /// Reads one spool file record by record, a piece of about 1 MiB at a time.
  private final class Reader {
    private let file: SpoolFile
    private var offset = 0
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    /// The next record's key; `nil` once every record was read.
    private(set) var key: Int64?

    init(file: SpoolFile) throws(CostRollError) {
      self.file = file
      try readHeader()
    }

    /// Appends the next record's bytes to `out` and moves to the record after.
    func appendRecord(to out: inout [UInt8]) throws(CostRollError) {
      let count = Int(load(UInt32.self, at: position + 8))
      position += 12
      try fill(count)
      out.append(contentsOf: buffer[position..<(position + count)])
      position += count
      try readHeader()
    }

    private func readHeader() throws(CostRollError) {
      try fill(12)
      key = buffer.count - position >= 12 ? load(Int64.self, at: position) : nil
    }

    private func load<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
      buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
    }

    /// Makes at least `count` unread bytes available, unless the file ends first.
    private func fill(_ count: Int) throws(CostRollError) {
      while buffer.count - position < count && !atEnd {
        let piece = try file.read(
          at: offset, count: max(SpooledRecords.pieceBytes, count - (buffer.count - position)), allowShort: true)
        offset += piece.count
        atEnd = piece.isEmpty
        buffer.removeSubrange(0..<position)
        position = 0
        buffer += piece
      }
    }
  }
}
