import Foundation
import Glibc

/// Wall and CPU time of an in-process stage.
struct StageTimer {
  struct Measurement: Equatable {
    var wallSeconds: Double
    var cpuSeconds: Double

    /// Two stages run one after the other.
    static func + (first: Measurement, second: Measurement) -> Measurement {
      Measurement(wallSeconds: first.wallSeconds + second.wallSeconds, cpuSeconds: first.cpuSeconds + second.cpuSeconds)
    }
  }

  static func cpuNow() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
      + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
  }

  /// Runs `body` and measures it.
  static func measure<T>(_ body: () throws -> T) rethrows -> (T, Measurement) {
    let cpu = cpuNow()
    let start = Date()
    let value = try body()
    return (value, Measurement(wallSeconds: Date().timeIntervalSince(start), cpuSeconds: cpuNow() - cpu))
  }
}
