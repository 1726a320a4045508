import { describe, expect, it } from 'vitest';
import { newClientOrderId } from './client-order-id.js';
import { type KeyLike, ticketAction } from './keys.js';

const key = (over: Partial<KeyLike>): KeyLike => ({
  key: '',
  code: '',
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...over,
});

describe('ticket shortcuts', () => {
  it('needs Alt for every order action', () => {
    expect(ticketAction(key({ key: 'b', code: 'KeyB' }))).toBeNull();
    expect(ticketAction(key({ key: 's', code: 'KeyS' }))).toBeNull();
    expect(ticketAction(key({ key: 'Enter', code: 'Enter' }))).toBeNull();
    expect(ticketAction(key({ key: '∫', code: 'KeyB', altKey: true }))).toBe('buy');
    expect(ticketAction(key({ key: 'ß', code: 'KeyS', altKey: true }))).toBe('sell');
    expect(ticketAction(key({ key: 'Enter', code: 'Enter', altKey: true }))).toBe('submit');
    expect(ticketAction(key({ key: 'Enter', code: 'NumpadEnter', altKey: true }))).toBe('submit');
  });

  it('leaves AltGr and other combinations alone', () => {
    expect(ticketAction(key({ key: 'b', code: 'KeyB', altKey: true, ctrlKey: true }))).toBeNull();
    expect(ticketAction(key({ key: 'B', code: 'KeyB', altKey: true, shiftKey: true }))).toBeNull();
    expect(ticketAction(key({ key: 'b', code: 'KeyB', altKey: true, metaKey: true }))).toBeNull();
  });

  it('closes with Escape', () => {
    expect(ticketAction(key({ key: 'Escape', code: 'Escape' }))).toBe('close');
  });
});

describe('client order ids', () => {
  it('are UUID v4 and unique', () => {
    const a = newClientOrderId();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newClientOrderId()).not.toBe(a);
  });
});
