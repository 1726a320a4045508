/** Keyboard shortcuts of the order ticket: every order action needs a modifier, never a bare letter. */
export type TicketAction = 'buy' | 'sell' | 'submit' | 'close';

export interface KeyLike {
  key: string;
  code: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}

/**
 * Alt+B buy, Alt+S sell (open the confirmation), Alt+Enter submit from the confirmation, Escape close.
 * Matches the physical key (`code`): on macOS Alt+B types "∫". Ctrl/Meta combinations (AltGr on
 * Windows is Ctrl+Alt) are left alone.
 */
export function ticketAction(e: KeyLike): TicketAction | null {
  if (e.key === 'Escape' && !e.altKey && !e.ctrlKey && !e.metaKey) return 'close';
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
  if (e.code === 'KeyB') return 'buy';
  if (e.code === 'KeyS') return 'sell';
  if (e.key === 'Enter' || e.code === 'Enter' || e.code === 'NumpadEnter') return 'submit';
  return null;
}
