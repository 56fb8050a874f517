import CostRollTestSupport
import Foundation
import Testing

@testable import CostRoll

/// Hour buckets in every zone of the tz database, over a year: `bucket_start` is the local wall
/// time of the bucket's first instant with the offset in force then, also where the offset moves
/// by 30 minutes or off the hour, and two buckets never share a label. Checked against Python's
/// zoneinfo (`Fixtures/hour_labels.py`), an independent reading of the same tz database.
@Suite struct HourBucketTests {
  @Test func everyZoneOverAYearAgreesWithZoneinfo() throws {
    let scratch = ScratchDirectory()
    let zones = TimeZone.knownTimeZoneIdentifiers.sorted()
    let list = scratch.write("zones.txt", zones.joined(separator: "\n") + "\n")
    let script = Repository.fixtures(of: "CostRollTests").appendingPathComponent("hour_labels.py").path
    let reference = try ChildOutput.run("python3", [script, "2026", list])
    try #require(reference.status == 0, "python3 with zoneinfo must be on PATH: \(reference.errors)")
    var calendar: BucketCalendar?
    var (zoneCount, instantCount, mismatches) = (0, 0, [String]())
    var labelOf: [Bucket: String] = [:]
    var bucketOf: [String: Bucket] = [:]
    for line in reference.output.split(separator: "\n") {
      if line.hasPrefix("zone ") {
        let name = String(line.dropFirst(5))
        calendar = BucketCalendar(size: .hour, zone: TimeZone(identifier: name)!, zoneName: name)
        (labelOf, bucketOf) = ([:], [:])
        zoneCount += 1
        continue
      }
      let parts = line.split(separator: " ")
      let bucket = calendar!.bucket(for: Instant(seconds: Int64(parts[0])!))
      let label = calendar!.label(bucket)
      instantCount += 1
      // UTC itself says `Z`; the reference always writes the offset.
      let expected = calendar!.isUTC ? String(parts[1]).replacingOccurrences(of: "+00:00", with: "Z") : String(parts[1])
      if label != expected && mismatches.count < 20 {
        mismatches.append("\(calendar!.zone.identifier) \(line): \(label)")
      }
      // One label per bucket, one bucket per label.
      if labelOf[bucket, default: label] != label || bucketOf[label, default: bucket] != bucket {
        mismatches.append("\(calendar!.zone.identifier) \(line): label shared by two buckets")
      }
      (labelOf[bucket], bucketOf[label]) = (label, bucket)
    }
    #expect(zoneCount > 300, "zones checked: \(zoneCount)")
    #expect(instantCount > zoneCount * 700)
    #expect(mismatches == [])
  }
}
