# A 1024-bit prime p with the top two bits set and p ≡ 1 (mod 65537); openssl decides primality.
import secrets, subprocess
E = 65537
lo, hi = 3 << 1022, 1 << 1024
while True:
    m = secrets.randbelow((hi - lo) // (2 * E)) + lo // (2 * E) + 1
    p = 1 + 2 * E * m
    if not (lo <= p < hi):
        continue
    if any(p % s == 0 for s in (3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)):
        continue
    out = subprocess.run(["openssl", "prime", "-checks", "64", str(p)], capture_output=True, text=True).stdout
    if "is prime" in out:
        print(format(p, "x"))
        break
