import { describe, expect, it } from 'vitest';
import { ADMIN, deskConfig, MENTOR_PLUGINS, signIn, useUiHost } from './fixture.js';

const TIMEOUT = 180_000;

describe('the Mentor panel in the web UI (Chromium)', { timeout: TIMEOUT }, () => {
  const ui = useUiHost({
    timeout: TIMEOUT,
    viewport: { width: 1500, height: 950 },
    admin: ADMIN,
    config: deskConfig(MENTOR_PLUGINS),
    path: '/#/signin',
  });

  it('signs in', async () => {
    await signIn(ui.page, ADMIN);
    await expect
      .poll(() => ui.page.getByTestId('user-menu').getAttribute('data-role'), { timeout: 20_000 })
      .toBe('admin');
  });

  it("shows Mentor's decision for the chart's instrument and the account, and explains it", async () => {
    await ui.page.goto(`${ui.host.url}/#/chart`);
    await ui.page.getByTestId('instrument-picker').selectOption('ESZ6');
    const panel = ui.page.getByTestId('mentor-panel');
    await expect.poll(() => panel.getAttribute('data-state'), { timeout: 20_000 }).toBe('live');
    await expect
      .poll(() => ui.page.getByTestId('mentor-ts').textContent(), { timeout: 20_000 })
      .toMatch(/^ESZ6 /);
    const bias = await panel.getAttribute('data-bias');
    expect(['long', 'short', 'flat']).toContain(bias);
    expect(await ui.page.getByTestId('mentor-bias').textContent()).toBe(bias?.toUpperCase());
    expect(await ui.page.getByTestId('mentor-account').textContent()).toBe('A1');
    expect(await ui.page.getByTestId('mentor-confidence').textContent()).toMatch(/confidence \d+%/);
    for (const id of ['mentor-entry', 'mentor-stop', 'mentor-target', 'mentor-rr', 'mentor-quantity'])
      expect((await ui.page.getByTestId(id).textContent())?.trim()).not.toBe('');
    if (bias !== 'flat') {
      expect(await ui.page.getByTestId('mentor-entry').textContent()).toMatch(/^\d+\.\d{2}$/);
      expect(await ui.page.getByTestId('mentor-rr').textContent()).toMatch(/^1 : \d+\.\d{2}$/);
    }
    const lines = await ui.page.getByTestId('mentor-rationale-line').allTextContents();
    expect(lines.some((l) => l.startsWith('Trend:'))).toBe(true);
    expect(lines.some((l) => l.startsWith('Decision:'))).toBe(true);
    expect(await ui.page.getByTestId('mentor-input-atr').textContent()).toMatch(/ATR\s*\d/);
    expect(ui.pageErrors).toEqual([]);
  });
});
