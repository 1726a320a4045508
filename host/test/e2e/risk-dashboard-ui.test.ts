import { describe, expect, it } from 'vitest';
import { ADMIN, deskConfig, MENTOR_PLUGINS, signIn, useUiHost } from './fixture.js';

const TIMEOUT = 180_000;

describe('the risk dashboard on the chart (Chromium)', { timeout: TIMEOUT }, () => {
  const ui = useUiHost({
    timeout: TIMEOUT,
    viewport: { width: 1500, height: 950 },
    admin: ADMIN,
    config: deskConfig(MENTOR_PLUGINS),
    path: '/#/signin',
  });
  const dashboard = () => ui.page.getByTestId('risk-dashboard');
  const attr = (name: string) => dashboard().getAttribute(name);
  /** The dashboard shows Mentor's entry, stop and target (all "—" when Mentor is flat). */
  const sameAsMentor = async () => {
    for (const key of ['entry', 'stop', 'target'])
      if (
        (await ui.page.getByTestId(`risk-${key}`).textContent()) !==
        (await ui.page.getByTestId(`mentor-${key}`).textContent())
      )
        return false;
    return true;
  };

  it('signs in and opens the chart of ESZ6', async () => {
    await signIn(ui.page, ADMIN);
    await expect
      .poll(() => ui.page.getByTestId('user-menu').getAttribute('data-role'), { timeout: 20_000 })
      .toBe('admin');
    await ui.page.goto(`${ui.host.url}/#/chart`);
    await ui.page.getByTestId('instrument-picker').selectOption('ESZ6');
    await expect
      .poll(() => ui.page.getByTestId('chart').getAttribute('data-bars'), { timeout: 20_000 })
      .not.toBe('0');
  });

  it("follows Mentor's levels by default and draws its zones", async () => {
    const panel = ui.page.getByTestId('mentor-panel');
    await expect.poll(() => panel.getAttribute('data-state'), { timeout: 20_000 }).toBe('live');
    await expect
      .poll(() => ui.page.getByTestId('mentor-ts').textContent(), { timeout: 20_000 })
      .toMatch(/^ESZ6 /);
    expect(await attr('data-mode')).toBe('mentor');
    // The dashboard shows Mentor's entry, stop and target (both "—" when Mentor is flat).
    await expect.poll(sameAsMentor).toBe(true);
    // Two zones when Mentor has a trade, none when it is flat (read together: a new bar may change both).
    await expect
      .poll(async () => {
        const flat = (await panel.getAttribute('data-bias')) === 'flat';
        return (await ui.page.getByTestId('risk-overlay').getAttribute('data-zones')) === (flat ? '0' : '2');
      })
      .toBe(true);
  });

  it('places a plan at the price: the entry line, the red and the green zone are drawn', async () => {
    await ui.page.getByTestId('risk-place').click();
    expect(await attr('data-mode')).toBe('manual');
    expect(await attr('data-side')).toBe('buy');
    await expect.poll(() => ui.page.getByTestId('risk-overlay').getAttribute('data-zones')).toBe('2');
    for (const key of ['entry', 'stop', 'target'])
      await expect.poll(() => ui.page.getByTestId(`risk-handle-${key}`).isVisible()).toBe(true);
    expect(await attr('data-rr')).toBe('2.00');
    expect(await ui.page.getByTestId('risk-rr').textContent()).toBe('1 : 2.00');
    expect(await ui.page.getByTestId('risk-live-rr').textContent()).toMatch(/^(1 : \d+\.\d{2}|—)$/);
    expect(await ui.page.getByTestId('risk-equity').getAttribute('data-value')).toMatch(/^\d+(\.\d+)?$/);
    expect(await attr('data-quantity')).toMatch(/^[1-9]\d*$/);
  });

  it('drags the stop handle with the mouse: R:R and the quantity follow', async () => {
    const before = {
      stop: await attr('data-stop'),
      rr: await attr('data-rr'),
      qty: await attr('data-quantity'),
    };
    const handle = ui.page.getByTestId('risk-handle-stop');
    const box = await handle.boundingBox();
    if (!box) throw new Error('the stop handle has no box');
    const x = box.x + box.width / 3;
    const y = box.y + box.height / 2;
    await ui.page.mouse.move(x, y);
    await ui.page.mouse.down();
    await ui.page.mouse.move(x, y + 20, { steps: 4 });
    await ui.page.mouse.move(x, y + 40, { steps: 4 });
    await ui.page.mouse.up();
    await expect.poll(() => attr('data-stop')).not.toBe(before.stop);
    // A long's stop dragged down: more risk per contract, so a lower ratio and fewer contracts.
    expect(Number(await attr('data-stop'))).toBeLessThan(Number(before.stop));
    expect(await handle.getAttribute('data-price')).toBe(await attr('data-stop'));
    expect(Number(await attr('data-rr'))).toBeLessThan(Number(before.rr));
    expect(Number(await attr('data-quantity'))).toBeLessThan(Number(before.qty));
    expect(await ui.page.getByTestId('risk-quantity').getAttribute('data-value')).toBe(
      await attr('data-quantity'),
    );
    expect(await attr('data-mode')).toBe('manual');
  });

  it('sizes from the risk % typed in', async () => {
    const one = Number(await attr('data-quantity'));
    await ui.page.getByTestId('risk-percent').fill('2');
    await expect.poll(async () => Number(await attr('data-quantity'))).toBeGreaterThan(one);
    await ui.page.getByTestId('risk-percent').fill('1');
    await expect.poll(async () => Number(await attr('data-quantity'))).toBe(one);
  });

  it('fills the order ticket: side, limit price at the entry, quantity', async () => {
    await ui.page.getByTestId('risk-fill').click();
    const entry = await attr('data-entry');
    const quantity = await attr('data-quantity');
    await expect.poll(() => ui.page.getByTestId('ticket-side-buy').getAttribute('aria-checked')).toBe('true');
    expect(await ui.page.getByTestId('ticket-type').inputValue()).toBe('limit');
    expect(await ui.page.getByTestId('ticket-limit-price').inputValue()).toBe(entry);
    expect(await ui.page.getByTestId('ticket-quantity').inputValue()).toBe(quantity);
  });

  it('binds to Mentor again', async () => {
    await ui.page.getByTestId('risk-bind').click();
    expect(await attr('data-mode')).toBe('mentor');
    await expect.poll(sameAsMentor).toBe(true);
    expect(ui.pageErrors).toEqual([]);
  });
});
