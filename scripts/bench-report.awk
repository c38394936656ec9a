#!/usr/bin/awk -f
# Turns `go test -bench` output into `bench: <name> = <number> <unit>` lines:
# the median of the -count runs of each custom metric, under the names the
# issues use, plus ratios against a baseline measured in the same run. A
# benchmark reporting several custom metrics (a figure and its baseline
# measured in one loop) has each under <benchmark>/<what its unit is per>:
# BenchmarkUnlock's "ms/sign_in" is Unlock/sign_in.
function median(list,    n, a, i, j, t) {
  n = split(list, a, " ")
  for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
BEGIN {
  name["PasswordHash/default"] = "accounts.hash_ms"
  name["PasswordHash/owasp_minimum"] = "accounts.hash_owasp_minimum_ms"
  name["ChangePassword10k"] = "accounts.change_password_10k_ms"
  name["List/cold_10k"] = "vault.list10k_cold_ms"
  name["List/warm_10k"] = "vault.list10k_ms"
  name["List/search_one_10k"] = "vault.search10k_ms"
  name["List/warm_100"] = "vault.list100_ms"
  name["Unlock/sign_in"] = "vault.unlock_ms"
  name["Unlock/one_hash"] = "vault.unlock_one_hash_ms"
  name["ProfileUpdate/update"] = "profile.update_ms"
  name["ProfileUpdate/raw_put"] = "store.raw_put_ms"
  name["Avatar/webview_512"] = "avatar.webview512_ms"
  name["Avatar/webview_1024"] = "avatar.webview1024_ms"
  name["Avatar/photo_12mp"] = "avatar.photo12mp_ms"
  name["AvatarMemory/peak_12mp"] = "avatar.peak12mp_mib"; unit["AvatarMemory/peak_12mp"] = "MiB"
  name["AvatarMemory/peak_worst"] = "avatar.peak_worst_accepted_mib"; unit["AvatarMemory/peak_worst"] = "MiB"
  name["Sync/flush1000"] = "sync.flush1000_ms"
  name["Sync/one_change"] = "sync.one_change_ms"
  name["VaultImport/import"] = "sync.vault_import1000_ms"
  name["VaultImport/fetch"] = "sync.vault_fetch1000_ms"
  name["VaultImport/list"] = "vault.list1000_ms"
  name["Compact/compact_100MiB"] = "store.compact100mib_ms"
  name["Compact/copy_100MiB"] = "store.copy100mib_ms"
  name["Compact/size_before_100MiB"] = "store.compact100mib_before_mib"; unit["Compact/size_before_100MiB"] = "MiB"
  name["Compact/size_after_100MiB"] = "store.compact100mib_after_mib"; unit["Compact/size_after_100MiB"] = "MiB"
  name["CompactOnDeleteAccount/delete_10MiB"] = "accounts.delete10mib_ms"
  name["CompactOnDeleteAccount/copy_10MiB"] = "store.copy10mib_ms"
  name["CompactOnDeleteAccount/delete_100MiB"] = "accounts.delete100mib_ms"
  name["CompactOnDeleteAccount/copy_100MiB"] = "store.copy100mib_plain_ms"
  name["EraseOnVaultDelete/delete_10MiB"] = "vault.delete10mib_ms"
  name["EraseOnVaultDelete/raw_delete_10MiB"] = "store.raw_delete10mib_ms"
  name["EraseOnVaultDelete/delete_100MiB"] = "vault.delete100mib_ms"
  name["EraseOnVaultDelete/raw_delete_100MiB"] = "store.raw_delete100mib_ms"
}
/^Benchmark/ {
  bench = $1; sub(/-[0-9]+$/, "", bench); sub(/^Benchmark/, "", bench)
  custom = 0
  for (i = 3; i < NF; i += 2) if ($(i + 1) !~ /^(ns|B|allocs)\/op$/) custom++
  for (i = 3; i < NF; i += 2) if ($(i + 1) !~ /^(ns|B|allocs)\/op$/) {
    key = bench
    if (custom > 1) { per = $(i + 1); sub(/^[^\/]*\//, "", per); key = bench "/" per }
    samples[key] = samples[key] " " $i
  }
}
END {
  for (b in samples) {
    med[b] = median(samples[b])
    printf "bench: %s = %.1f %s\n", (b in name ? name[b] : b), med[b], (b in unit ? unit[b] : "ms")
  }
  ratio("accounts.hash_ratio_vs_owasp_minimum", "PasswordHash/default", "PasswordHash/owasp_minimum")
  ratio("vault.list10k_ratio_vs_100", "List/warm_10k", "List/warm_100")
  ratio("vault.list10k_ratio_vs_cold", "List/warm_10k", "List/cold_10k")
  ratio("vault.unlock_ratio_vs_one_hash", "Unlock/sign_in", "Unlock/one_hash")
  ratio("profile.update_ratio_vs_raw_put", "ProfileUpdate/update", "ProfileUpdate/raw_put")
  ratio("accounts.change_password_10k_ratio_vs_one_hash", "ChangePassword10k", "PasswordHash/default")
  ratio("avatar.photo12mp_ratio_vs_webview1024", "Avatar/photo_12mp", "Avatar/webview_1024")
  ratio("sync.flush1000_ratio_vs_one_change", "Sync/flush1000", "Sync/one_change")
  ratio("sync.vault_import1000_ratio_vs_list1000", "VaultImport/import", "VaultImport/list")
  ratio("sync.vault_import1000_ratio_vs_fetch1000", "VaultImport/import", "VaultImport/fetch")
  ratio("store.compact100mib_ratio_vs_copy", "Compact/compact_100MiB", "Compact/copy_100MiB")
  ratio("accounts.delete10mib_ratio_vs_copy", "CompactOnDeleteAccount/delete_10MiB", "CompactOnDeleteAccount/copy_10MiB")
  ratio("vault.delete10mib_ratio_vs_raw_delete", "EraseOnVaultDelete/delete_10MiB", "EraseOnVaultDelete/raw_delete_10MiB")
  ratio("vault.delete100mib_ratio_vs_raw_delete", "EraseOnVaultDelete/delete_100MiB", "EraseOnVaultDelete/raw_delete_100MiB")
  ratio("accounts.delete100mib_ratio_vs_copy", "CompactOnDeleteAccount/delete_100MiB", "CompactOnDeleteAccount/copy_100MiB")
}
function ratio(label, a, b) {
  if ((a in med) && (b in med) && med[b] > 0) printf "bench: %s = %.2f x\n", label, med[a] / med[b]
}
