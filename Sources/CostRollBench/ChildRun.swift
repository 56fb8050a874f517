import Foundation
import Glibc

/// One child process run: wall time, CPU time and peak memory from `wait4`, and its output.
struct ChildRun {
  var wallSeconds: Double
  var cpuSeconds: Double
  /// The part of `cpuSeconds` spent in the kernel (page faults, page-cache writes, reads).
  var systemSeconds: Double
  var peakMegabytes: Double
  var status: Int32
  var standardOutput: String

  /// Runs `arguments[0]` with the rest as arguments, capturing stdout (stderr passes through).
  static func run(_ arguments: [String]) throws -> ChildRun {
    var pipeFDs: [Int32] = [0, 0]
    guard pipe(&pipeFDs) == 0 else { throw BenchError("pipe failed") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
    posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
    defer { posix_spawn_file_actions_destroy(&actions) }
    let argv = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let start = Date()
    let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ)
    close(pipeFDs[1])
    guard spawned == 0 else { throw BenchError("cannot start \(arguments[0]): \(String(cString: strerror(spawned)))") }
    let output = FileHandle(fileDescriptor: pipeFDs[0], closeOnDealloc: true).readDataToEndOfFile()
    var status: Int32 = 0
    var usage = rusage()
    _ = wait4(pid, &status, 0, &usage)
    let wall = Date().timeIntervalSince(start)
    let cpu =
      Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
      + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    return ChildRun(
      wallSeconds: wall, cpuSeconds: cpu, systemSeconds: system, peakMegabytes: Double(usage.ru_maxrss) / 1024,
      status: (status >> 8) & 0xFF, standardOutput: String(decoding: output, as: UTF8.self))
  }
}

extension ChildRun {
  /// This run and `next`, one after the other: times added, the larger peak.
  func followed(by next: ChildRun) -> ChildRun {
    ChildRun(
      wallSeconds: wallSeconds + next.wallSeconds, cpuSeconds: cpuSeconds + next.cpuSeconds,
      systemSeconds: systemSeconds + next.systemSeconds, peakMegabytes: max(peakMegabytes, next.peakMegabytes),
      status: max(status, next.status), standardOutput: standardOutput + next.standardOutput)
  }
}

struct BenchError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
