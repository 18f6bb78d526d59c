// Package auth holds Plantel's password handling (PRODUCT.md F1.3): argon2id hashing in PHC
// string format with parameter upgrades on sign-in, the administrator-set password policy
// (NIST SP 800-63B-4 defaults) and its live check, the shipped block list of common and
// breached passwords, and a generator of random policy-compliant passwords.
//
// Passwords are normalised to Unicode NFKC before they are hashed, verified, measured or looked
// up (see NormalizePassword), so the same password typed on different keyboards or input
// methods always gives the same result. The package has no Wails or database dependency.
package auth
