/// Ingesting straight into dedup's shards: the one-off run's first stage.
extension SourceIngester {
  /// Reads `source`; its valid events go to `shards` and their lines are offered to `lines`; its
  /// rejections go to `rejects` when given, and only the first `keptRejections` stay in the
  /// result. `pipelined` decompresses on a thread of its own (`PipelinedLineReader`).
  public static func ingest(
    _ source: InputSource, into shards: EventShards.Writer, lines: LineSpool.Writer,
    rejects: (any RejectionSink)? = nil, keptRejections: Int = .max, pipelined: Bool = false
  ) throws(CostRollError) -> SourceResult {
    // Each event goes into its shard record straight from the line, without a `CostEvent`,
    // with its line's hash; the line itself is kept only if its id may have come before.
    let result = try read(source, pipelined: pipelined, rejects: rejects, keptRejections: keptRejections) {
      event, number, line throws(CostRollError) in
      let (idHash, lineHash) = (IDHash.of(event), LineHash.of(line))
      try shards.add(event, idHash: idHash, line: number, lineHash: lineHash)
      try lines.offer(line, number: number, of: event, idHash: idHash, lineHash: lineHash)
    }
    try shards.close()
    try lines.close()
    return result
  }
}
