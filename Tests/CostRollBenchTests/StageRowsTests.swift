import Testing

@testable import costroll_bench

/// The stage table's rows: the stages that read the files are each one run of everything up to
/// them, so no row counts decompress + split twice; dedup and the sort add to the decode run.
@Suite struct StageRowsTests {
  @Test func eachRowCountsEveryStageOnce() {
    func time(_ seconds: Double) -> StageTimer.Measurement {
      StageTimer.Measurement(wallSeconds: seconds, cpuSeconds: seconds * 2)
    }
    let rows = StageBench.stageRows(split: time(4), scan: time(5), decode: time(8), dedup: time(1.5), table: time(0.5))
    #expect(
      rows.map(\.name) == [
        "decompress + split", "+ JSON grammar (strict scan)", "+ fields, validate, shard",
        "+ dedup and aggregate (sharded)", "+ sort rows into the table",
      ])
    #expect(rows.map(\.time) == [time(4), time(5), time(8), time(9.5), time(10)])
  }
}
