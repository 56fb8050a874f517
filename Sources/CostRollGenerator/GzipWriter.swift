import CZlib

/// Compresses bytes into one gzip member with the system zlib (for generated data and tests).
public enum GzipWriter {
  /// One complete gzip member holding `bytes`.
  public static func member(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
    var stream = z_stream()
    let initResult = deflateInit2_(
      &stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    precondition(initResult == Z_OK, "zlib deflateInit2 failed: \(initResult)")
    defer { deflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 32)
    var input = bytes
    let produced = input.withUnsafeMutableBufferPointer { inBuffer in
      output.withUnsafeMutableBufferPointer { outBuffer in
        stream.next_in = inBuffer.baseAddress
        stream.avail_in = uInt(inBuffer.count)
        stream.next_out = outBuffer.baseAddress
        stream.avail_out = uInt(outBuffer.count)
        let result = deflate(&stream, Z_FINISH)
        precondition(result == Z_STREAM_END, "zlib deflate did not finish: \(result)")
        return outBuffer.count - Int(stream.avail_out)
      }
    }
    return Array(output[0..<produced])
  }
}
