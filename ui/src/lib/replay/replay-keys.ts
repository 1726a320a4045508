import { type ReplayAction, type ReplayState, SPEEDS } from './replay-machine.js';

export interface ReplayKey {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  /** The element the key went to: keys typed into a field are never shortcuts. */
  target: { tagName?: string; isContentEditable?: boolean } | null;
}

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/** Whether the key goes to a text field (or a select), where it means what it types. */
export function isTyping(target: ReplayKey['target']): boolean {
  if (!target) return false;
  return TYPING.has((target.tagName ?? '').toUpperCase()) || target.isContentEditable === true;
}

/**
 * Replay shortcuts, only while replay is on (live mode keeps every key): Space play/pause, → / ← one bar
 * forward / back, 1–4 speed presets, Esc or L back to live (Esc also cancels picking a start).
 * Modified keys (Alt: the ticket's shortcuts) and keys typed into fields are left alone.
 */
export function replayKeyAction(e: ReplayKey, mode: ReplayState['mode']): ReplayAction | null {
  if (mode === 'live' || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return null;
  if (e.key === 'Escape') return { type: 'live' };
  if (mode !== 'replay') return null;
  switch (e.key) {
    case ' ':
      return { type: 'toggle' };
    case 'ArrowRight':
      return { type: 'step', delta: 1 };
    case 'ArrowLeft':
      return { type: 'step', delta: -1 };
    case 'l':
    case 'L':
      return { type: 'live' };
    default: {
      const speed = SPEEDS[Number(e.key) - 1];
      return /^[1-4]$/.test(e.key) && speed !== undefined ? { type: 'speed', speed } : null;
    }
  }
}
