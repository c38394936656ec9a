#!/usr/bin/awk -f
# Turns `go test -bench` output into `bench: <name> = <number> <unit>` lines:
# the median of the -count runs of each custom metric, plus ratios that
# compare a figure with the baseline measured in the same run.
function median(list,    n, a, i, j, t) {
  n = split(list, a, " ")
  for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
/^Benchmark/ {
  name = $1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
  for (i = 3; i < NF; i += 2) if ($(i + 1) !~ /^(ns|B|allocs)\/op$/) samples[name SUBSEP $(i + 1)] = samples[name SUBSEP $(i + 1)] " " $i
}
END {
  for (k in samples) {
    split(k, p, SUBSEP); m = median(samples[k]); med[p[1]] = m
    printf "bench: %s = %.1f %s\n", p[1], m, p[2]
  }
  if (("PasswordHash/default" in med) && med["PasswordHash/owasp_minimum"] > 0)
    printf "bench: accounts.hash_ratio_vs_owasp_minimum = %.2f x\n", med["PasswordHash/default"] / med["PasswordHash/owasp_minimum"]
}
