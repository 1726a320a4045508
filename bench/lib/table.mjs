/**
 * A table is `{ title, columns: string[], rows: (string|number)[][], notes?: string[] }`, cells already
 * formatted as text. Rendered as aligned text for the terminal and as GitHub Markdown.
 */

const width = (s) => [...String(s)].length;
const isNumeric = (s) => /^[-+]?[\d,.]+(e[-+]?\d+)?\s*(\S+)?$/i.test(String(s).trim()) || String(s) === '—';

export function renderText(table) {
  const cells = [table.columns, ...table.rows].map((r) => r.map((c) => String(c ?? '')));
  const widths = table.columns.map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  const right = table.columns.map((_, i) => i > 0 && table.rows.every((r) => isNumeric(r[i] ?? '')));
  const line = (r) =>
    r
      .map((c, i) => {
        const pad = ' '.repeat(Math.max(0, widths[i] - width(c)));
        return right[i] ? pad + c : c + pad;
      })
      .join('  ')
      .trimEnd();
  const out = [];
  if (table.title) out.push(table.title, '='.repeat(width(table.title)));
  out.push(line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) out.push(line(r));
  for (const note of table.notes ?? []) out.push(`  * ${note}`);
  return out.join('\n');
}

const escapeMd = (s) => String(s ?? '').replace(/\|/g, '\\|');

export function renderMarkdown(table, heading = '###') {
  const right = table.columns.map((_, i) => i > 0 && table.rows.every((r) => isNumeric(r[i] ?? '')));
  const out = [];
  if (table.title) out.push(`${heading} ${table.title}`, '');
  out.push(`| ${table.columns.map(escapeMd).join(' | ')} |`);
  out.push(`| ${right.map((r) => (r ? '---:' : '---')).join(' | ')} |`);
  for (const r of table.rows) out.push(`| ${r.map(escapeMd).join(' | ')} |`);
  if (table.notes?.length) {
    out.push('');
    for (const note of table.notes) out.push(`- ${note}`);
  }
  return out.join('\n');
}
