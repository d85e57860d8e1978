#!/usr/bin/env node
// The `huimin` command: runs the compiled CLI (built by `npm install` through the prepare script).
import('../dist/server/cli/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('huimin: the build is missing; run `npm run build` (npm install does it for you).');
    process.exit(1);
  }
  throw error;
});
