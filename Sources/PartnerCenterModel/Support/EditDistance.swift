/// "Did you mean" suggestions: the closest candidate by Levenshtein distance, ignoring case. Used by the manifest
/// validator (keys, values, roles) and by `--customer` (the domains the manifests name).
package enum EditDistance {
    /// The candidate closest to `word`, when it is close enough to be a plausible typo (distance 1 for words of up
    /// to 3 letters, else up to a third of the word, at least 2, at most 4).
    package static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let target = Array(word.lowercased().unicodeScalars)
        guard !target.isEmpty, target.count <= 200 else { return nil }
        let limit = target.count <= 3 ? 1 : min(4, max(2, target.count / 3))
        var best: (String, Int)? = nil
        for candidate in candidates {
            let other = Array(candidate.lowercased().unicodeScalars)
            guard abs(other.count - target.count) <= limit else { continue }
            let distance = levenshtein(target, other)
            if distance <= limit, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        return best?.0
    }

    /// Up to `count` candidates nearest to `word`, nearest first (ties in the candidates' order), however far: for
    /// "the closest are …" when a name matches nothing.
    package static func nearest(to word: String, in candidates: [String], count: Int) -> [String] {
        let target = Array(word.lowercased().unicodeScalars)
        let ranked = candidates.enumerated().map { index, candidate in
            (candidate, levenshtein(target, Array(candidate.lowercased().unicodeScalars)), index)
        }
        return ranked.sorted { ($0.1, $0.2) < ($1.1, $1.2) }.prefix(count).map(\.0)
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions
    /// (`emial` → `email` is 1).
    package static func levenshtein(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = Array(repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
