/** Prints bench results as tables, and the change against an earlier run. */
import type { BenchResults } from './harness';
import type { Figure, Target, Unit } from './types';

export function formatValue(value: number | null, unit: Unit): string {
  if (value === null) return '—';
  switch (unit) {
    case 'bytes':
      return value >= 1024 ? `${(value / 1024).toFixed(1)} KB` : `${value} B`;
    case 'ms':
      return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
    case 'ratio':
      return `${value.toFixed(2)}x`;
    case 'usd':
      return `$${value < 0.01 ? value.toFixed(5) : value.toFixed(4)}`;
    case 'per s':
      return `${value.toFixed(1)}/s`;
    case 'units':
      return `${+value.toFixed(3)}`;
    case 'flag':
      return value ? 'yes' : 'no';
    default:
      return String(+value.toFixed(2));
  }
}

function formatTarget(target: Target | undefined, unit: Unit): string {
  if (!target) return '';
  if (target.equal !== undefined) return `= ${formatValue(target.equal, unit)}`;
  if (target.max !== undefined) return `<= ${formatValue(target.max, unit)}`;
  if (target.min !== undefined) return `>= ${formatValue(target.min, unit)}`;
  return '';
}

const columns = ['Figure', 'Value', 'Target', 'Ratio', 'Verdict', 'Detail'] as const;

function rows(figures: Figure[]): string[][] {
  return figures.map((f) => [
    f.label,
    formatValue(f.value, f.unit),
    formatTarget(f.target, f.unit),
    f.ratio === undefined ? '' : f.ratio === Infinity ? '∞' : f.ratio.toFixed(Math.abs(f.ratio - 1) < 0.005 ? 3 : 2),
    f.verdict,
    f.detail ?? '',
  ]);
}

function table(header: readonly string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (i === header.length - 1 ? 0 : r[i]!.length))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

export function formatResults(results: BenchResults): string {
  const out: string[] = [
    `Common Ground bench (${results.mode}) ${results.startedAt}: ${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node}, ${(results.ms / 1000).toFixed(0)} s`,
  ];
  for (const s of results.sections) {
    out.push('', `## ${s.title}  (${(s.ms / 1000).toFixed(1)} s)`);
    if (s.figures.length) out.push(table(columns, rows(s.figures)));
    for (const note of s.notes) out.push(`  note: ${note}`);
    if (s.error) out.push(`  ERROR: ${s.error}`);
  }
  const all = results.sections.flatMap((s) => s.figures);
  const count = (v: Figure['verdict']) => all.filter((f) => f.verdict === v).length;
  const errors = results.sections.filter((s) => s.error).length;
  out.push('', `Summary: ${count('PASS')} PASS, ${count('OVER')} OVER, ${count('NOT BUILT')} not built yet, ${count('TODO')} TODO, ${errors} section error(s).`);
  return out.join('\n');
}

/** The change of every figure that has a number in both runs. */
export function formatComparison(before: BenchResults, after: BenchResults): string {
  const old = new Map(before.sections.flatMap((s) => s.figures).map((f) => [f.key, f]));
  const body: string[][] = [];
  for (const s of after.sections) {
    for (const f of s.figures) {
      const o = old.get(f.key);
      if (!o || o.value === null || f.value === null) continue;
      const change = o.value === 0 ? (f.value === 0 ? 0 : Infinity) : (f.value - o.value) / Math.abs(o.value);
      const verdict = o.verdict === f.verdict ? f.verdict : `${o.verdict} → ${f.verdict}`;
      body.push([f.label, formatValue(o.value, o.unit), formatValue(f.value, f.unit), change === Infinity ? 'new' : `${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)}%`, verdict]);
    }
  }
  const added = after.sections.flatMap((s) => s.figures).filter((f) => !old.has(f.key)).length;
  return [
    `Change against the run of ${before.startedAt} (${before.mode}):`,
    table(['Figure', 'Before', 'Now', 'Change', 'Verdict'], body),
    added ? `${added} figure(s) are new in this run.` : '',
  ].join('\n');
}
