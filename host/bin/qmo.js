#!/usr/bin/env node
// The `qmo` command: runs the built CLI (npm run build first).
import '../dist/cli.js';
