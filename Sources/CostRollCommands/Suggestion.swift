/// "Did you mean" for a mistyped word: the closest of the accepted words, when it is close.
enum Suggestion {
  /// The accepted word within two edits of `word` (the closest; the first of equals), if any.
  static func closest(to word: String, among accepted: [String]) -> String? {
    let scored = accepted.map { ($0, distance(word.lowercased(), $0)) }.filter { $0.1 <= 2 }
    return scored.min { $0.1 < $1.1 }?.0
  }

  /// `"; did you mean 'X'?"`, or nothing.
  static func hint(for word: String, among accepted: [String]) -> String {
    closest(to: word, among: accepted).map { "; did you mean '\($0)'?" } ?? ""
  }

  /// The Levenshtein distance between `a` and `b`.
  static func distance(_ a: String, _ b: String) -> Int {
    let (a, b) = (Array(a), Array(b))
    guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
    var row = Array(0...b.count)
    for i in 1...a.count {
      var diagonal = row[0]
      row[0] = i
      for j in 1...b.count {
        let substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)
        diagonal = row[j]
        row[j] = min(substitution, row[j] + 1, row[j - 1] + 1)
      }
    }
    return row[b.count]
  }
}
