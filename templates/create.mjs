#!/usr/bin/env node
// Creates a plugin package from a template: `npm run new -- <kind> <id> [--dir <folder>] [--no-install]`.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const KINDS = readdirSync(here).filter((f) => statSync(join(here, f)).isDirectory());

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { dir: { type: 'string' }, 'no-install': { type: 'boolean' }, name: { type: 'string' } },
});
const [kind, id] = positionals;
const fail = (message) => {
  process.stderr.write(`${message}\nUsage: npm run new -- <kind> <id>   (kinds: ${KINDS.join(', ')})\n`);
  process.exit(1);
};
if (!kind || !KINDS.includes(kind)) fail(kind ? `no template for kind "${kind}"` : 'missing kind');
if (!id || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id))
  fail(id ? `plugin id "${id}" must be kebab-case, e.g. "my-indicator"` : 'missing id');

const target = resolve(values.dir ?? join(root, 'plugins'), id);
if (existsSync(target)) fail(`${target} already exists`);

const words = id.split('-');
const name = values.name ?? words.map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
const camel =
  words[0] +
  words
    .slice(1)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
const replacements = { __PACKAGE__: `@qmo/plugin-${id}`, __ID__: id, __NAME__: name, __CAMEL__: camel };
const fill = (text) => Object.entries(replacements).reduce((t, [k, v]) => t.replaceAll(k, v), text);

cpSync(join(here, kind), target, { recursive: true });
const walk = (dir) => {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      walk(path);
      continue;
    }
    writeFileSync(path, fill(readFileSync(path, 'utf8')));
    const renamed = join(dir, fill(entry).replace(/\.tmpl$/, ''));
    if (renamed !== path) renameSync(path, renamed);
  }
};
walk(target);
process.stdout.write(`created ${kind} plugin "${id}" in ${target}\n`);

if (!values['no-install'] && target.startsWith(join(root, 'plugins'))) {
  // Registers the new workspace in the lockfile; everything it needs is already installed.
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
process.stdout.write(`next: cd ${target} && npm run build && npm test — then npm start loads it\n`);
