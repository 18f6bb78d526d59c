#!/usr/bin/env node
// Regenerates the common-password block list embedded by backend/auth:
//
//   backend/auth/blocklist/common-passwords.txt.gz  (gzip'd, one password a line)
//   backend/auth/blocklist/SOURCE.md                (where it came from)
//   backend/auth/blocklist/LICENSE.txt              (the package's MIT licence, kept with the data)
//
// Usage: node scripts/gen-blocklist.mjs [version]
//
// The list is the "passwords" dictionary of the npm package @zxcvbn-ts/language-common
// (the zxcvbn project's list of common and breached passwords, by frequency). The package is
// installed into a temporary directory with npm and removed afterwards; nothing else is needed.
// The version is pinned below so that a run regenerates the same list: every entry is
// NFKC-normalised and lower-cased (as backend/auth compares them), blank lines dropped,
// duplicates removed, and the result sorted by UTF-8 byte order (the order Go's sort uses).
// The uncompressed text's SHA-256 is written to SOURCE.md so a rerun can be checked.

import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const PKG = '@zxcvbn-ts/language-common'
const DEFAULT_VERSION = '4.1.3'

const version = process.argv[2] ?? DEFAULT_VERSION
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..')
const outDir = join(repoRoot, 'backend', 'auth', 'blocklist')

const tmp = mkdtempSync(join(tmpdir(), 'plantel-blocklist-'))
try {
  execFileSync(
    'npm',
    ['install', '--prefix', tmp, '--ignore-scripts', '--no-audit', '--no-fund',
      '--no-save', '--no-package-lock', `${PKG}@${version}`],
    { stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' },
  )
  const pkgDir = join(tmp, 'node_modules', ...PKG.split('/'))
  const meta = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
  const raw = JSON.parse(readFileSync(join(pkgDir, 'src', 'passwords.json'), 'utf8'))
  if (!Array.isArray(raw)) throw new Error('src/passwords.json is not an array')

  const entries = new Set()
  for (const item of raw) {
    const pw = String(item).normalize('NFKC').toLowerCase()
    if (pw.trim() === '' || /[\r\n]/.test(pw)) continue
    entries.add(pw)
  }
  const sorted = [...entries]
    .map((s) => Buffer.from(s, 'utf8'))
    .sort(Buffer.compare)
    .map((b) => b.toString('utf8'))
  const text = sorted.join('\n') + '\n'
  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex')

  writeFileSync(join(outDir, 'common-passwords.txt.gz'), gzipSync(Buffer.from(text, 'utf8'), { level: 9 }))
  writeFileSync(join(outDir, 'LICENSE.txt'), readFileSync(join(pkgDir, 'LICENSE.txt')))
  writeFileSync(join(outDir, 'SOURCE.md'), sourceDoc({ meta, rawCount: raw.length, count: sorted.length, sha256 }))
  console.log(`${PKG}@${meta.version} (${meta.license}): ${raw.length} entries in, ${sorted.length} written`)
  console.log(`sha256 of the uncompressed list: ${sha256}`)
} finally {
  rmSync(tmp, { recursive: true, force: true })
}

function sourceDoc({ meta, rawCount, count, sha256 }) {
  return `# Common-password block list

\`common-passwords.txt.gz\` is embedded into the Go build by \`backend/auth/blocklist.go\` and
used by the password policy (PRODUCT.md F1.3: rejection of common and breached passwords).
Do not edit it by hand: regenerate it with \`node scripts/gen-blocklist.mjs\`, which also
rewrites this file.

| | |
|---|---|
| package | \`${meta.name}\` (npm) |
| version | ${meta.version} |
| licence | ${meta.license}: see \`LICENSE.txt\` beside this file (copied from the package) |
| file in the package | \`src/passwords.json\` (the \`passwords-common\` dictionary) |
| entries in the package | ${rawCount} |
| entries in the block list | ${count} |
| SHA-256 of the uncompressed list | \`${sha256}\` |

The dictionary is the zxcvbn project's frequency-ordered list of common passwords, compiled
from breached password sets. The generator NFKC-normalises and lower-cases every entry (as
\`backend/auth\` does with a password before looking it up), drops blank entries, removes
duplicates and sorts by UTF-8 byte order, so the uncompressed text is reproducible from the
package version; the gzip bytes may differ between Node versions (zlib builds differ), the
SHA-256 above must not.
`
}
