/// What one call into a deflate engine achieved.
enum MemberProgress {
  /// All input was used; the member goes on.
  case needsInput
  /// The member (its trailer checked) ended after `consumed` bytes.
  case memberEnded
  /// The data is damaged: header, deflate data, CRC or length.
  case damaged(String)
}

/// One gzip member's decompression engine: zlib by default, ISA-L behind the `ISAL` trait.
/// `GzipInflater` handles the member boundaries around it.
protocol MemberInflater: AnyObject {
  /// Prepares for a new member.
  func reset()
  /// Decompresses from `input` into `output`, handing out each filled piece; returns the bytes
  /// consumed and what happened.
  func inflate(
    _ input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void
  ) -> (consumed: Int, progress: MemberProgress)
}
