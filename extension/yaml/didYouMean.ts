// "Did you mean ...?" for a misspelt name: the closest of the known names, or nothing when
// none is close enough to be a plausible typo. Shared by every rule that reports an unknown name.

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), capped at `max + 1`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2]! + 1);
      row.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** Separators people mix up: `with-items`, `with items` and `With_Items` all mean `with_items`. */
function normalize(name: string): string {
  return name.toLowerCase().replace(/[-\s.]/g, '_');
}

/**
 * The known name the user most plausibly meant, or undefined. A candidate qualifies when it
 * differs only in case or separators, is within a small edit distance (about one edit per
 * four characters), or extends / is extended by the typed name by a whole word (`file` →
 * `filename`). Ties go to the smallest distance, then to the earlier candidate.
 */
export function didYouMean(typed: string, candidates: Iterable<string>): string | undefined {
  const wanted = normalize(typed);
  if (!wanted) return undefined;
  const maxEdits = Math.max(1, Math.floor(wanted.length / 4));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    if (candidate === typed) continue;
    const norm = normalize(candidate);
    let score: number;
    if (norm === wanted) score = 0;
    else {
      const d = editDistance(wanted, norm, maxEdits);
      if (d <= maxEdits) score = d;
      else if (wanted.length >= 3 && (norm.startsWith(wanted) || wanted.startsWith(norm) || norm.endsWith(`_${wanted}`))) score = maxEdits + 0.5 + Math.abs(norm.length - wanted.length) / 100;
      else continue;
    }
    if (score < bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  return best;
}
