#!/usr/bin/env bash
# The "VS Code executable" given to @vscode/test-electron's runTests({ vscodeExecutablePath }).
# Desktop VS Code (Electron) cannot be downloaded here, so runTests' command line
#   shim.sh [workspace] --no-sandbox ... --extensionTestsPath=T --extensionDevelopmentPath=D ...
# is handed to run-ext-tests.mjs, which runs the tests in the VS Code server of code-server
# (installed by install.sh) through headless Chromium. The exit code is the tests'.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ "${1:-}" = "--version" ]; then
  # Like `code --version`: the VS Code version of the host (read, not run: running the server writes into $HOME).
  exec node --input-type=module -e "
    import { codeServerDir } from '$HERE/host.mjs';
    import fs from 'node:fs';
    console.log(JSON.parse(fs.readFileSync(codeServerDir() + '/lib/vscode/package.json', 'utf8')).version);"
fi
exec node "$HERE/run-ext-tests.mjs" "$@"
