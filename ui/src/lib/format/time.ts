/** "14:03:07" in UTC. */
export function clockTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** "3s", "4m 10s", "2h 5m", "3d 4h". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

/** "12s ago" relative to `now`, or "never". */
export function ago(ms: number | null, now: number): string {
  if (ms == null) return 'never';
  return `${duration((now - ms) / 1000)} ago`;
}
