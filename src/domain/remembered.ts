// Pure calculations repeat themselves across a caseload: the same calculation date, the same sanction counts,
// ages and point totals. Some of them are costly (exp and ln at 34 digits take tens of microseconds; date-fns
// formatting parses a pattern every call), so those are computed once per distinct argument.

/** Beyond this many entries a remembered function starts afresh, so a long batch cannot grow it without bound. */
const REMEMBERED_LIMIT = 50_000;

/**
 * A pure function that remembers its results by key, giving exactly what computing afresh gives. Results are
 * shared between callers, so they must be immutable (strings, numbers, decimals, frozen records).
 */
export function remembered<K, V>(compute: (key: K) => V): (key: K) => V {
  const results = new Map<K, V>();
  return (key) => {
    let value = results.get(key);
    if (value === undefined) {
      if (results.size >= REMEMBERED_LIMIT) results.clear();
      value = compute(key);
      results.set(key, value);
    }
    return value;
  };
}
