// Usernames are unique after trimming, Unicode NFKC and lower-casing, the folding
// emails get: the full-width `ａdmin1` is `admin1`, not a look-alike second account.

export function normalizeUsername(username: string): string {
  return username.trim().normalize('NFKC').toLowerCase();
}
